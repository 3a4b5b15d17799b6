import { z } from 'zod';
import { AUDIT_EVENT_TYPES } from '../../domain/events.js';
import { listAuditEvents } from '../../queries/audit-events.js';
import type { App } from '../app.js';
import { auditEventShape, companyParams, id, page, pageQuery } from '../schemas.js';
import { userIdOf, type Services } from '../services.js';

/** API.md's AuditEvent, extended with the team the event concerns (null for company-wide events). */
const auditEvent = auditEventShape.extend({ teamId: z.string().nullable() });

export function auditEventRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/companies/:companyId/audit-events',
    {
      schema: {
        params: companyParams,
        querystring: z.strictObject({
          type: z.enum(AUDIT_EVENT_TYPES).optional(),
          actorId: id.optional(),
          targetId: id.optional(),
          ...pageQuery,
        }),
        response: { 200: page(auditEvent) },
      },
    },
    async (request) => listAuditEvents(services.db, userIdOf(request), request.params.companyId, request.query),
  );
}
