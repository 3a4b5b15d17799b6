import { hashSecret, newSecret } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';
import { forbidden } from '../domain/errors.js';
import { requireActorId, type CommandContext } from './context.js';

/** SESSION_TTL_DAYS's default; the server passes the setting. */
export const SESSION_TTL_DAYS = 30;
export const DAY_MS = 86_400_000;

/**
 * Starts a session that ends `ttlDays` after now whatever its use (SESSION_TTL_DAYS), or sooner
 * when unused (SESSION_IDLE_DAYS, src/auth/authenticate.ts); returns the cookie's secret, of which
 * only the hash is kept.
 */
export async function createSession(tx: Tx, userId: string, now: Date, ttlDays = SESSION_TTL_DAYS): Promise<string> {
  const secret = newSecret();
  await tx
    .insertInto('sessions')
    .values({
      tokenHash: hashSecret(secret),
      userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlDays * DAY_MS).toISOString(),
      lastUsedAt: now.toISOString(),
    })
    .execute();
  return secret;
}

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
