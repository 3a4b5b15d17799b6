import type { Db } from '../db/database.js';
import { hashSecret } from './secrets.js';

/** API tokens start with this prefix, so that a leaked one is easy to recognise and to scan for. */
export const API_TOKEN_PREFIX = 'rst_';
export const SESSION_COOKIE = 'roster_session';

/** The user a session cookie's secret belongs to, or null when unknown or expired. */
export async function userForSession(db: Db, secret: string, now: Date): Promise<string | null> {
  const session = await db.kysely
    .selectFrom('sessions')
    .select(['userId', 'expiresAt'])
    .where('tokenHash', '=', hashSecret(secret))
    .executeTakeFirst();
  if (!session || session.expiresAt <= now.toISOString()) return null;
  return session.userId;
}

/** The user an API token belongs to, or null. */
export async function userForApiToken(db: Db, token: string): Promise<string | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db.kysely
    .selectFrom('apiTokens')
    .select('userId')
    .where('tokenHash', '=', hashSecret(token))
    .executeTakeFirst();
  return row?.userId ?? null;
}
