import { readFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { inviteMany } from '../../commands/invite-many.js';
import { parseInvitationCsv } from '../../domain/invitation-csv.js';
import type { RowOutcome } from '../../model/invitations.js';
import { listTeams } from '../../queries/teams.js';
import { EXIT, required, type CliCommand } from '../program.js';
import { actingAs, actorIn, progressBar, withDatabase } from './shared.js';

/** One line of the report: a row of the file and what became of it. */
interface ReportLine {
  line: number;
  email: string;
  result: 'invited' | 'valid' | 'refused';
  code: string;
  detail: string;
  invitationId: string;
}

export const invitationsImport: CliCommand = {
  name: 'invitations import',
  summary: 'invite the people of a CSV file, each with their own teams and roles',
  help: `Usage: roster invitations import --company ID --file FILE [--dry-run] [--as EMAIL] [--message TEXT]

Invites the people of FILE into the company, each with the teams, team roles and company roles of
their row (docs/API.md "The invitation file"; docs/invitations-sample.csv):

  email,teams,company_roles
  ann@example.com,Engineering (hiring_manager; recruiter),
  bob@example.com,"Engineering; Sales (recruiter)",finance

Every row is checked by the rules of the API's invitations, as the person --as names (their rights
apply), else as the company's owner; the rows that pass are invited (a mail each, sent by the
server's mail worker) even when others are refused. Prints a report on standard output, as CSV:
line, email, result (invited, valid or refused), code and detail of a refusal, invitation id.
A progress bar shows on a terminal. Exit code 0 when every row passed, 3 when any was refused.

  --company ID       the company
  --file FILE        the CSV file
  --dry-run          check every row and change nothing (result: valid or refused)
  --as EMAIL         act as this person
  --message TEXT     a personal message for every invitation mail
`,
  options: {
    company: { type: 'string' },
    file: { type: 'string' },
    'dry-run': { type: 'boolean' },
    as: { type: 'string' },
    message: { type: 'string' },
  },
  run: async (values, io) => {
    const companyId = required(values, 'company');
    const text = await readFile(required(values, 'file'), 'utf8');
    return withDatabase(async (db, config) => {
      const actor = await actorIn(db, companyId, typeof values.as === 'string' ? values.as : undefined);
      const { items: teams } = await listTeams(db, actor.userId, companyId);
      const file = parseInvitationCsv(text, teams);
      if (file.error !== undefined) {
        io.stderr.write(`roster invitations import: ${file.error}\n`);
        return EXIT.failed;
      }
      const readable = file.rows.flatMap((row) => (row.error === undefined ? [row] : []));
      const bar = io.stderr.isTTY === true ? progressBar(io, readable.length) : undefined;
      const outcomes = await inviteMany(
        actingAs(db, config, actor.userId),
        companyId,
        {
          rows: readable,
          dryRun: values['dry-run'] === true,
          ...(typeof values.message === 'string' ? { message: values.message } : {}),
          via: 'cli',
        },
        (done) => bar?.update(done),
      );
      bar?.stop();
      const byLine = new Map(readable.map((row, index) => [row.line, outcomes[index]]));
      const report = file.rows.map((row): ReportLine => {
        const outcome = byLine.get(row.line);
        if (row.error !== undefined || outcome === undefined) {
          return { line: row.line, email: row.email, result: 'refused', code: 'VALIDATION_FAILED', detail: row.error ?? '', invitationId: '' };
        }
        return reportLine(row.line, outcome);
      });
      io.stdout.write(
        stringify(report, { header: true, columns: ['line', 'email', 'result', 'code', 'detail', { key: 'invitationId', header: 'invitation_id' }] }),
      );
      const refused = report.filter((line) => line.result === 'refused').length;
      const passed = report.length - refused;
      io.stderr.write(`${passed} ${values['dry-run'] === true ? 'valid' : 'invited'}, ${refused} refused, of ${report.length} rows\n`);
      return refused > 0 ? EXIT.refused : EXIT.ok;
    });
  },
};

/** A row's outcome as a line of the report. */
function reportLine(line: number, outcome: RowOutcome): ReportLine {
  const base = { line, email: outcome.email, result: outcome.result, code: '', detail: '', invitationId: '' };
  if (outcome.result === 'invited') return { ...base, invitationId: outcome.invitation.invitation.id };
  if (outcome.result === 'refused') return { ...base, code: outcome.code, detail: outcome.detail };
  return base;
}
