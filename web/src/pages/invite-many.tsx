import { useId, useState, type ReactNode } from 'react';
import type { CsvRow } from '../../../src/domain/invitation-csv.js';
import { csvProblemWords } from '../csv-problems.js';
import { COMPANY_ROLES, TEAM_ROLES, type CompanyRole, type TeamRole } from '../../../src/domain/roles.js';
import { Api, type InviteRowAnswer, type Team, type TeamPolicy } from '../api.js';
import { messages } from '../i18n/messages.js';
import { roleLabel, roleLabels } from '../roles.js';
import { shownMoment } from '../ui.js';

/** The words of inviting by CSV, in the page's language. */
const said = () => messages().inviteMany;

/** The API takes up to 1,000 rows per request: a longer file goes in several. */
const ROWS_PER_REQUEST = 1000;

type Grant = { teamId: string; roles: TeamRole[] };
type Row = { email: string; teams: Grant[]; companyRoles?: CompanyRole[] };

/** What the inviter may give back of a former member's teams and roles, and what not. */
export interface GiveBack {
  teams: Grant[];
  companyRoles: CompanyRole[];
  /** What is left out, in words: roles the inviter may not grant, hidden teams. */
  leftOut: string[];
  removedAt: string;
}

/** A row of the file with the server's check of it (or the reader's refusal). */
interface Checked {
  row: CsvRow;
  answer: InviteRowAnswer | null;
  giveBack: GiveBack | null;
}

/** Of what a former member held, what this inviter may give back (the server checks again). */
export function giveBackFor(
  previous: InviteRowAnswer['previous'],
  { teams, policies, invitableCompanyRoles }: { teams: Team[]; policies: TeamPolicy[]; invitableCompanyRoles: CompanyRole[] },
): GiveBack | null {
  if (previous === undefined) return null;
  const leftOut: string[] = [];
  const grants: Grant[] = [];
  for (const grant of previous.teams) {
    const team = teams.find((candidate) => candidate.id === grant.teamId);
    const policy = policies.find((candidate) => candidate.teamId === grant.teamId);
    if (!team || team.hidden || policy?.can['member.invite'] !== true) {
      const name = team?.name ?? said().goneTeam;
      leftOut.push(team?.hidden === true ? said().hiddenTeam(name) : name);
      continue;
    }
    const roles = grant.roles.filter((role) => policy.grantableRoles.includes(role));
    for (const role of grant.roles.filter((role) => !roles.includes(role))) leftOut.push(said().roleIn(roleLabel(role), team.name));
    grants.push({ teamId: grant.teamId, roles });
  }
  const companyRoles = previous.companyRoles.filter((role) => invitableCompanyRoles.includes(role));
  for (const role of previous.companyRoles.filter((role) => !companyRoles.includes(role))) leftOut.push(roleLabel(role));
  return { teams: grants, companyRoles, leftOut, removedAt: previous.removedAt };
}

/** A row's own teams and roles with what is given back added (null: nothing given back). */
export function withGivenBack(row: { email: string; teams: Grant[]; companyRoles?: CompanyRole[] }, back: GiveBack | null): Row {
  const teamsOut = new Map(row.teams.map((grant) => [grant.teamId, new Set(grant.roles)]));
  for (const grant of back?.teams ?? []) teamsOut.set(grant.teamId, new Set([...(teamsOut.get(grant.teamId) ?? []), ...grant.roles]));
  const companyRoles = new Set([...(row.companyRoles ?? []), ...(back?.companyRoles ?? [])]);
  return {
    email: row.email,
    teams: [...teamsOut].map(([teamId, roles]) => ({ teamId, roles: TEAM_ROLES.filter((role) => roles.has(role)) })),
    ...(companyRoles.size > 0 ? { companyRoles: COMPANY_ROLES.filter((role) => companyRoles.has(role)) } : {}),
  };
}

/** Teams with their roles, as short text: "Sales (Recruiter); General". */
const grantsText = (grants: readonly Grant[], teamName: (teamId: string) => string): string =>
  grants.map((grant) => `${teamName(grant.teamId)}${grant.roles.length > 0 ? ` (${roleLabels(grant.roles)})` : ''}`).join('; ');

