import type { Db } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import { firstUseOfDay, recordActivity } from './activity.js';
import { hashSecret } from './secrets.js';

/** API tokens start with this prefix, so that a leaked one is easy to recognise and to scan for. */
export const API_TOKEN_PREFIX = 'rst_';
export const SESSION_COOKIE = 'roster_session';

/**
 * Last use is recorded at most once a minute per session or token: a busy client costs one write
 * a minute, not one per request. Idle time is therefore measured to within a minute.
 */
export const LAST_USE_PRECISION_MS = 60_000;

// Every signed-in request runs one of these: prepared once (src/db/prepared.ts).
const sessionByHash = prepare((db, v: { tokenHash: string }) =>
  db
    .selectFrom('sessions')
    .select(['id', 'userId', 'expiresAt', 'lastUsedAt', 'createdAt', 'authenticatedAt'])
    .where('tokenHash', '=', v.tokenHash),
);
const apiTokenByHash = prepare((db, v: { tokenHash: string }) =>
  db.selectFrom('apiTokens').select(['id', 'userId', 'expiresAt', 'lastUsedAt']).where('tokenHash', '=', v.tokenHash),
);
const touchSession = prepare((db, v: { tokenHash: string; at: string; before: string }) =>
  db
    .updateTable('sessions')
    .set({ lastUsedAt: v.at })
    .where('tokenHash', '=', v.tokenHash)
    .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', v.before)])),
);
const touchApiToken = prepare((db, v: { id: string; at: string; before: string }) =>
  db
    .updateTable('apiTokens')
    .set({ lastUsedAt: v.at })
    .where('id', '=', v.id)
    .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', v.before)])),
);

/** Last uses recorded before this are old enough to be written again. */
const staleBefore = (now: Date): string => new Date(now.getTime() - LAST_USE_PRECISION_MS).toISOString();
const stale = (lastUsedAt: string | null, now: Date): boolean => lastUsedAt === null || lastUsedAt < staleBefore(now);

/** A signed-in session as a request sees it. */
export interface SessionFound {
  userId: string;
  /** The session's public id. */
  sessionId: string;
  /** When the session last proved who it is (sign-in, or signing in again). */
  authenticatedAt: string;
}

/**
 * The session a cookie's secret belongs to, or null when unknown, past its absolute expiry
 * (SESSION_TTL_DAYS after sign-in), or unused for `idleMs` (SESSION_IDLE_DAYS). A use more than a
 * minute after the last one recorded is recorded, which keeps the session alive.
 */
export async function userForSession(db: Db, secret: string, now: Date, idleMs: number): Promise<SessionFound | null> {
  const tokenHash = hashSecret(secret);
  const session = await sessionByHash.executeTakeFirst(db.kysely, { tokenHash });
  if (!session || session.expiresAt <= now.toISOString()) return null;
  const lastUsed = session.lastUsedAt ?? session.createdAt;
  if (new Date(lastUsed).getTime() + idleMs <= now.getTime()) return null;
  if (stale(session.lastUsedAt, now)) {
    await touchSession.executeWrite(db.kysely, { tokenHash, at: now.toISOString(), before: staleBefore(now) });
    if (firstUseOfDay(session.lastUsedAt, now)) await recordActivity(db.kysely, session.userId, now);
  }
  return { userId: session.userId, sessionId: session.id, authenticatedAt: session.authenticatedAt };
}

/** The API token and its user, or null when unknown or expired; its use is recorded as a session's is. */
export async function userForApiToken(db: Db, token: string, now: Date): Promise<{ userId: string; tokenId: string } | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await apiTokenByHash.executeTakeFirst(db.kysely, { tokenHash: hashSecret(token) });
  if (!row || (row.expiresAt !== null && row.expiresAt <= now.toISOString())) return null;
  if (stale(row.lastUsedAt, now)) {
    await touchApiToken.executeWrite(db.kysely, { id: row.id, at: now.toISOString(), before: staleBefore(now) });
    if (firstUseOfDay(row.lastUsedAt, now)) await recordActivity(db.kysely, row.userId, now);
  }
  return { userId: row.userId, tokenId: row.id };
}
