import type { Db } from '../db/database.js';
import type { Company } from '../db/schema.js';
import type { AuditEventType } from '../domain/events.js';
import { authorize, holds, holdsEverywhere, type MemberContext } from '../domain/policy.js';
import { presentAuditEvent } from '../presenters/audit-events.js';
import { readAsMember } from './scope.js';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.js';

/** What the audit log may be narrowed to, in the list and the export alike: `from` inclusive, `to` exclusive. */
export interface AuditEventSelection {
  type?: AuditEventType;
  actorId?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

/** Filters and page of GET /audit-events. */
export interface AuditEventFilters extends AuditEventSelection {
  limit: number;
  cursor?: string;
}

/**
 * The events of the company the viewer may read (`audit.read`, §2.5: all of them for the owner and
 * admins, those of the teams they administer for a team admin; anyone else is FORBIDDEN), narrowed
 * by `selection`: one query for the list and the export.
 */
export function readableAuditEvents(db: Db, company: Company, actor: MemberContext, selection: AuditEventSelection) {
  authorize(actor, 'audit.read', {});
  const readableTeams = holdsEverywhere(actor, 'audit.read') ? null : [...actor.teams.keys()].filter((teamId) => holds(actor, 'audit.read', teamId));
  let query = db.kysely.selectFrom('auditEvents as e').where('e.companyId', '=', company.id);
  // `in ()` is no SQL: a team admin of no team reads nothing.
  if (readableTeams !== null) query = query.where('e.teamId', 'in', readableTeams.length > 0 ? readableTeams : ['']);
  if (selection.type !== undefined) query = query.where('e.type', '=', selection.type);
  if (selection.actorId !== undefined) query = query.where('e.actorId', '=', selection.actorId);
  if (selection.targetId !== undefined) query = query.where('e.targetId', '=', selection.targetId);
  if (selection.from !== undefined) query = query.where('e.createdAt', '>=', selection.from);
  if (selection.to !== undefined) query = query.where('e.createdAt', '<', selection.to);
  return query;
}

/**
 * The company's audit log, newest first, keyset-paged on `seq`. Each event comes with the names
 * it concerns as they are now (the actor's, the target's — a person, a team or a contract — and
 * the team's), read in the same statement by joins, so that a page of the log names people
 * without a lookup per row.
 */
export async function listAuditEvents(db: Db, userId: string, companyId: string, filters: AuditEventFilters) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  let query = readableAuditEvents(db, company, actor, filters)
    .leftJoin('users as actor', 'actor.id', 'e.actorId')
    .leftJoin('users as targetUser', 'targetUser.id', 'e.targetId')
    .leftJoin('teams as targetTeam', (join) => join.onRef('targetTeam.id', '=', 'e.targetId').onRef('targetTeam.companyId', '=', 'e.companyId'))
    .leftJoin('contracts as targetContract', (join) =>
      join.onRef('targetContract.id', '=', 'e.targetId').onRef('targetContract.companyId', '=', 'e.companyId'),
    )
    .leftJoin('teams as team', (join) => join.onRef('team.id', '=', 'e.teamId').onRef('team.companyId', '=', 'e.companyId'))
    .selectAll('e')
    .select((eb) => [
      'actor.name as actorName',
      eb.fn.coalesce('targetUser.name', 'targetTeam.name', 'targetContract.title').as('targetName'),
      'team.name as teamName',
    ]);
  if (filters.cursor !== undefined) {
    const [seq] = decodeCursor(filters.cursor, 1);
    if (!/^\d{1,15}$/.test(seq)) throw invalidCursor();
    query = query.where('e.seq', '<', Number(seq));
  }
  const rows = await query
    .orderBy('e.seq', 'desc')
    .limit(filters.limit + 1)
    .execute();
  const items = rows.slice(0, filters.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => ({
      ...presentAuditEvent(row),
      names: { actor: row.actorName ?? null, target: row.targetName ?? null, team: row.teamName ?? null },
    })),
    nextCursor: rows.length > filters.limit && last ? encodeCursor(String(last.seq)) : null,
  };
}
