import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { presentAuditEvent } from './audit-events.js';
import type { MemberView } from './members.js';

/** The formats of an export (API.md "Exports"). */
export type ExportFormat = 'csv' | 'jsonl';

export const EXPORT_CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' } as const;

/** A member as an export writes them: the list's member, with the day they joined. */
export type ExportedMember = MemberView & { joinedAt: string };

/** An audit event as an export writes it: as the audit log presents it. */
export type ExportedAuditEvent = ReturnType<typeof presentAuditEvent>;

/** A member's teams in one cell: `Engineering (hiring_manager, recruiter); Sales`. */
const teamsCell = (member: ExportedMember) =>
  member.teams.map(({ teamName, roles }) => (roles.length > 0 ? `${teamName} (${roles.join(', ')})` : teamName)).join('; ');

/** The CSV columns of the members export, in order. */
export const MEMBER_COLUMNS: Record<string, (member: ExportedMember) => string> = {
  user_id: (member) => member.userId,
  name: (member) => member.name,
  email: (member) => member.email ?? '',
  owner: (member) => (member.isOwner ? 'yes' : 'no'),
  company_roles: (member) => member.companyRoles.join('; '),
  teams: teamsCell,
  joined_at: (member) => member.joinedAt,
  suspended_at: (member) => member.suspendedAt ?? '',
};

/** The CSV columns of the audit log export, in order. */
export const AUDIT_COLUMNS: Record<string, (event: ExportedAuditEvent) => string> = {
  id: (event) => event.id,
  created_at: (event) => event.createdAt,
  type: (event) => event.type,
  actor_id: (event) => event.actorId,
  target_id: (event) => event.targetId ?? '',
  team_id: (event) => event.teamId ?? '',
  data: (event) => JSON.stringify(event.data),
};

/**
 * Chunks of rows as a byte stream of CSV or JSON Lines, one string per chunk, so that a chunk is
 * one write (not one per row). Chunks are pulled only as fast as the stream is read
 * (back-pressure), so memory holds a chunk, not the export. A cell that a spreadsheet would run as
 * a formula (`=`, `+`, `-`, `@`, tab, carriage return first) is written with a leading `'`
 * (csv-stringify's `escape_formulas`): names and team names are anyone's input.
 */
export function encodeRows<Row>(chunks: AsyncIterable<readonly Row[]>, format: ExportFormat, columns: Record<string, (row: Row) => string>): Readable {
  const names = Object.keys(columns);
  const cells = Object.values(columns);
  const csv = (rows: readonly Row[], first: boolean) =>
    stringify(
      rows.map((row) => cells.map((cell) => cell(row))),
      { header: first, columns: names, bom: first, escape_formulas: true, record_delimiter: 'windows' },
    );
  async function* encoded(): AsyncGenerator<string> {
    let first = true;
    for await (const rows of chunks) {
      if (rows.length === 0 && !(first && format === 'csv')) continue;
      yield format === 'jsonl' ? rows.map((row) => `${JSON.stringify(row)}\n`).join('') : csv(rows, first);
      first = false;
    }
    // An empty CSV export is its header.
    if (first && format === 'csv') yield csv([], true);
  }
  return Readable.from(encoded(), { highWaterMark: 1 });
}
