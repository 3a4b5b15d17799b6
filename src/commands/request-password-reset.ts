import { hashSecret, newSecret } from '../auth/secrets.js';
import { enqueueMail } from '../mail/outbox.js';
import { mailLanguage, passwordResetMessage } from '../mail/templates.js';
import { lockAccountByEmail, PASSWORD_RESET_TTL_MINUTES, replacePasswordReset } from './account-shared.js';
import type { CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';

/**
 * Mails a link that sets a new password to the account with this email, if there is one; says
 * nothing either way (the route answers 202 before this runs, so that neither the answer nor its
 * time tells whether the address has an account). The link's token has 256 bits, only its hash
 * is kept, it works for PASSWORD_RESET_TTL_MINUTES, and a newer request deletes the older link.
 */
export async function requestPasswordReset(ctx: CommandContext, email: string): Promise<void> {
  // Made whether or not the account exists: the same work either way, up to the writes.
  const token = newSecret();
  const tokenHash = hashSecret(token);
  await ctx.db.write(async (tx, afterCommit) => {
    const now = ctx.now();
    const user = await lockAccountByEmail(tx, email);
    if (!user) return;
    await replacePasswordReset(tx, user, tokenHash, now);
    const message = passwordResetMessage(mailLanguage(user.language, ctx.requestLanguage), {
      name: user.name,
      resetUrl: `${ctx.settings.baseUrl}/reset-password/${token}`,
      validMinutes: PASSWORD_RESET_TTL_MINUTES,
    });
    await enqueueMail(tx, { kind: 'password-reset', to: user.email, ...message }, now, ctx.settings.secretKey);
    await recordSecurityEvent(tx, ctx, { userId: user.id, type: 'password.reset_requested', data: {}, now });
    if (ctx.mailQueued) afterCommit(ctx.mailQueued);
  });
}
