import { verifyPassword, decoyHash } from '../auth/passwords.js';
import { API_TOKEN_PREFIX } from '../auth/authenticate.js';
import { hashSecret, newId, newSecret } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';
import type { User } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import { requireActorId, type CommandContext } from './context.js';

export const SESSION_TTL_DAYS = 30;

/** Starts a session; returns the cookie's secret, of which only the hash is kept. */
export async function createSession(tx: Tx, userId: string, now: Date, ttlDays = SESSION_TTL_DAYS): Promise<string> {
  const secret = newSecret();
  await tx
    .insertInto('sessions')
    .values({
      tokenHash: hashSecret(secret),
      userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlDays * 86_400_000).toISOString(),
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
  const sessionSecret = await ctx.db.write((tx) => createSession(tx, user.id, ctx.now()));
  return { user, sessionSecret };
}

/** Ends the session of this cookie secret. */
export async function logOut(ctx: CommandContext, sessionSecret: string): Promise<void> {
  await ctx.db.write((tx) => tx.deleteFrom('sessions').where('tokenHash', '=', hashSecret(sessionSecret)).execute());
}

/** Creates an API token that acts as the signed-in user; the token is returned this once. */
export async function createApiToken(
  ctx: CommandContext,
  input: { name: string },
): Promise<{ id: string; name: string; token: string }> {
  const userId = requireActorId(ctx);
  const token = API_TOKEN_PREFIX + newSecret();
  const id = newId();
  await ctx.db.write((tx) =>
    tx
      .insertInto('apiTokens')
      .values({ id, userId, name: input.name, tokenHash: hashSecret(token), createdAt: ctx.now().toISOString(), lastUsedAt: null })
      .execute(),
  );
  return { id, name: input.name, token };
}

/** Deletes one of the signed-in user's API tokens; another user's token is NOT_FOUND. */
export async function deleteApiToken(ctx: CommandContext, tokenId: string): Promise<void> {
  const userId = requireActorId(ctx);
  const result = await ctx.db.write((tx) =>
    tx.deleteFrom('apiTokens').where('id', '=', tokenId).where('userId', '=', userId).executeTakeFirst(),
  );
  if (result.numDeletedRows === 0n) throw notFound('API token');
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
