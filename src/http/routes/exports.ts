import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { recordExport } from '../../commands/record-export.js';
import { AUDIT_EVENT_TYPES } from '../../domain/events.js';
import { exportAuditEvents, exportMembers, type ExportedMember } from '../../queries/exports.js';
import type { App } from '../app.js';
import { companyParams, id } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';
import { listQuery } from './members.js';

const format = z.enum(['csv', 'jsonl']).default('csv').describe('csv (RFC 4180, UTF-8 with a byte order mark) or jsonl (JSON Lines)');

const memberExportQuery = listQuery.omit({ limit: true, cursor: true }).extend({ format });

/** A moment, or a day (its start, UTC), as the ISO timestamp the audit log stores. */
const moment = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value).toISOString())
  .optional();

const auditExportQuery = z.strictObject({
  type: z.enum(AUDIT_EVENT_TYPES).optional(),
  actorId: id.optional(),
  targetId: id.optional(),
  from: moment.describe('events at or after this moment (or day)'),
  to: moment.describe('events before this moment (or day)'),
  format,
});

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' } as const;

/** A member's teams in one cell: `Engineering (hiring_manager, recruiter); Sales`. */
const teamsCell = (member: ExportedMember) =>
  member.teams.map(({ teamName, roles }) => (roles.length > 0 ? `${teamName} (${roles.join(', ')})` : teamName)).join('; ');

const MEMBER_COLUMNS = {
  user_id: (member: ExportedMember) => member.userId,
  name: (member: ExportedMember) => member.name,
  email: (member: ExportedMember) => member.email ?? '',
  owner: (member: ExportedMember) => (member.isOwner ? 'yes' : 'no'),
  company_roles: (member: ExportedMember) => member.companyRoles.join('; '),
  teams: teamsCell,
  joined_at: (member: ExportedMember) => member.joinedAt,
  suspended_at: (member: ExportedMember) => member.suspendedAt ?? '',
};

type AuditRow = Awaited<ReturnType<typeof exportAuditEvents>> extends AsyncIterable<infer Row> ? Row : never;

const AUDIT_COLUMNS = {
  id: (event: AuditRow) => event.id,
  created_at: (event: AuditRow) => event.createdAt,
  type: (event: AuditRow) => event.type,
  actor_id: (event: AuditRow) => event.actorId,
  target_id: (event: AuditRow) => event.targetId ?? '',
  team_id: (event: AuditRow) => event.teamId ?? '',
  data: (event: AuditRow) => JSON.stringify(event.data),
};

/**
 * Streams the rows as CSV or JSON Lines. Rows are pulled from the query only as fast as the client
 * reads (the stream's back-pressure), so memory holds a chunk, not the export. A cell that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) is written
 * with a leading `'` (csv-stringify's `escape_formulas`): names and team names are anyone's input.
 */
function sendRows<Row>(
  reply: FastifyReply,
  rows: AsyncIterable<Row>,
  chosen: 'csv' | 'jsonl',
  columns: Record<string, (row: Row) => string>,
  filename: string,
) {
  const source = Readable.from(rows, { objectMode: true });
  let body: Readable;
  if (chosen === 'csv') {
    const names = Object.keys(columns);
    const cells = Object.values(columns);
    body = source.map((row: Row) => cells.map((cell) => cell(row)), { concurrency: 1 }).pipe(
      stringify({ header: true, columns: names, bom: true, escape_formulas: true, record_delimiter: 'windows' }),
    );
  } else {
    body = source.map((row: Row) => `${JSON.stringify(row)}\n`, { concurrency: 1 });
  }
  return reply
    .header('content-type', CONTENT_TYPES[chosen])
    .header('content-disposition', `attachment; filename="${filename}.${chosen}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

const today = () => new Date().toISOString().slice(0, 10);

/** Members and the audit log as files (API.md "Exports"). */
export function exportRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/companies/:companyId/members/export',
    {
      schema: {
        params: companyParams,
        querystring: memberExportQuery,
        produces: [CONTENT_TYPES.csv, CONTENT_TYPES.jsonl],
      },
    },
    async (request, reply) => {
      const { format: chosen, ...filters } = request.query;
      const { companyId } = request.params;
      // Refused (and nothing recorded) before the first row; recorded once it may start.
      const rows = await exportMembers(services.db, userIdOf(request), companyId, filters);
      await recordExport(contextOf(services, request), companyId, { of: 'members', format: chosen, filters });
      return sendRows(reply, rows, chosen, MEMBER_COLUMNS, `members-${today()}`);
    },
  );

  app.get(
    '/api/v1/companies/:companyId/audit-events/export',
    {
      schema: {
        params: companyParams,
        querystring: auditExportQuery,
        produces: [CONTENT_TYPES.csv, CONTENT_TYPES.jsonl],
      },
    },
    async (request, reply) => {
      const { format: chosen, ...filters } = request.query;
      const { companyId } = request.params;
      const rows = await exportAuditEvents(services.db, userIdOf(request), companyId, filters);
      await recordExport(contextOf(services, request), companyId, { of: 'audit_events', format: chosen, filters });
      return sendRows(reply, rows, chosen, AUDIT_COLUMNS, `audit-log-${today()}`);
    },
  );
}
