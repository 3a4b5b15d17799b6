import { hashSecret } from '../auth/secrets.js';
import type { User } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';
import { createSession } from './sessions-shared.js';
import { spendSecondFactor, type SecondFactor } from './two-factor-shared.js';

/** Wrong codes a challenge takes before it ends. */
export const CHALLENGE_ATTEMPTS = 5;

/**
 * The second step of a two-step sign-in: the challenge of the password step and a code (or a
 * recovery code) make the session. A wrong code counts against the challenge, and is written to
 * the security log; the fifth ends it, as does its expiry, and the password must be given again.
 */
export async function completeSignIn(ctx: CommandContext, input: { challenge: string } & SecondFactor): Promise<{ user: User; sessionSecret: string }> {
  const tokenHash = hashSecret(input.challenge);
  const outcome = await ctx.db.write(async (tx) => {
    const now = ctx.now();
    const challenge = await tx.selectFrom('signInChallenges').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
    if (!challenge || challenge.expiresAt <= now.toISOString()) return { ended: true as const };
    const method = await spendSecondFactor(tx, ctx, challenge.userId, input, now);
    if (!method) {
      // Counted in one statement: two wrong codes at once count two.
      const counted = await tx
        .updateTable('signInChallenges')
        .set((eb) => ({ failures: eb('failures', '+', 1) }))
        .where('tokenHash', '=', tokenHash)
        .returning('failures')
        .executeTakeFirst();
      if (!counted) return { ended: true as const };
      const failures = counted.failures;
      if (failures >= CHALLENGE_ATTEMPTS) await tx.deleteFrom('signInChallenges').where('tokenHash', '=', tokenHash).execute();
      await recordSecurityEvent(tx, ctx, {
        userId: challenge.userId,
        type: 'sign_in.failed',
        data: { reason: input.recoveryCode !== undefined ? 'recovery_code' : 'code', userAgent: ctx.userAgent ?? null },
        now,
      });
      return { attemptsLeft: Math.max(0, CHALLENGE_ATTEMPTS - failures) };
    }
    // Deleted first: of two requests on one challenge, one makes a session.
    const used = await tx.deleteFrom('signInChallenges').where('tokenHash', '=', tokenHash).executeTakeFirst();
    if (used.numDeletedRows === 0n) return { ended: true as const };
    const user = await tx.selectFrom('users').selectAll().where('id', '=', challenge.userId).executeTakeFirstOrThrow();
    const session = await createSession(tx, user.id, now, ctx.settings.sessionTtlDays, ctx);
    await recordSecurityEvent(tx, ctx, {
      userId: user.id,
      type: 'sign_in.succeeded',
      data: { sessionId: session.sessionId, method, userAgent: ctx.userAgent ?? null },
      now,
    });
    return { user, sessionSecret: session.secret };
  });
  if (outcome.user) return { user: outcome.user, sessionSecret: outcome.sessionSecret };
  if (outcome.ended) {
    throw new DomainError('UNAUTHENTICATED', 'This sign-in has ended; enter your email and password again', { attemptsLeft: 0 });
  }
  throw new DomainError('UNAUTHENTICATED', 'The code is not right', { attemptsLeft: outcome.attemptsLeft });
}
