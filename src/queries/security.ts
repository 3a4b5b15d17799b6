import { presentSecurityEvent } from '../presenters/security-events.js';
import type { Db } from '../db/database.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/** The user's API tokens, newest first: what each is, never its secret or its hash. */
export async function listApiTokens(db: Db, userId: string) {
  const rows = await db.kysely
    .selectFrom('apiTokens')
    .select(['id', 'name', 'createdAt', 'lastUsedAt', 'expiresAt'])
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return { items: rows };
}

/** The user's security log, newest first; keyset pages on `security_events_by_user (user_id, created_at, id)`. */
export async function listSecurityEvents(db: Db, userId: string, filters: { limit: number; cursor?: string }) {
  let query = db.kysely.selectFrom('securityEvents').selectAll().where('userId', '=', userId);
  if (filters.cursor !== undefined) {
    const [createdAt, id] = decodeCursor(filters.cursor, 2);
    query = query.where((eb) => eb.or([eb('createdAt', '<', createdAt), eb.and([eb('createdAt', '=', createdAt), eb('id', '<', id)])]));
  }
  const rows = await query
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(filters.limit + 1)
    .execute();
  const items = rows.slice(0, filters.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentSecurityEvent),
    nextCursor: rows.length > filters.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}
