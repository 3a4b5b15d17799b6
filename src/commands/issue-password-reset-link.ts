import { hashSecret, newSecret } from '../auth/secrets.js';
import { notFound } from '../domain/errors.js';
import { lockAccountByEmail, PASSWORD_RESET_TTL_MINUTES, replacePasswordReset } from './account-shared.js';
import type { CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';

/**
 * A password-reset link for the account with this email, handed to an operator (`roster
 * password-reset-link`) instead of mailed: for a server whose mail is down. The same link as the
 * mailed one (256 bits, hash only, PASSWORD_RESET_TTL_MINUTES, replacing any older link), and the
 * same entry in the person's security log, marked as given by the command line. Unlike the
 * public request it says when there is no such account: an operator already reads the database.
 */
export async function issuePasswordResetLink(ctx: CommandContext, email: string): Promise<{ url: string; expiresAt: string }> {
  const token = newSecret();
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const user = await lockAccountByEmail(tx, email);
    if (!user) throw notFound('Account');
    await replacePasswordReset(tx, user, hashSecret(token), now);
    await recordSecurityEvent(tx, ctx, { userId: user.id, type: 'password.reset_requested', data: { via: 'cli' }, now });
    return {
      url: `${ctx.settings.baseUrl}/reset-password/${token}`,
      expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MINUTES * 60_000).toISOString(),
    };
  });
}
