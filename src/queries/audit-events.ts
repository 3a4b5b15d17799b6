import type { Db } from '../db/database.js';
import type { AuditEventType } from '../domain/events.js';
import { authorize, holds, holdsEverywhere } from '../domain/policy.js';
import { presentAuditEvent } from '../presenters/audit-events.js';
import { readAsMember } from './scope.js';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.js';

/** Filters and page of GET /audit-events. */
export interface AuditEventFilters {
  type?: AuditEventType;
  actorId?: string;
  targetId?: string;
  limit: number;
  cursor?: string;
}


/**
 * The company's audit log, newest first (§2.5): the owner and admins read all of it, a team admin
 * the events of the teams they administer; anyone else is FORBIDDEN. Keyset pagination on `seq`.
 */
export async function listAuditEvents(db: Db, userId: string, companyId: string, filters: AuditEventFilters) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  authorize(actor, 'audit.read', {});
  const readableTeams = holdsEverywhere(actor, 'audit.read')
    ? null
    : [...actor.teams.keys()].filter((teamId) => holds(actor, 'audit.read', teamId));

  let query = db.kysely.selectFrom('auditEvents').selectAll().where('companyId', '=', company.id);
  if (readableTeams !== null) query = query.where('teamId', 'in', readableTeams);
  if (filters.type !== undefined) query = query.where('type', '=', filters.type);
  if (filters.actorId !== undefined) query = query.where('actorId', '=', filters.actorId);
  if (filters.targetId !== undefined) query = query.where('targetId', '=', filters.targetId);
  if (filters.cursor !== undefined) {
    const [seq] = decodeCursor(filters.cursor, 1);
    if (!/^\d{1,15}$/.test(seq)) throw invalidCursor();
    query = query.where('seq', '<', Number(seq));
  }
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(filters.limit + 1)
    .execute();
  const items = rows.slice(0, filters.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentAuditEvent),
    nextCursor: rows.length > filters.limit && last ? encodeCursor(String(last.seq)) : null,
  };
}
