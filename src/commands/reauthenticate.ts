import { verifyPassword } from '../auth/passwords.js';
import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';
import { requireSession } from './sessions-shared.js';

/**
 * Signing in again within a session (§ "Two-factor and recent sign-in"): the password proves it is
 * still the account's holder, and the session's `authenticated_at` moves to now, so that sensitive
 * changes are allowed for the next 10 minutes (requireRecentAuthentication). A wrong password
 * changes nothing.
 */
export async function reauthenticate(ctx: CommandContext, input: { password: string }): Promise<{ authenticatedAt: string }> {
  const userId = requireSession(ctx, 'Signing in again');
  const user = await ctx.db.kysely.selectFrom('users').select('passwordHash').where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    throw new DomainError('FORBIDDEN', 'The password is not right');
  }
  const now = ctx.now();
  const authenticatedAt = now.toISOString();
  await ctx.db.write(async (tx) => {
    await tx.updateTable('sessions').set({ authenticatedAt }).where('id', '=', ctx.sessionId ?? '').where('userId', '=', userId).execute();
    await recordSecurityEvent(tx, ctx, { userId, type: 'session.reauthenticated', data: { sessionId: ctx.sessionId }, now });
  });
  return { authenticatedAt };
}
