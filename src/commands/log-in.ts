import { verifyPassword, decoyHash } from '../auth/passwords.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import type { User } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';
import { assertPasswordUnchanged } from './account-shared.js';
import { recordSecurityEvent } from './security-events.js';
import { createSession } from './sessions-shared.js';
import { assertPasswordSignInAllowed } from './sso-shared.js';
import { hasTwoFactor } from './two-factor-shared.js';

/** How long the second step of a two-step sign-in may wait for its code. */
export const SIGN_IN_CHALLENGE_MS = 5 * 60_000;

/** What the password step gives: a session, or, for an account with two-factor on, a challenge for the code. */
export type LogInResult =
  | { user: User; sessionSecret: string; challenge?: undefined }
  | { user?: undefined; sessionSecret?: undefined; challenge: { token: string; expiresAt: string } };

/**
 * Signs in with email and password. An unknown email and a wrong password are answered alike,
 * and take as long (§6), so that the answer does not tell which accounts exist; a wrong password
 * for an existing account is written to its security log. With two-factor on, the password gives
 * no session but a challenge, 5 minutes long, of which only the hash is kept: the code is asked
 * for next (complete-sign-in.ts).
 */
export async function logIn(ctx: CommandContext, input: { email: string; password: string }): Promise<LogInResult> {
  const user = await ctx.db.kysely.selectFrom('users').selectAll().where('email', '=', input.email).executeTakeFirst();
  const matches = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (user && !matches) {
    await ctx.db.write((tx) =>
      recordSecurityEvent(tx, ctx, { userId: user.id, type: 'sign_in.failed', data: { reason: 'password', userAgent: ctx.userAgent ?? null }, now: ctx.now() }),
    );
  }
  if (!user || !matches) throw new DomainError('UNAUTHENTICATED', 'The email or the password is not right');
  // After the password, so that the refusal tells nothing to someone who does not know it.
  await assertPasswordSignInAllowed(ctx.db.kysely, user);
  const now = ctx.now();
  return ctx.db.write(async (tx) => {
    // A reset or change of the password committed since the check ends every session: no new one
    // (nor a challenge for one) from the old password.
    await assertPasswordUnchanged(tx, user.id, user.passwordHash);
    if (await hasTwoFactor(tx, user.id)) {
      const token = newSecret();
      const expiresAt = new Date(now.getTime() + SIGN_IN_CHALLENGE_MS).toISOString();
      // Expired challenges of the account go as a new one comes.
      await tx.deleteFrom('signInChallenges').where('userId', '=', user.id).where('expiresAt', '<=', now.toISOString()).execute();
      await tx.insertInto('signInChallenges').values({ tokenHash: hashSecret(token), userId: user.id, createdAt: now.toISOString(), expiresAt }).execute();
      return { challenge: { token, expiresAt } };
    }
    const session = await createSession(tx, user.id, now, ctx.settings.sessionTtlDays, ctx);
    await recordSecurityEvent(tx, ctx, {
      userId: user.id,
      type: 'sign_in.succeeded',
      data: { sessionId: session.sessionId, method: 'password', userAgent: ctx.userAgent ?? null },
      now,
    });
    return { user, sessionSecret: session.secret };
  });
}
