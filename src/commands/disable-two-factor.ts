import { verifyPassword } from '../auth/passwords.js';
import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';
import { requireRecentAuthentication } from './recent-authentication.js';
import { recordSecurityEvent } from './security-events.js';
import { requireSession } from './sessions-shared.js';
import { spendSecondFactor, twoFactorOf, type SecondFactor } from './two-factor-shared.js';

/**
 * Turns two-factor off: after a recent sign-in, with the password and a code (or a recovery
 * code). The secret and the recovery codes are deleted. A refusal changes nothing.
 */
export async function disableTwoFactor(ctx: CommandContext, input: { password: string } & SecondFactor): Promise<void> {
  const userId = requireSession(ctx, 'Turning off two-factor authentication');
  requireRecentAuthentication(ctx);
  if (!(await twoFactorOf(ctx.db.kysely, userId))?.enabledAt) throw new DomainError('CONFLICT', 'Two-factor authentication is off already');
  const user = await ctx.db.kysely.selectFrom('users').select('passwordHash').where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.password, user.passwordHash))) throw new DomainError('FORBIDDEN', 'The password is not right');
  await ctx.db.write(async (tx) => {
    const now = ctx.now();
    if (!(await spendSecondFactor(tx, ctx, userId, input, now))) throw new DomainError('FORBIDDEN', 'The code is not right');
    await tx.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
    await tx.deleteFrom('twoFactor').where('userId', '=', userId).execute();
    await tx.deleteFrom('signInChallenges').where('userId', '=', userId).execute();
    await recordSecurityEvent(tx, ctx, { userId, type: 'two_factor.disabled', data: {}, now });
  });
}
