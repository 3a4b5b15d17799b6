import { recordActivity } from '../auth/activity.js';
import { hashSecret, newId, newSecret } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';
import { forbidden } from '../domain/errors.js';
import { requireActorId, type CommandContext } from './context.js';

/** SESSION_TTL_DAYS's default; the server passes the setting. */
export const SESSION_TTL_DAYS = 30;
export const DAY_MS = 86_400_000;

/** Where a sign-in came from, as the session list shows it. */
export interface SessionClient {
  ip?: string;
  userAgent?: string;
}

/**
 * Starts a session that ends `ttlDays` after now whatever its use (SESSION_TTL_DAYS), or sooner
 * when unused (SESSION_IDLE_DAYS, src/auth/authenticate.ts); returns the cookie's secret, of which
 * only the hash is kept, and the session's public id.
 */
export async function createSession(
  tx: Tx,
  userId: string,
  now: Date,
  ttlDays = SESSION_TTL_DAYS,
  client: SessionClient = {},
): Promise<{ secret: string; sessionId: string }> {
  const secret = newSecret();
  const sessionId = newId();
  await tx
    .insertInto('sessions')
    .values({
      tokenHash: hashSecret(secret),
      id: sessionId,
      userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlDays * DAY_MS).toISOString(),
      lastUsedAt: now.toISOString(),
      // A User-Agent is the client's to choose: kept short, it cannot fill the table.
      userAgent: client.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      ip: client.ip ?? null,
      authenticatedAt: now.toISOString(),
    })
    .execute();
  await recordActivity(tx, userId, now);
  return { secret, sessionId };
}

/** The most of a User-Agent a session, or an event of the security log, keeps. */
export const USER_AGENT_MAX = 512;

/**
 * API tokens are managed from a signed-in session only (docs/DECISIONS.md "Accounts and
 * sessions"): a token that leaks must not be able to make more tokens, revoke its owner's other
 * ones or end their sessions.
 */
export function requireSession(ctx: CommandContext, what: string): string {
  const userId = requireActorId(ctx);
  if (ctx.signedInWith !== 'session') throw forbidden(`${what} needs a signed-in session, not an API token`);
  return userId;
}
