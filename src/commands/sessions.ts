import { verifyPassword, decoyHash } from '../auth/passwords.js';
import { API_TOKEN_PREFIX } from '../auth/authenticate.js';
import { hashSecret, newId, newSecret } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';
import type { User } from '../db/schema.js';
import { DomainError, forbidden, notFound } from '../domain/errors.js';
import { requireActorId, type CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';

/** SESSION_TTL_DAYS's default; the server passes the setting. */
export const SESSION_TTL_DAYS = 30;
const DAY_MS = 86_400_000;

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
 * Signs in with email and password. An unknown email and a wrong password are answered alike,
 * and take as long (§6), so that the answer does not tell which accounts exist.
 */
export async function logIn(
  ctx: CommandContext,
  input: { email: string; password: string },
): Promise<{ user: User; sessionSecret: string }> {
  const user = await ctx.db.kysely.selectFrom('users').selectAll().where('email', '=', input.email).executeTakeFirst();
  const matches = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !matches) throw new DomainError('UNAUTHENTICATED', 'The email or the password is not right');
  const sessionSecret = await ctx.db.write((tx) => createSession(tx, user.id, ctx.now(), ctx.settings.sessionTtlDays));
  return { user, sessionSecret };
}

/** Ends the session of this cookie secret. */
export async function logOut(ctx: CommandContext, sessionSecret: string): Promise<void> {
  await ctx.db.write((tx) => tx.deleteFrom('sessions').where('tokenHash', '=', hashSecret(sessionSecret)).execute());
}

/**
 * API tokens are managed from a signed-in session only (docs/DECISIONS.md "Accounts and
 * sessions"): a token that leaks must not be able to make more tokens, revoke its owner's other
 * ones or end their sessions.
 */
function requireSession(ctx: CommandContext, what: string): string {
  const userId = requireActorId(ctx);
  if (ctx.signedInWith !== 'session') throw forbidden(`${what} needs a signed-in session, not an API token`);
  return userId;
}

/**
 * Creates an API token that acts as the signed-in user, for `expiresInDays` days or until revoked
 * (null); the token is returned this once. Written to the user's security log.
 */
export async function createApiToken(
  ctx: CommandContext,
  input: { name: string; expiresInDays?: number | null },
): Promise<{ id: string; name: string; token: string; createdAt: string; expiresAt: string | null }> {
  const userId = requireSession(ctx, 'Making an API token');
  const token = API_TOKEN_PREFIX + newSecret();
  const id = newId();
  const now = ctx.now();
  const createdAt = now.toISOString();
  const expiresAt = input.expiresInDays == null ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS).toISOString();
  await ctx.db.write(async (tx) => {
    await tx
      .insertInto('apiTokens')
      .values({ id, userId, name: input.name, tokenHash: hashSecret(token), createdAt, lastUsedAt: null, expiresAt })
      .execute();
    await recordSecurityEvent(tx, ctx, { userId, type: 'api_token.created', data: { tokenId: id, name: input.name, expiresAt }, now });
  });
  return { id, name: input.name, token, createdAt, expiresAt };
}

/**
 * Deletes one of the user's API tokens; another user's token is NOT_FOUND. From a session any of
 * them; with an API token only that token itself (a script may retire its own token), any other is
 * FORBIDDEN. Written to the user's security log.
 */
export async function deleteApiToken(ctx: CommandContext, tokenId: string): Promise<void> {
  const userId = requireActorId(ctx);
  await ctx.db.write(async (tx) => {
    const row = await tx.selectFrom('apiTokens').select(['id', 'name']).where('id', '=', tokenId).where('userId', '=', userId).executeTakeFirst();
    if (!row) throw notFound('API token');
    if (ctx.signedInWith !== 'session' && tokenId !== ctx.apiTokenId) {
      throw forbidden('An API token may revoke only itself; revoke others from a signed-in session');
    }
    await tx.deleteFrom('apiTokens').where('id', '=', tokenId).where('userId', '=', userId).execute();
    const now = ctx.now();
    await recordSecurityEvent(tx, ctx, {
      userId,
      type: 'api_token.revoked',
      data: { tokenId, name: row.name, by: ctx.signedInWith === 'session' ? 'session' : 'itself' },
      now,
    });
  });
}

/**
 * Ends every session of the signed-in user, the one asking included (its cookie may be the copy
 * that prompted this), and with `tokens` every API token too. Needs a session. Written to the
 * user's security log with what it ended.
 */
export async function logOutEverywhere(ctx: CommandContext, input: { tokens: boolean }): Promise<{ sessions: number; tokens: number }> {
  const userId = requireSession(ctx, 'Signing out everywhere');
  return ctx.db.write(async (tx) => {
    const sessions = await tx.deleteFrom('sessions').where('userId', '=', userId).executeTakeFirst();
    const tokens = input.tokens ? await tx.deleteFrom('apiTokens').where('userId', '=', userId).executeTakeFirst() : undefined;
    const ended = { sessions: Number(sessions.numDeletedRows), tokens: Number(tokens?.numDeletedRows ?? 0n) };
    await recordSecurityEvent(tx, ctx, { userId, type: 'sessions.ended_everywhere', data: { ...ended, includingTokens: input.tokens }, now: ctx.now() });
    return ended;
  });
}

/** Marks the email verified with the token from the verification mail. */
export async function verifyEmail(ctx: CommandContext, token: string): Promise<User> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const verification = await tx
      .selectFrom('emailVerifications')
      .selectAll()
      .where('tokenHash', '=', hashSecret(token))
      .executeTakeFirst();
    if (!verification) throw notFound('Verification link');
    if (verification.usedAt !== null) throw new DomainError('CONFLICT', 'This link has been used already');
    if (verification.expiresAt <= now.toISOString()) throw new DomainError('CONFLICT', 'This link has expired; ask for a new one');
    const user = await tx.selectFrom('users').selectAll().where('id', '=', verification.userId).executeTakeFirstOrThrow();
    if (user.email !== verification.email) throw new DomainError('CONFLICT', 'The account’s email has changed since this link was sent');
    await tx.updateTable('emailVerifications').set({ usedAt: now.toISOString() }).where('tokenHash', '=', verification.tokenHash).execute();
    await tx.updateTable('users').set({ emailVerified: 1 }).where('id', '=', user.id).execute();
    return { ...user, emailVerified: 1 as const };
  });
}
