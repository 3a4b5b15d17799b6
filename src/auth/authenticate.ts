import type { Db } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import { hashSecret } from './secrets.js';

/** API tokens start with this prefix, so that a leaked one is easy to recognise and to scan for. */
export const API_TOKEN_PREFIX = 'rst_';
export const SESSION_COOKIE = 'roster_session';

// Every signed-in request runs one of these: prepared once (src/db/prepared.ts).
const sessionByHash = prepare((db, v: { tokenHash: string }) =>
  db.selectFrom('sessions').select(['userId', 'expiresAt']).where('tokenHash', '=', v.tokenHash),
);
const apiTokenByHash = prepare((db, v: { tokenHash: string }) =>
  db.selectFrom('apiTokens').select('userId').where('tokenHash', '=', v.tokenHash),
);

/** The user a session cookie's secret belongs to, or null when unknown or expired. */
export async function userForSession(db: Db, secret: string, now: Date): Promise<string | null> {
  const session = await sessionByHash.executeTakeFirst(db.kysely, { tokenHash: hashSecret(secret) });
  if (!session || session.expiresAt <= now.toISOString()) return null;
  return session.userId;
}

/** The user an API token belongs to, or null. */
export async function userForApiToken(db: Db, token: string): Promise<string | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await apiTokenByHash.executeTakeFirst(db.kysely, { tokenHash: hashSecret(token) });
  return row?.userId ?? null;
}
