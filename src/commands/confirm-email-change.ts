import { hashSecret } from '../auth/secrets.js';
import { isUniqueViolation, type Tx } from '../db/database.js';
import type { EmailChangesTable, User } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import { enqueueMail } from '../mail/outbox.js';
import { emailChangedMessage, mailLanguage } from '../mail/templates.js';
import { lockAccount } from './account-shared.js';
import type { CommandContext } from './context.js';
import { emailTaken } from './request-email-change.js';
import { recordSecurityEvent } from './security-events.js';

async function usableChange(tx: Tx, token: string, now: Date): Promise<EmailChangesTable> {
  const change = await tx.selectFrom('emailChanges').selectAll().where('tokenHash', '=', hashSecret(token)).executeTakeFirst();
  // A link replaced by a newer request, or dropped by a password reset, is gone, as an unknown one.
  if (!change) throw notFound('Confirmation link');
  if (change.usedAt !== null) throw new DomainError('CONFLICT', 'This link has been used already');
  if (change.expiresAt <= now.toISOString()) throw new DomainError('CONFLICT', 'This link has expired; ask for the change again');
  return change;
}

/**
 * Makes the new address the account's email, with the token of the link mailed to it (which
 * proves the mailbox: the email counts as verified). Refused when the link is unknown, used or
 * expired, when the account's email is no longer the one the change was asked from, or when
 * another account has taken the new address since (EMAIL_TAKEN; two at once are settled by the
 * unique index). Every company's members list shows the new email; reset links sent to the old
 * address stop working; the old address gets a notice.
 */
export async function confirmEmailChange(ctx: CommandContext, token: string): Promise<User> {
  try {
    return await ctx.db.write(async (tx, afterCommit) => {
      const now = ctx.now();
      const found = await usableChange(tx, token, now);
      const user = await lockAccount(tx, found.userId);
      const change = await usableChange(tx, token, now);
      if (!user) throw notFound('Confirmation link');
      if (user.email !== change.oldEmail) throw new DomainError('CONFLICT', 'The account’s email has changed since this link was sent');
      const taken = await tx.selectFrom('users').select('id').where('email', '=', change.newEmail).where('id', '!=', user.id).executeTakeFirst();
      if (taken) throw emailTaken();

      await tx.updateTable('users').set({ email: change.newEmail, emailVerified: 1 }).where('id', '=', user.id).execute();
      await tx.updateTable('companyMembers').set({ email: change.newEmail }).where('userId', '=', user.id).execute();
      await tx.updateTable('emailChanges').set({ usedAt: now.toISOString() }).where('tokenHash', '=', change.tokenHash).execute();
      await tx.deleteFrom('passwordResets').where('userId', '=', user.id).execute();
      await recordSecurityEvent(tx, ctx, { userId: user.id, type: 'email.changed', data: { from: user.email, to: change.newEmail }, now });
      const message = emailChangedMessage(mailLanguage(user.language, ctx.requestLanguage), { name: user.name, newEmail: change.newEmail, at: now });
      await enqueueMail(tx, { kind: 'email-changed', to: user.email, ...message }, now, ctx.settings.secretKey);
      if (ctx.mailQueued) afterCommit(ctx.mailQueued);
      return { ...user, email: change.newEmail, emailVerified: 1 as const };
    });
  } catch (error) {
    // A sign-up or another change took the address between the check and the write.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}
