import { DomainError } from '../domain/errors.js';
import { prepare } from '../db/prepared.js';
import { requireActorId, type CommandContext } from './context.js';
import { lockUser, secondsUntilRoom, windowStart } from './daily-limits.js';
import { queueVerification } from './verification-shared.js';

/** Verification mails one account may have queued in any 24 hours, the sign-up's included. */
export const VERIFICATION_MAILS_PER_DAY = 5;

const newestVerificationsOf = prepare((db, v: { userId: string; since: string; limit: number }) =>
  db
    .selectFrom('emailVerifications')
    .select('createdAt')
    .where('userId', '=', v.userId)
    .where('createdAt', '>', v.since)
    .orderBy('createdAt', 'desc')
    .limit(v.limit),
);

/**
 * Mails the signed-in user a new verification link, for a first one lost or expired: an account
 * whose email is not verified sends no invitations (assertMayMailInvitations). At most
 * VERIFICATION_MAILS_PER_DAY a day, so that an account made with somebody else's address cannot
 * flood that mailbox; a verified email is CONFLICT. Earlier links keep working until they expire.
 */
export async function resendVerification(ctx: CommandContext): Promise<void> {
  const userId = requireActorId(ctx);
  await ctx.db.write(async (tx, afterCommit) => {
    const now = ctx.now();
    const user = await lockUser(tx, userId);
    if (user.emailVerified === 1) throw new DomainError('CONFLICT', 'Your email address is verified already');
    const recent = await newestVerificationsOf.execute(tx, { userId, since: windowStart(now), limit: VERIFICATION_MAILS_PER_DAY });
    const wait = secondsUntilRoom(recent, 1, VERIFICATION_MAILS_PER_DAY, now);
    if (wait !== null) {
      throw new DomainError(
        'RATE_LIMITED',
        `At most ${VERIFICATION_MAILS_PER_DAY} verification mails are sent per 24 hours; try again in ${wait} s`,
        { retryAfterSeconds: wait },
      );
    }
    await queueVerification(tx, ctx, user, now);
    if (ctx.mailQueued) afterCommit(ctx.mailQueued);
  });
}