/** What was held, and when it was lost, in words: `Removed 5 Dec: Sales (Recruiter); Finance admin`. */
export function GiveBackHint({ giveBack, teamName }: { giveBack: GiveBack; teamName: (teamId: string) => string }) {
  const words = said();
  const held = [grantsText(giveBack.teams, teamName), ...(giveBack.companyRoles.length > 0 ? [roleLabels(giveBack.companyRoles)] : [])].join('; ');
  return (
    <>
      <span className="hint">{words.removed(shownMoment(giveBack.removedAt), held)}</span>
      {giveBack.leftOut.length > 0 && <span className="hint">{words.notGivenBack(giveBack.leftOut.join(', '))}</span>}
    </>
  );
}

/** Where the CSV part of the Invite members dialog stands. */
export interface CsvInvite {
  /** The dialog's primary button. */
  submitLabel: string;
  pendingLabel: string;
  canSubmit: boolean;
  pending: boolean;
  /** Whether the next submit closes the dialog (the results are shown). */
  done: boolean;
  error: unknown;
  submit: () => void;
  /** The fields and tables, for the dialog's body. */
  view: ReactNode;
  /** How many were invited, once sent. */
  invited: number;
}

/**
 * Invite many people from a CSV file (RULES.md §4 "Invite many"): pasted or uploaded, read by the
 * one reader of the invitation file, checked by the server's dry run in a preview table (with an
 * offer to give back what a member removed in the last 90 days held), then sent; the answer per
 * row replaces the preview.
 */
