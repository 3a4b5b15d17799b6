import type { Selectable } from 'kysely';
import type { SecurityEventsTable } from '../db/schema.js';
import type { SecurityEventType } from '../domain/events.js';
import { clientName } from '../model/clients.js';

/** A row of the user's security log as GET /me/security-events lists it. */
export const presentSecurityEvent = (event: Selectable<SecurityEventsTable>) => ({
  id: event.id,
  type: event.type as SecurityEventType,
  data: JSON.parse(event.data) as Record<string, unknown>,
  ip: event.ip,
  /** The short form of the User-Agent that did it; null when none was sent. */
  client: clientName(event.userAgent),
  createdAt: event.createdAt,
});
