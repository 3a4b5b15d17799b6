import { presentSecurityEvent } from '../presenters/security-events.js';
import { securityLogStart } from '../domain/events.js';
import type { Db } from '../db/database.js';
import { clientName } from '../model/clients.js';
import { newestFirst } from './cursor.js';

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

/**
 * The user's sessions that still sign in at `now` (neither past their absolute end nor idle for
 * `idleMs`), the most recently used first: when each began and was last used, the client's short
 * form, the address that signed in, and which one asks (`current`). Never a secret or its hash.
 */
export async function listSessions(db: Db, userId: string, currentSessionId: string | undefined, at: { now: Date; idleMs: number }) {
  const { now } = at;
  const idleSince = new Date(now.getTime() - at.idleMs).toISOString();
  const rows = await db.kysely
    .selectFrom('sessions')
    .select(['id', 'createdAt', 'lastUsedAt', 'userAgent', 'ip'])
    .where('userId', '=', userId)
    .where('expiresAt', '>', now.toISOString())
    .execute();
  const lastUse = (row: { createdAt: string; lastUsedAt: string | null }) => row.lastUsedAt ?? row.createdAt;
  const live = rows.filter((row) => lastUse(row) > idleSince);
  live.sort((a, b) => (lastUse(a) === lastUse(b) ? (a.id < b.id ? 1 : -1) : lastUse(a) < lastUse(b) ? 1 : -1));
  return {
    items: live.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      lastUsedAt: lastUse(row),
      client: clientName(row.userAgent),
      ip: row.ip,
      current: row.id === currentSessionId,
    })),
  };
}

/**
 * The user's security log, newest first, within its 90 days (an event older than that is not
 * shown, even before the pruning removes it); keyset pages on
 * `security_events_by_user (user_id, created_at, id)`.
 */
export async function listSecurityEvents(db: Db, userId: string, filters: { limit: number; cursor?: string }, now: Date) {
  const query = db.kysely
    .selectFrom('securityEvents')
    .selectAll()
    .where('userId', '=', userId)
    .where('createdAt', '>=', securityLogStart(now));
  const { rows, nextCursor } = await newestFirst(query, filters);
  return { items: rows.map(presentSecurityEvent), nextCursor };
}