export function useCsvInvite({
  companyId,
  teams,
  policies,
  invitableCompanyRoles,
  message,
}: {
  companyId: string;
  teams: Team[];
  policies: TeamPolicy[];
  invitableCompanyRoles: CompanyRole[];
  message: string;
}): CsvInvite {
  const textId = useId();
  const fileId = useId();
  const [text, setText] = useState('');
  const [checked, setChecked] = useState<Checked[] | null>(null);
  const [given, setGiven] = useState<Set<number>>(new Set());
  const [results, setResults] = useState<Checked[] | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const words = said();
  const teamName = (teamId: string) => teams.find((team) => team.id === teamId)?.name ?? words.goneTeam;

  const giveBackOf = (previous: InviteRowAnswer['previous']) => giveBackFor(previous, { teams, policies, invitableCompanyRoles });

  /** The rows to send: a row's own teams, with what is given back added. */
  const toSend = (items: Checked[]): { index: number; row: Row }[] =>
    items.flatMap((item, index) => {
      const { row } = item;
      if (row.error !== undefined || item.answer?.result !== 'valid') return [];
      const back = given.has(index) ? item.giveBack : null;
      return [{ index, row: withGivenBack(row, back) }];
    });

  /** Sends rows in requests of ROWS_PER_REQUEST; the answers in the order of the rows. */
  const send = async (rows: Row[], dryRun: boolean): Promise<InviteRowAnswer[]> => {
    const answers: InviteRowAnswer[] = [];
    for (let start = 0; start < rows.length; start += ROWS_PER_REQUEST) {
      const { items } = await Api.inviteMany(companyId, {
        rows: rows.slice(start, start + ROWS_PER_REQUEST),
        dryRun,
        ...(message.trim() === '' ? {} : { message: message.trim() }),
      });
      answers.push(...items);
    }
    return answers;
  };

  const check = async () => {
    // The CSV reader (csv-parse, and zod's email rule) is loaded when a file is first checked, not with the page.
    const { parseInvitationCsv } = await import('../../../src/domain/invitation-csv.js');
    const file = parseInvitationCsv(text, teams);
    if (file.problem !== undefined) throw new Error(csvProblemWords(file.problem));
    if (file.rows.length === 0) throw new Error(said().noRows);
    const readable = file.rows.flatMap((row) => (row.error === undefined ? [{ email: row.email, teams: row.teams, companyRoles: row.companyRoles }] : []));
    const answers = await send(readable, true);
    let next = 0;
    const items = file.rows.map((row): Checked => {
      if (row.error !== undefined) return { row, answer: null, giveBack: null };
      const answer = answers[next++] ?? null;
      return { row, answer, giveBack: answer?.result === 'valid' ? giveBackOf(answer.previous) : null };
    });
    setChecked(items);
    setGiven(new Set());
  };

  const invite = async (items: Checked[]) => {
    const sending = toSend(items);
    const answers = await send(
      sending.map((item) => item.row),
      false,
    );
    const byIndex = new Map(sending.map((item, i) => [item.index, answers[i] ?? null]));
    setResults(items.map((item, index) => ({ ...item, answer: byIndex.get(index) ?? item.answer })));
  };

  const sendable = checked === null ? 0 : toSend(checked).length;
  const run = (work: () => Promise<void>) => {
    setPending(true);
    setError(null);
    work()
      .catch((failure: unknown) => setError(failure))
      .finally(() => setPending(false));
  };
  const invited = results?.filter((item) => item.answer?.result === 'invited').length ?? 0;

  const status = (item: Checked, sent: boolean): string => {
    if (item.row.problem !== undefined) return words.notSentBecause(csvProblemWords(item.row.problem));
    if (item.answer === null) return sent ? words.notSent : '';
    if (item.answer.result === 'invited') return words.invited;
    if (item.answer.result === 'valid') return sent ? words.notSent : words.ready;
    return words.refused(item.answer.detail ?? item.answer.code ?? '');
  };
  const rowsTable = (items: Checked[], caption: string, sent: boolean) => (
    // Scrolls sideways on a phone: a region the keyboard can reach and scroll.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={words.scrollable(caption)}>
      <table aria-label={caption}>
        <thead>
          <tr>
            <th scope="col">{words.line}</th>
            <th scope="col">{words.email}</th>
            <th scope="col">{words.teamsAndRoles}</th>
            <th scope="col">{sent ? words.result : words.check}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, index) => (
            <tr key={item.row.line}>
              <td>{item.row.line}</td>
              <td>{item.row.email === '' ? words.noEmail : item.row.email}</td>
              <td>
                {item.row.error === undefined ? grantsText(item.row.teams, teamName) : ''}
                {item.row.error === undefined && item.row.companyRoles.length > 0 ? `; ${roleLabels(item.row.companyRoles)}` : ''}
              </td>
              <td>
                <span className={item.answer?.result === 'refused' || item.row.error !== undefined ? 'error-text' : undefined}>{status(item, sent)}</span>
                {!sent && item.giveBack !== null && (
                  <div className="give-back">
                    <label>
                      <input
                        type="checkbox"
                        checked={given.has(index)}
                        aria-label={words.giveBackTo(item.row.email)}
                        onChange={(event) => {
                          const on = event.target.checked;
                          setGiven((current) => {
                            const next = new Set(current);
                            if (on) next.add(index);
                            else next.delete(index);
                            return next;
                          });
                        }}
                      />{' '}
                      {words.giveBack}
                    </label>
                    <GiveBackHint giveBack={item.giveBack} teamName={teamName} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  const view = results ? (
    <>
      <p role="status">{words.summary(invited, results.length - invited)}</p>
      {rowsTable(results, words.whatEachRowDid, true)}
    </>
  ) : (
    <>
      <div className="field">
        <label htmlFor={textId}>{words.people}</label>
        <span className="hint" id={`${textId}-hint`}>
          {words.format(<code key="header">email,teams,company_roles</code>, <code key="example">Sales (recruiter); General</code>)}
        </span>
        <textarea
          id={textId}
          rows={6}
          value={text}
          aria-describedby={`${textId}-hint`}
          onChange={(event) => {
            setText(event.target.value);
            setChecked(null);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={fileId}>{words.upload}</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file)
              void file.text().then((content) => {
                setText(content);
                setChecked(null);
              });
          }}
        />
      </div>
      {checked && rowsTable(checked, words.rowsToInvite, false)}
    </>
  );

  if (results) {
    const close = messages().common.close;
    return { submitLabel: close, pendingLabel: close, canSubmit: true, pending: false, done: true, error: null, submit: () => undefined, view, invited };
  }
  if (checked) {
    return {
      submitLabel: words.send(sendable),
      pendingLabel: words.sending,
      canSubmit: sendable > 0,
      pending,
      done: false,
      error,
      submit: () => run(() => invite(checked)),
      view,
      invited,
    };
  }
  return {
    submitLabel: words.checkRows,
    pendingLabel: words.checking,
    canSubmit: text.trim() !== '',
    pending,
    done: false,
    error,
    submit: () => run(check),
    view,
    invited,
  };
}
