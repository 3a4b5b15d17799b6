import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { newId } from '../auth/secrets.js';
import { isUniqueViolation } from '../db/database.js';
import type { User } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { Language } from '../domain/languages.js';
import { storedName } from '../domain/normalize.js';
import type { CommandContext } from './context.js';
import { acceptInvitationIn, findInvitationByToken } from './accept-invitation.js';
import { createSession } from './sessions-shared.js';
import { assertPasswordSignInAllowed } from './sso-shared.js';
import { queueVerification } from './verification-shared.js';

export interface SignUpInput {
  email: string;
  name: string;
  password: string;
  /** Signing up from an invitation link: the token proves the mailbox, and the invitation is accepted. */
  invitationToken?: string;
  /** The language chosen on the sign-up page; without it, the request's (Accept-Language), if it named one. */
  language?: Language;
}

/** Creates an account and signs it in; from an invitation link, also accepts the invitation, all in one step. */
export async function signUp(
  ctx: CommandContext,
  input: SignUpInput,
): Promise<{ user: User; sessionSecret: string; companyId: string | null }> {
  // An enforced single sign-on covers new accounts at its domains too: they are made by signing in through it.
  await assertPasswordSignInAllowed(ctx.db.kysely, { id: '', email: input.email });
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
      language: input.language ?? ctx.requestLanguage ?? null,
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
