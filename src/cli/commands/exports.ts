import { recordExport } from '../../commands/record-export.js';
import { AUDIT_EVENT_TYPES } from '../../domain/events.js';
import { COMPANY_ROLES, TEAM_ROLES } from '../../domain/roles.js';
import { AUDIT_COLUMNS, encodeRows, MEMBER_COLUMNS } from '../../presenters/exports.js';
import { exportAuditEvents, exportMembers } from '../../queries/exports.js';
import { EXIT, oneOf, required, UsageError, type CliCommand } from '../program.js';
import { actingAs, actorIn, withDatabase, writeExport } from './shared.js';

const ROLES = ['owner', ...COMPANY_ROLES, ...TEAM_ROLES] as const;

/** A moment or a day as the audit log stores it, or a UsageError. */
function moment(value: string | boolean | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const parsed = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(parsed.getTime())) throw new UsageError(`--${name} must be a date (2026-12-01) or a time (2026-12-01T09:00:00Z)`);
  return parsed.toISOString();
}

export const membersExport: CliCommand = {
  name: 'members export',
  summary: "a company's members as CSV or JSON Lines",
  help: `Usage: roster members export --company ID [--format csv|jsonl] [--output FILE] [--as EMAIL]
                              [--q TEXT] [--team ID] [--role ROLE] [--suspended true|false]

Writes the company's members, as the API's export does (docs/API.md "Exports"), to FILE or to
standard output, with a progress bar on a terminal. Acts as the person --as names (their rights
apply: the owner or an admin), else as the company's owner; audited as members.exported, marked
as taken on the command line.

  --company ID       the company
  --format FORMAT    csv (default) or jsonl
  --output FILE      write here instead of standard output
  --as EMAIL         act as this person
  --q, --team, --role, --suspended   the members list's filters
`,
  options: {
    company: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    as: { type: 'string' },
    q: { type: 'string' },
    team: { type: 'string' },
    role: { type: 'string' },
    suspended: { type: 'string' },
  },
  run: async (values, io) => {
    const companyId = required(values, 'company');
    const format = oneOf(values.format, 'format', ['csv', 'jsonl'] as const, 'csv');
    const role = values.role === undefined ? undefined : oneOf(values.role, 'role', ROLES, 'owner');
    const suspended = values.suspended === undefined ? undefined : oneOf(values.suspended, 'suspended', ['true', 'false'] as const, 'true');
    const filters = {
      ...(typeof values.q === 'string' ? { q: values.q } : {}),
      ...(typeof values.team === 'string' ? { teamId: values.team } : {}),
      ...(role === undefined ? {} : { role }),
      ...(suspended === undefined ? {} : { suspended }),
    };
    return withDatabase(async (db, config) => {
      const actor = await actorIn(db, companyId, typeof values.as === 'string' ? values.as : undefined);
      const rows = await exportMembers(db, actor.userId, companyId, filters);
      await recordExport(actingAs(db, config, actor.userId), companyId, { of: 'members', format, filters, via: 'cli' });
      const written = await writeExport(encodeRows(rows, format, MEMBER_COLUMNS), typeof values.output === 'string' ? values.output : undefined, io, actor.members);
      if (typeof values.output === 'string') io.stderr.write(`${format === 'csv' ? written - 1 : written} members written to ${values.output}\n`);
      return EXIT.ok;
    });
  },
};

export const auditLog: CliCommand = {
  name: 'audit',
  summary: "a company's audit log, oldest first, as JSON Lines or CSV",
  help: `Usage: roster audit --company ID [--since WHEN] [--until WHEN] [--type TYPE]
                    [--format jsonl|csv] [--output FILE] [--as EMAIL]

Writes the company's audit log from --since (inclusive) to --until (exclusive), oldest first, as
the API's export does. WHEN is a day (2026-12-01, its start in UTC) or a time with its offset.
Acts as the person --as names (what they may read of the log), else as the owner; audited as
audit_events.exported, marked as taken on the command line.

  --company ID       the company
  --since WHEN       events at or after
  --until WHEN       events before
  --type TYPE        one event type (e.g. member.removed_from_company)
  --format FORMAT    jsonl (default) or csv
  --output FILE      write here instead of standard output
  --as EMAIL         act as this person
`,
  options: {
    company: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    type: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    as: { type: 'string' },
  },
  run: async (values, io) => {
    const companyId = required(values, 'company');
    const format = oneOf(values.format, 'format', ['jsonl', 'csv'] as const, 'jsonl');
    const type = values.type === undefined ? undefined : oneOf(values.type, 'type', AUDIT_EVENT_TYPES, 'company.created');
    const from = moment(values.since, 'since');
    const to = moment(values.until, 'until');
    const filters = { ...(type === undefined ? {} : { type }), ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
    return withDatabase(async (db, config) => {
      const actor = await actorIn(db, companyId, typeof values.as === 'string' ? values.as : undefined);
      const rows = await exportAuditEvents(db, actor.userId, companyId, filters);
      await recordExport(actingAs(db, config, actor.userId), companyId, { of: 'audit_events', format, filters, via: 'cli' });
      await writeExport(encodeRows(rows, format, AUDIT_COLUMNS), typeof values.output === 'string' ? values.output : undefined, io, 0);
      return EXIT.ok;
    });
  },
};
