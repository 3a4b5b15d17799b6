import { verifyPassword, decoyHash } from '../auth/passwords.js';
import type { User } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';
import { assertPasswordUnchanged } from './account-shared.js';
import { createSession } from './sessions-shared.js';

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
  const session = await ctx.db.write(async (tx) => {
    // A reset or change of the password committed since the check ends every session: no new one from the old password.
    await assertPasswordUnchanged(tx, user.id, user.passwordHash);
    return createSession(tx, user.id, ctx.now(), ctx.settings.sessionTtlDays, ctx);
  });
  return { user, sessionSecret: session.secret };
}
