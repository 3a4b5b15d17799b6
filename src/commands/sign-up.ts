import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { hashSecret, newId, newSecret } from '../auth/secrets.js';
import { isUniqueViolation, type Tx } from '../db/database.js';
import type { User } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { storedName } from '../domain/normalize.js';
import { verificationMessage } from '../mail/templates.js';
import { enqueueMail } from '../mail/outbox.js';
import { prepare } from '../db/prepared.js';
import { requireActorId, type CommandContext } from './context.js';
import { lockUser, secondsUntilRoom, windowStart } from './daily-limits.js';
import { acceptInvitationIn, findInvitationByToken } from './accept-invitation.js';
import { createSession } from './sessions-shared.js';

export interface SignUpInput {
  email: string;
  name: string;
  password: string;
  /** Signing up from an invitation link: the token proves the mailbox, and the invitation is accepted. */
  invitationToken?: string;
}

const VERIFICATION_TTL_HOURS = 48;

/** Creates an account and signs it in; from an invitation link, also accepts the invitation, all in one step. */
export async function signUp(
  ctx: CommandContext,
  input: SignUpInput,
): Promise<{ user: User; sessionSecret: string; companyId: string | null }> {
  const name = storedName(input.name, 'name');
  const problem = passwordProblem(input.password);
  if (problem) throw new DomainError('VALIDATION_FAILED', `The password ${problem}`);
  // scrypt takes a good fraction of a second: hash before the write transaction, not inside it.
  const passwordHash = await hashPassword(input.password);
  try {
    return await createAccount(ctx, { ...input, name }, passwordHash);
  } catch (error) {
    // Two sign-ups of one email at the same moment: the unique index refuses the second.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

const emailTaken = () => new DomainError('EMAIL_TAKEN', 'An account with this email exists; sign in instead');

async function createAccount(
  ctx: CommandContext,
  input: SignUpInput,
  passwordHash: string,
): Promise<{ user: User; sessionSecret: string; companyId: string | null }> {
  return ctx.db.write(async (tx, afterCommit) => {
    const now = ctx.now();
    const taken = await tx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
    if (taken) throw emailTaken();

    const invitation = input.invitationToken ? await findInvitationByToken(tx, input.invitationToken) : undefined;
    const user: User = {
      id: newId(),
      email: input.email,
      name: input.name,
      passwordHash,
      emailVerified: invitation ? 1 : 0,
      createdAt: now.toISOString(),
      deletedAt: null,
    };
    await tx.insertInto('users').values(user).execute();

    let companyId: string | null = null;
    if (invitation) {
      companyId = (await acceptInvitationIn(tx, invitation, user, now, ctx.requestId)).companyId;
    } else {
      await queueVerification(tx, ctx, user, now);
      if (ctx.mailQueued) afterCommit(ctx.mailQueued);
    }
    const { secret: sessionSecret } = await createSession(tx, user.id, now, ctx.settings.sessionTtlDays, ctx);
    return { user, sessionSecret, companyId };
  });
}

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

/** Queues the email that proves the user owns their address. */
export async function queueVerification(tx: Tx, ctx: CommandContext, user: Pick<User, 'id' | 'name' | 'email'>, now: Date): Promise<void> {
  const token = newSecret();
  await tx
    .insertInto('emailVerifications')
    .values({
      tokenHash: hashSecret(token),
      userId: user.id,
      email: user.email,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + VERIFICATION_TTL_HOURS * 3_600_000).toISOString(),
      usedAt: null,
    })
    .execute();
  const message = verificationMessage({ name: user.name, verifyUrl: `${ctx.settings.baseUrl}/verify-email/${token}` });
  await enqueueMail(tx, { kind: 'email-verification', to: user.email, ...message }, now, ctx.settings.secretKey);
}
