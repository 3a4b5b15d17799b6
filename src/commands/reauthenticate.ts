import { verifyPassword } from '../auth/passwords.js';
import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';
import { requireSession } from './sessions-shared.js';
import { hasTwoFactor, spendSecondFactor, type SecondFactor } from './two-factor-shared.js';

/**
 * Signing in again within a session (§ "Two-factor and recent sign-in"): the password proves it is
 * still the account's holder (with a code, or a recovery code, where two-factor is on), and the session's `authenticated_at` moves to now, so that sensitive
 * changes are allowed for the next 10 minutes (requireRecentAuthentication). A wrong password
 * changes nothing.
 */
export async function reauthenticate(ctx: CommandContext, input: { password: string } & SecondFactor): Promise<{ authenticatedAt: string }> {
  const userId = requireSession(ctx, 'Signing in again');
  const user = await ctx.db.kysely.selectFrom('users').select('passwordHash').where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    throw new DomainError('FORBIDDEN', 'The password is not right');
  }
  if ((await hasTwoFactor(ctx.db.kysely, userId)) && input.code === undefined && input.recoveryCode === undefined) {
    throw new DomainError('FORBIDDEN', 'Enter a code from your authenticator app too', { twoFactor: true });
  }
  const now = ctx.now();
  const authenticatedAt = now.toISOString();
  await ctx.db.write(async (tx) => {
    if ((await hasTwoFactor(tx, userId)) && !(await spendSecondFactor(tx, ctx, userId, input, now))) {
      throw new DomainError('FORBIDDEN', 'The code is not right', { twoFactor: true });
    }
    await tx.updateTable('sessions').set({ authenticatedAt }).where('id', '=', ctx.sessionId ?? '').where('userId', '=', userId).execute();
    await recordSecurityEvent(tx, ctx, { userId, type: 'session.reauthenticated', data: { sessionId: ctx.sessionId }, now });
  });
  return { authenticatedAt };
}
