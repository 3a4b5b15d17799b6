import type { Selectable } from 'kysely';
import type { AuditEventsTable } from '../db/schema.js';

/** An audit event row in the AuditEvent shape of API.md, with the team it concerns (null for company-wide events). */
export const presentAuditEvent = (event: Omit<Selectable<AuditEventsTable>, 'seq'>) => ({
  id: event.id,
  type: event.type,
  actorId: event.actorId,
  targetId: event.targetId,
  teamId: event.teamId,
  companyId: event.companyId,
  data: JSON.parse(event.data) as Record<string, unknown>,
  createdAt: event.createdAt,
});
