import { z } from 'zod';
import { AUDIT_EVENT_TYPES } from '../../domain/events.js';
import { listAuditEvents } from '../../queries/audit-events.js';
import type { App } from '../app.js';
import { auditEventShape, companyParams, id, page, pageQuery } from '../schemas.js';
import { userIdOf, type Services } from '../services.js';

/** A moment, or a day (its start, UTC), as the ISO timestamp the audit log stores. */
const moment = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value).toISOString())
  .optional();

/** What the audit log may be narrowed to, in the list and the export alike. */
export const auditSelectionQuery = {
  type: z.enum(AUDIT_EVENT_TYPES).optional(),
  actorId: id.optional(),
  targetId: id.optional(),
  from: moment.describe('events at or after this moment (or day)'),
  to: moment.describe('events before this moment (or day)'),
};

/**
 * API.md's AuditEvent, extended with the team the event concerns (null for company-wide events),
 * and in the list the names it concerns as they are now.
 */
const auditEvent = auditEventShape.extend({
  teamId: z.string().nullable(),
  names: z.object({
    actor: z.string().nullable().describe('the actor’s name'),
    target: z.string().nullable().describe('the target’s name, when it is a person, a team or a contract (its title)'),
    team: z.string().nullable().describe('the name of the team the event concerns'),
  }),
});

export function auditEventRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/companies/:companyId/audit-events',
    {
      schema: {
        params: companyParams,
        querystring: z.strictObject({ ...auditSelectionQuery, ...pageQuery }),
        response: { 200: page(auditEvent) },
      },
    },
    async (request) => listAuditEvents(services.db, userIdOf(request), request.params.companyId, request.query),
  );
}
