import { hashSecret, newSecret } from '../auth/secrets.js';
import { DomainError, notFound } from '../domain/errors.js';
import { enqueueMail } from '../mail/outbox.js';
import { emailChangeMessage, mailLanguage } from '../mail/templates.js';
import { EMAIL_CHANGE_TTL_HOURS, lockAccount } from './account-shared.js';
import type { CommandContext } from './context.js';
import { secondsUntilRoom, windowStart } from './daily-limits.js';
import { requireRecentAuthentication } from './recent-authentication.js';
import { recordSecurityEvent } from './security-events.js';
import { requireSession } from './sessions-shared.js';

/** Confirmation mails for a new email one account may have sent in any 24 hours. */
export const EMAIL_CHANGES_PER_DAY = 5;

/** An email another account has, refused without saying whose. */
export const emailTaken = (): DomainError => new DomainError('EMAIL_TAKEN', 'Another account has this email');

/**
 * Mails a link to `email` that makes it the signed-in user's email once opened; until then the
 * account keeps its email. Refused when it is their email already (CONFLICT) or another account's
 * (EMAIL_TAKEN, checked again when the link is opened). A newer request deletes the older link; at
 * most EMAIL_CHANGES_PER_DAY a day, so that nobody floods a stranger's mailbox with them. From a
 * signed-in session only: a leaked API token must not be able to take the account's address.
 */
export async function requestEmailChange(ctx: CommandContext, input: { email: string }): Promise<{ email: string; expiresAt: string }> {
  const userId = requireSession(ctx, 'Changing the email');
  requireRecentAuthentication(ctx);
  const token = newSecret();
  return ctx.db.write(async (tx, afterCommit) => {
    const now = ctx.now();
    const user = await lockAccount(tx, userId);
    if (!user) throw notFound('User');
    if (user.email === input.email) throw new DomainError('CONFLICT', 'This is your email already');
    const taken = await tx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
    if (taken) throw emailTaken();
    // Counted from the security log, which keeps the requests that newer ones replaced.
    const recent = await tx
      .selectFrom('securityEvents')
      .select('createdAt')
      .where('userId', '=', userId)
      .where('type', '=', 'email.change_requested')
      .where('createdAt', '>', windowStart(now))
      .orderBy('createdAt', 'desc')
      .limit(EMAIL_CHANGES_PER_DAY)
      .execute();
    const wait = secondsUntilRoom(recent, 1, EMAIL_CHANGES_PER_DAY, now);
    if (wait !== null) {
      throw new DomainError('RATE_LIMITED', `At most ${EMAIL_CHANGES_PER_DAY} email changes are asked per 24 hours; try again in ${wait} s`, {
        retryAfterSeconds: wait,
      });
    }
    await tx.deleteFrom('emailChanges').where('userId', '=', userId).execute();
    const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_TTL_HOURS * 3_600_000).toISOString();
    await tx
      .insertInto('emailChanges')
      .values({ tokenHash: hashSecret(token), userId, oldEmail: user.email, newEmail: input.email, createdAt: now.toISOString(), expiresAt, usedAt: null })
      .execute();
    const message = emailChangeMessage(mailLanguage(user.language, ctx.requestLanguage), {
      name: user.name,
      confirmUrl: `${ctx.settings.baseUrl}/confirm-email/${token}`,
      validHours: EMAIL_CHANGE_TTL_HOURS,
    });
    await enqueueMail(tx, { kind: 'email-change', to: input.email, ...message }, now, ctx.settings.secretKey);
    await recordSecurityEvent(tx, ctx, { userId, type: 'email.change_requested', data: { newEmail: input.email }, now });
    if (ctx.mailQueued) afterCommit(ctx.mailQueued);
    return { email: input.email, expiresAt };
  });
}
