import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { COMPANY_ROLES, TEAM_ROLES, type CompanyRole, type TeamRole } from '../../../src/domain/roles.js';
import { Api, ApiError, type Company, type Invitation, type InviteRowAnswer, type Team, type TeamPolicy } from '../api.js';
import { UnverifiedEmailNotice } from '../email-notice.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { formats, messages } from '../i18n/messages.js';
import { roleLabel, whyNotGrantable } from '../roles.js';
import { useSession } from '../session.js';
import { ActionsMenu, CheckboxField, Confirm, FormModal, Loading, shownMoment, toggled } from '../ui.js';
import { giveBackFor, GiveBackHint, useCsvInvite, withGivenBack, type GiveBack } from './invite-many.js';
import { useMediaQuery, useTeams } from './members.js';

/** teamId → the roles to grant there; a team in the map is a team the invitee joins. */
type Grants = Map<string, Set<TeamRole>>;

const grantsToBody = (grants: Grants) =>
  [...grants].map(([teamId, roles]) => ({ teamId, roles: TEAM_ROLES.filter((role) => roles.has(role)) }));

/**
 * The teams the viewer may invite into (hidden teams take no invitations), each with the roles they
 * may grant there: the server's `policies` beside the teams.
 */
function TeamGrantsEditor({
  teams,
  policies,
  grants,
  onChange,
}: {
  teams: Team[];
  policies: TeamPolicy[];
  grants: Grants;
  onChange: (grants: Grants) => void;
}) {
  const said = messages().invitations;
  const policyOf = new Map(policies.map((policy) => [policy.teamId, policy]));
  const open = teams.filter((team) => !team.hidden && policyOf.get(team.id)?.can['member.invite'] === true);
  if (open.length === 0) return <p>{said.cannotInvite}</p>;
  const update = (teamId: string, roles: Set<TeamRole> | null) => {
    const next = new Map(grants);
    if (roles === null) next.delete(teamId);
    else next.set(teamId, roles);
    onChange(next);
  };
  return (
    <fieldset>
      <legend>{said.teamsAndRoles}</legend>
      {open.map((team) => {
        const chosen = grants.get(team.id);
        const grantable = new Set(policyOf.get(team.id)?.grantableRoles);
        return (
          <div key={team.id} className="team-grant">
            <CheckboxField label={said.addTo(team.name)} checked={chosen !== undefined} onCheckedChange={(on) => update(team.id, on ? new Set() : null)} />
            {chosen !== undefined && (
              <div className="nested" role="group" aria-label={said.rolesIn(team.name)}>
                {TEAM_ROLES.map((role) => (
                  <CheckboxField
                    key={role}
                    label={roleLabel(role)}
                    checked={chosen.has(role)}
                    disabled={!grantable.has(role)}
                    {...(grantable.has(role) ? {} : { hint: whyNotGrantable(role) })}
                    onCheckedChange={(on) => update(team.id, toggled(chosen, role, on))}
                  />
                ))}
              </div>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

/** The words under the emails of a refusal that names some of them (`emails` of the problem). */
function refusedEmails(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const emails = error.extra.emails;
  if (!Array.isArray(emails) || emails.length === 0) return undefined;
  const said = messages().invitations;
  const listed = formats().and(emails.map(String));
  if (error.code === 'ALREADY_MEMBER') return said.alreadyMember(listed);
  if (error.code === 'INVITATION_ALREADY_PENDING') return said.alreadyInvited(listed);
  return said.noMoreToday(listed);
}

/**
 * Invite members: several emails at once with the teams and roles to grant and an optional
 * message, or many people each with their own (a CSV file, invite-many.tsx). A refusal shows by
 * the buttons, which stay in view, and under the emails it names. Closed (Escape, Cancel, sent),
 * the focus goes back to the control that opened it.
 */
export function InviteMembers({
  company,
  invitableCompanyRoles,
  open,
  onOpenChange,
  onSent,
  teamId,
}: {
  company: Company;
  /** The company roles the viewer may invite with (the company's `invitableCompanyRoles`). */
  invitableCompanyRoles: CompanyRole[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSent: (count: number) => void;
  /** A team chosen from the start (inviting from a team's page). */
  teamId?: string;
}) {
  const client = useQueryClient();
  const said = messages().invitations;
  const { me } = useSession();
  const teams = useTeams(company.id);
  const emailsId = useId();
  const messageId = useId();
  const [mode, setMode] = useState<'same' | 'csv'>('same');
  const [emails, setEmails] = useState('');
  const [message, setMessage] = useState('');
  const [grants, setGrants] = useState<Grants>(new Map(teamId === undefined ? [] : [[teamId, new Set()]]));
  const [companyRoles, setCompanyRoles] = useState<Set<CompanyRole>>(new Set());
  // The control that opened the dialog (it has the focus as the dialog mounts): the focus goes back
  // there when the dialog goes, however it is closed.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(
    () => () => {
      window.setTimeout(() => {
        if (opener?.isConnected === true) opener.focus();
      }, 0);
    },
    [opener],
  );
  const csv = useCsvInvite({
    companyId: company.id,
    teams: teams.data?.items ?? [],
    policies: teams.data?.policies ?? [],
    invitableCompanyRoles,
    message,
  });
  const emailList = emails
    .split(/[\s,;]+/)
    .map((email) => email.trim())
    .filter((email) => email !== '');
  // §4 "Invite many", reinstating: before sending, the emails of members removed in the last 90
  // days are offered what they held (null: not asked yet for these emails and teams).
  const [offers, setOffers] = useState<Map<string, GiveBack> | null>(null);
  const [given, setGiven] = useState<Set<string>>(new Set());
  const chosenCompanyRoles = COMPANY_ROLES.filter((role) => companyRoles.has(role));
  const rowOf = (email: string) => ({ email, teams: grantsToBody(grants), ...(chosenCompanyRoles.length > 0 ? { companyRoles: chosenCompanyRoles } : {}) });
  const personal = message.trim() === '' ? {} : { message: message.trim() };
  const invite = useMutation({
    mutationFn: async (): Promise<{ sent: number; refused: InviteRowAnswer[] } | null> => {
      const policies = { teams: teams.data?.items ?? [], policies: teams.data?.policies ?? [], invitableCompanyRoles };
      if (offers === null && grants.size > 0 && emailList.length > 0 && emailList.length <= 100) {
        const { items } = await Api.inviteMany(company.id, { rows: emailList.map(rowOf), dryRun: true });
        const found = new Map(items.flatMap((item) => {
          const back = item.result === 'valid' ? giveBackFor(item.previous, policies) : null;
          return back === null ? [] : [[item.email, back] as const];
        }));
        if (found.size > 0) {
          setOffers(found);
          return null;
        }
      }
      if (given.size === 0) {
        const { items } = await Api.invite(company.id, { emails: emailList, teams: grantsToBody(grants), ...(chosenCompanyRoles.length > 0 ? { companyRoles: chosenCompanyRoles } : {}), ...personal });
        return { sent: items.length, refused: [] };
      }
      // Given back to some: each person their own teams and roles, answered per email.
      const rows = emailList.map((email) => withGivenBack(rowOf(email.trim().toLowerCase()), given.has(email.trim().toLowerCase()) ? (offers?.get(email.trim().toLowerCase()) ?? null) : null));
      const { items } = await Api.inviteMany(company.id, { rows, ...personal });
      return { sent: items.filter((item) => item.result === 'invited').length, refused: items.filter((item) => item.result === 'refused') };
    },
    onSuccess: async (outcome) => {
      if (outcome === null) return;
      await client.invalidateQueries({ queryKey: ['invitations', company.id] });
      if (outcome.refused.length > 0) {
        // The invited ones leave the list; the refused stay, each with its reason.
        setEmails(outcome.refused.map((item) => item.email).join('\n'));
        setRefusedRows(outcome.refused);
        setOffers(null);
        setGiven(new Set());
        if (outcome.sent > 0) onSent(outcome.sent);
        return;
      }
      onSent(outcome.sent);
      onOpenChange(false);
    },
  });
  const [refusedRows, setRefusedRows] = useState<InviteRowAnswer[]>([]);
  const changed = () => {
    setOffers(null);
    setGiven(new Set());
    setRefusedRows([]);
  };
  const emailsError =
    fieldMessage(invite.error, 'emails') ??
    refusedEmails(invite.error) ??
    (refusedRows.length > 0 ? refusedRows.map((item) => `${item.email}: ${item.detail ?? item.code ?? ''}`).join('; ') : undefined) ??
    (emailList.length === 0 && invite.isError ? said.enterEmail : undefined);
  const teamsError = fieldMessage(invite.error, 'teams');
  const closeCsv = async () => {
    await client.invalidateQueries({ queryKey: ['invitations', company.id] });
    if (csv.invited > 0) onSent(csv.invited);
    onOpenChange(false);
  };
  const many = mode === 'csv';
  const csvError = csv.error instanceof Error && !(csv.error instanceof ApiError) ? csv.error.message : null;
  return (
    <FormModal
      open={open}
      onClose={() => (many && csv.done ? void closeCsv() : onOpenChange(false))}
      title={said.inviteMembers}
      description={said.inviteDescription(company.name)}
      onSubmit={() => (many ? (csv.done ? void closeCsv() : csv.submit()) : invite.mutate())}
      submitLabel={many ? csv.submitLabel : said.send}
      pendingLabel={many ? csv.pendingLabel : said.sending}
      pending={many ? csv.pending : invite.isPending}
      canSubmit={many ? csv.canSubmit : true}
      hideCancel={many && csv.done}
      footer={
        many ? (
          csvError !== null ? (
            <p className="error" role="alert">
              {csvError}
            </p>
          ) : (
            <ErrorMessage error={csv.error} />
          )
        ) : (
          <FormError error={invite.error} fields={['emails', 'teams', 'message']} />
        )
      }
    >
      {/* An unconfirmed sender is refused (EMAIL_NOT_VERIFIED): the way to a new link, in the dialog, what was typed kept. */}
      {me && <UnverifiedEmailNotice me={me} />}
      <fieldset className="choice">
        <legend>{said.howToInvite}</legend>
        <label>
          <input type="radio" name="invite-mode" checked={!many} onChange={() => setMode('same')} /> {said.sameTeams}
        </label>
        <label>
          <input type="radio" name="invite-mode" checked={many} onChange={() => setMode('csv')} /> {said.manyPeople}
        </label>
      </fieldset>
      {many && csv.view}
      {!many && (
        <>
          <div className="field">
            <label htmlFor={emailsId}>{said.emails}</label>
            <span className="hint" id={`${emailsId}-hint`}>
              {said.emailsHint}
            </span>
            <textarea
              id={emailsId}
              rows={3}
              value={emails}
              onChange={(e) => {
                setEmails(e.target.value);
                changed();
              }}
              aria-describedby={`${emailsId}-hint${emailsError === undefined ? '' : ` ${emailsId}-error`}`}
              aria-invalid={emailsError === undefined ? undefined : true}
            />
            {emailsError !== undefined && (
              <span className="field-error" id={`${emailsId}-error`}>
                {emailsError}
              </span>
            )}
          </div>
          {teams.isPending && <Loading label={said.loadingTeams} reserve={3} />}
          <ErrorMessage error={teams.error} />
          {teams.data && (
            <TeamGrantsEditor
              teams={teams.data.items}
              policies={teams.data.policies}
              grants={grants}
              onChange={(next) => {
                setGrants(next);
                changed();
              }}
            />
          )}
          {teamsError !== undefined && <p className="field-error">{said.chooseTeam}</p>}
          {invitableCompanyRoles.length > 0 && (
            <fieldset>
              <legend>{said.companyRoles}</legend>
              {COMPANY_ROLES.map((role) => (
                <CheckboxField
                  key={role}
                  label={roleLabel(role)}
                  checked={companyRoles.has(role)}
                  onCheckedChange={(on) => {
                    setCompanyRoles((current) => toggled(current, role, on));
                    changed();
                  }}
                />
              ))}
            </fieldset>
          )}
          {offers !== null && (
            <fieldset className="give-back">
              <legend>{said.removedLately(company.name)}</legend>
              {[...offers].map(([email, back]) => (
                <div key={email}>
                  <label>
                    <input
                      type="checkbox"
                      checked={given.has(email)}
                      aria-label={said.giveBackTo(email)}
                      onChange={(event) => {
                        const on = event.target.checked;
                        setGiven((current) => toggled(current, email, on));
                      }}
                    />{' '}
                    {said.giveBack(email)}
                  </label>
                  <GiveBackHint giveBack={back} teamName={(teamId) => teams.data?.items.find((team) => team.id === teamId)?.name ?? said.teamGone} />
                </div>
              ))}
            </fieldset>
          )}
        </>
      )}
      {!(many && csv.done) && (
        <div className="field">
          <label htmlFor={messageId}>{said.message}</label>
          <textarea id={messageId} rows={3} maxLength={1000} value={message} onChange={(e) => setMessage(e.target.value)} />
        </div>
      )}
    </FormModal>
  );
}

/** Edit a pending invitation's teams and roles. */
function EditInvitation({ company, invitation, onClose }: { company: Company; invitation: Invitation; onClose: () => void }) {
  const client = useQueryClient();
  const teams = useTeams(company.id);
  const [grants, setGrants] = useState<Grants>(new Map(invitation.teams.map((team) => [team.teamId, new Set(team.roles)])));
  const save = useMutation({
    mutationFn: () => Api.updateInvitation(company.id, invitation.id, grantsToBody(grants)),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['invitations', company.id] });
      onClose();
    },
  });
  return (
    <FormModal
      onClose={onClose}
      title={messages().invitations.editTitle(invitation.email)}
      onSubmit={() => save.mutate()}
      submitLabel={messages().invitations.saveInvitation}
      pendingLabel={messages().common.saving}
      pending={save.isPending}
    >
      {teams.data && <TeamGrantsEditor teams={teams.data.items} policies={teams.data.policies} grants={grants} onChange={setGrants} />}
      <ErrorMessage error={save.error} />
    </FormModal>
  );
}

/** One status of the company's invitations, 100 at a time, oldest first; more on request. */
function useInvitations(companyId: string, status: 'pending' | 'expired') {
  const query = useInfiniteQuery({
    queryKey: ['invitations', companyId, status],
    queryFn: ({ pageParam }) => Api.invitations(companyId, status, pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** The button that reads a list's next page, while there is one. */
function ShowMore({ query, label }: { query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> }; label: string }) {
  if (!query.hasNextPage) return null;
  return (
    <button type="button" className="secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
      {query.isFetchingNextPage ? messages().common.loading : label}
    </button>
  );
}


/** The name of an invitation's (…) button. */
const actionsLabel = (invitation: Invitation) => messages().invitations.actionsFor(invitation.email);

/** Pending invitations with resend, edit and revoke; expired ones apart, with resend and revoke. */
export function PendingInvitations({ company, invitableCompanyRoles }: { company: Company; invitableCompanyRoles: CompanyRole[] }) {
  const client = useQueryClient();
  const said = messages().invitations;
  const teams = useTeams(company.id);
  const pending = useInvitations(company.id, 'pending');
  const expired = useInvitations(company.id, 'expired');
  const [editing, setEditing] = useState<Invitation | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [inviting, setInviting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const phone = useMediaQuery('(max-width: 700px)');
  const teamName = (teamId: string) => teams.data?.items.find((team) => team.id === teamId)?.name ?? said.aTeam;
  const refresh = () => client.invalidateQueries({ queryKey: ['invitations', company.id] });

  const resend = useMutation({
    mutationFn: (invitation: Invitation) => Api.resendInvitation(company.id, invitation.id),
    onSuccess: async ({ invitation }) => {
      setNotice(said.resentNotice(invitation.email));
      await refresh();
    },
  });
  // A revoked invitation's row goes, and with it the (…) button the focus went back to: the focus
  // then goes to the next row's (or the one before), or to the list's heading when none is left.
  const [refocus, setRefocus] = useState<{ gone: string; next: string | null } | null>(null);
  const revoke = useMutation({
    mutationFn: (invitation: Invitation) => Api.revokeInvitation(company.id, invitation.id),
    onSuccess: async (_answer, invitation) => {
      const rows = pending.items.some((item) => item.id === invitation.id) ? pending.items : expired.items;
      const at = rows.findIndex((item) => item.id === invitation.id);
      const neighbour = rows[at + 1] ?? rows[at - 1];
      setRefocus({ gone: invitation.id, next: neighbour === undefined ? null : actionsLabel(neighbour) });
      setNotice(said.revokedNotice(invitation.email));
      setRevoking(null);
      await refresh();
    },
  });
  useEffect(() => {
    if (refocus === null || [...pending.items, ...expired.items].some((item) => item.id === refocus.gone)) return;
    setRefocus(null);
    const next = refocus.next === null ? null : document.querySelector<HTMLElement>(`button[aria-label="${CSS.escape(refocus.next)}"]`);
    (next ?? document.getElementById('invitations-heading'))?.focus();
  }, [refocus, pending.items, expired.items]);

  const list = (invitations: Invitation[], kind: 'pending' | 'expired') => {
    const actions = (invitation: Invitation) => (
      <ActionsMenu
        label={actionsLabel(invitation)}
        items={[
          { label: said.resend, onSelect: () => resend.mutate(invitation) },
          ...(kind === 'pending' ? [{ label: said.edit, onSelect: () => setEditing(invitation) }] : []),
          { label: said.revoke, danger: true, onSelect: () => setRevoking(invitation) },
        ]}
      />
    );
    const grants = (invitation: Invitation) =>
      invitation.teams
        .map((team) => `${teamName(team.teamId)}${team.roles.length > 0 ? ` (${team.roles.map(roleLabel).join(', ')})` : ''}`)
        .concat(invitation.companyRoles.map(roleLabel))
        .join('; ');
    const when = (invitation: Invitation) => (kind === 'pending' ? said.expiresAt : said.expiredAt)(shownMoment(invitation.expiresAt));
    if (phone) {
      return (
        <ul className="cards" aria-label={kind === 'pending' ? said.pending : said.expiredList}>
          {invitations.map((invitation) => (
            <li key={invitation.id} className="card">
              <div className="card-head">
                <strong className="email">{invitation.email}</strong>
                {actions(invitation)}
              </div>
              <p>{grants(invitation)}</p>
              <p className="muted">{when(invitation)}</p>
            </li>
          ))}
        </ul>
      );
    }
    return (
      <table>
        <caption className="visually-hidden">{kind === 'pending' ? said.pending : said.expiredList}</caption>
        <thead>
          <tr>
            <th scope="col">{said.email}</th>
            <th scope="col">{said.teamsAndRoles}</th>
            <th scope="col">{kind === 'pending' ? said.expires : said.expired}</th>
            <th scope="col">
              <span className="visually-hidden">{said.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((invitation) => (
            <tr key={invitation.id}>
              <th scope="row" className="email">
                {invitation.email}
              </th>
              <td>{grants(invitation)}</td>
              <td>{shownMoment(invitation.expiresAt)}</td>
              <td className="row-actions">{actions(invitation)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  };

  return (
    <section aria-labelledby="invitations-heading">
      <div className="heading-row">
        <h1 id="invitations-heading" tabIndex={-1}>
          {said.pending}
        </h1>
        <button type="button" onClick={() => setInviting(true)}>
          {said.inviteMembers}
        </button>
      </div>
      {inviting && (
        <InviteMembers
          company={company}
          invitableCompanyRoles={invitableCompanyRoles}
          open={inviting}
          onOpenChange={setInviting}
          onSent={(count) => setNotice(said.sent(count))}
        />
      )}
      {notice !== null && <p role="status">{notice}</p>}
      <ErrorMessage error={resend.error} />

      {pending.isPending && <Loading label={said.loading} reserve={5} />}
      <ErrorMessage error={pending.error} />
      {pending.isSuccess && pending.items.length === 0 && <p>{said.nonePending}</p>}
      {pending.items.length > 0 && list(pending.items, 'pending')}
      <ShowMore query={pending} label={said.showMore} />

      <h2>{said.expiredHeading}</h2>
      {expired.isPending && <Loading label={said.loadingExpired} reserve={3} />}
      <ErrorMessage error={expired.error} />
      {expired.isSuccess && expired.items.length === 0 && <p>{said.noneExpired}</p>}
      {expired.items.length > 0 && list(expired.items, 'expired')}
      <ShowMore query={expired} label={said.showMoreExpired} />

      {editing !== null && <EditInvitation company={company} invitation={editing} onClose={() => setEditing(null)} />}
      <Confirm
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) setRevoking(null);
        }}
        title={said.revokeTitle(revoking?.email ?? '')}
        consequences={<p>{said.revokeConsequences}</p>}
        confirmLabel={said.revoke}
        busy={revoke.isPending}
        error={<ErrorMessage error={revoke.error} />}
        onConfirm={() => {
          if (revoking !== null) revoke.mutate(revoking);
        }}
      />
    </section>
  );
}
