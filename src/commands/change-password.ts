import { hashPassword, passwordProblem, verifyPassword } from '../auth/passwords.js';
import { DomainError, notFound } from '../domain/errors.js';
import { endSessions, lockAccount, queuePasswordNotice } from './account-shared.js';
import type { CommandContext } from './context.js';
import { requireRecentAuthentication } from './recent-authentication.js';
import { recordSecurityEvent } from './security-events.js';
import { requireSession } from './sessions-shared.js';

/**
 * Changes the signed-in user's password, given the current one (a wrong one is FORBIDDEN, as for
 * a transfer's confirmation); the new one must pass §6. Every other session of the user ends
 * (this one stays), reset links sent before stop working, and a notice goes to the address. From a
 * signed-in session only: a leaked API token must not be able to lock its owner out.
 */
export async function changePassword(
  ctx: CommandContext,
  input: { currentPassword: string; newPassword: string },
): Promise<{ sessionsEnded: number }> {
  const userId = requireSession(ctx, 'Changing the password');
  requireRecentAuthentication(ctx);
  const problem = passwordProblem(input.newPassword);
  if (problem) throw new DomainError('VALIDATION_FAILED', `The new password ${problem}`);
  const user = await ctx.db.kysely.selectFrom('users').select('passwordHash').where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('User');
  // scrypt twice (about a second): before the write transaction, not inside it.
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw new DomainError('FORBIDDEN', 'The current password is not right');
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.write(async (tx, afterCommit) => {
    const now = ctx.now();
    const account = await lockAccount(tx, userId);
    if (!account) throw notFound('User');
    // Another change or a reset committed since the current password was checked: that one stands.
    if (account.passwordHash !== user.passwordHash) throw new DomainError('CONFLICT', 'The password was changed meanwhile; sign in again');
    await tx.updateTable('users').set({ passwordHash }).where('id', '=', userId).execute();
    await tx.deleteFrom('passwordResets').where('userId', '=', userId).execute();
    const sessionsEnded = await endSessions(tx, userId, ctx.sessionId);
    await recordSecurityEvent(tx, ctx, { userId, type: 'password.changed', data: { sessionsEnded }, now });
    await queuePasswordNotice(tx, ctx, account, 'changed', now);
    if (ctx.mailQueued) afterCommit(ctx.mailQueued);
    return { sessionsEnded };
  });
}
