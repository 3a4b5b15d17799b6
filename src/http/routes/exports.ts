import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { recordExport } from '../../commands/record-export.js';
import { AUDIT_COLUMNS, encodeRows, EXPORT_CONTENT_TYPES, MEMBER_COLUMNS, type ExportFormat } from '../../presenters/exports.js';
import { exportAuditEvents, exportMembers } from '../../queries/exports.js';
import type { App } from '../app.js';
import { companyParams } from '../schemas.js';
import { auditSelectionQuery } from './audit-events.js';
import { contextOf, userIdOf, type Services } from '../services.js';
import { listQuery } from './members.js';

const format = z.enum(['csv', 'jsonl']).default('csv').describe('csv (RFC 4180, UTF-8 with a byte order mark) or jsonl (JSON Lines)');

const memberExportQuery = listQuery.omit({ limit: true, cursor: true }).extend({ format });

const auditExportQuery = z.strictObject({ ...auditSelectionQuery, format });

/** Sends an export's bytes as a file to save (API.md "Exports"). */
function sendFile(reply: FastifyReply, body: Readable, format: ExportFormat, filename: string) {
  return reply
    .header('content-type', EXPORT_CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${filename}.${format}"`)
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
        produces: [EXPORT_CONTENT_TYPES.csv, EXPORT_CONTENT_TYPES.jsonl],
      },
    },
    async (request, reply) => {
      const { format: chosen, ...filters } = request.query;
      const { companyId } = request.params;
      // Refused (and nothing recorded) before the first row; recorded once it may start.
      const rows = await exportMembers(services.db, userIdOf(request), companyId, filters);
      await recordExport(contextOf(services, request), companyId, { of: 'members', format: chosen, filters });
      return sendFile(reply, encodeRows(rows, chosen, MEMBER_COLUMNS), chosen, `members-${today()}`);
    },
  );

  app.get(
    '/api/v1/companies/:companyId/audit-events/export',
    {
      schema: {
        params: companyParams,
        querystring: auditExportQuery,
        produces: [EXPORT_CONTENT_TYPES.csv, EXPORT_CONTENT_TYPES.jsonl],
      },
    },
    async (request, reply) => {
      const { format: chosen, ...filters } = request.query;
      const { companyId } = request.params;
      const rows = await exportAuditEvents(services.db, userIdOf(request), companyId, filters);
      await recordExport(contextOf(services, request), companyId, { of: 'audit_events', format: chosen, filters });
      return sendFile(reply, encodeRows(rows, chosen, AUDIT_COLUMNS), chosen, `audit-log-${today()}`);
    },
  );
}
