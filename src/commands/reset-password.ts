import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { hashSecret } from '../auth/secrets.js';
import type { Executor } from '../db/database.js';
import type { PasswordResetsTable } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import { endSessions, lockAccount, queuePasswordNotice } from './account-shared.js';
import type { CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';

/** The reset a link's token names, if it may still be used; NOT_FOUND or CONFLICT otherwise. */
async function usableReset(db: Executor, token: string, now: Date): Promise<PasswordResetsTable> {
  const reset = await db.selectFrom('passwordResets').selectAll().where('tokenHash', '=', hashSecret(token)).executeTakeFirst();
  // A link replaced by a newer request is gone, as an unknown one.
  if (!reset) throw notFound('Reset link');
  if (reset.usedAt !== null) throw new DomainError('CONFLICT', 'This link has been used already; ask for a new one');
  if (reset.expiresAt <= now.toISOString()) throw new DomainError('CONFLICT', 'This link has expired; ask for a new one');
  return reset;
}

/**
 * Sets a new password with the token of a reset mail: the password must pass §6, the link be
 * unused, unexpired, the newest, and the account's email still the address it was sent to. Every
 * session of the account ends (none is started: the person signs in with the new password, and
 * a second factor where they have one), an email change waiting for confirmation is dropped, the
 * email counts as verified (the link proved the mailbox), and a notice goes to the address.
 */
export async function resetPassword(ctx: CommandContext, input: { token: string; password: string }): Promise<{ sessionsEnded: number }> {
  const problem = passwordProblem(input.password);
  if (problem) throw new DomainError('VALIDATION_FAILED', `The password ${problem}`);
  // The link is checked before scrypt runs, which costs an unknown token nothing; again below, under the lock.
  await usableReset(ctx.db.kysely, input.token, ctx.now());
  const passwordHash = await hashPassword(input.password);
  return ctx.db.write(async (tx, afterCommit) => {
    const now = ctx.now();
    const found = await usableReset(tx, input.token, now);
    // The account's lock first, then the link read again: of two uses at once, the second sees the first's.
    const user = await lockAccount(tx, found.userId);
    const reset = await usableReset(tx, input.token, now);
    if (!user) throw notFound('Reset link');
    if (user.email !== reset.email) throw new DomainError('CONFLICT', 'The account’s email has changed since this link was sent; ask for a new one');

    await tx.updateTable('users').set({ passwordHash, emailVerified: 1 }).where('id', '=', user.id).execute();
    await tx.updateTable('passwordResets').set({ usedAt: now.toISOString() }).where('tokenHash', '=', reset.tokenHash).execute();
    // Whoever asked for it from a session the reset ends must not get the account's email afterwards.
    await tx.deleteFrom('emailChanges').where('userId', '=', user.id).execute();
    const sessionsEnded = await endSessions(tx, user.id);
    await recordSecurityEvent(tx, ctx, { userId: user.id, type: 'password.reset', data: { sessionsEnded }, now });
    await queuePasswordNotice(tx, ctx, user, 'reset', now);
    if (ctx.mailQueued) afterCommit(ctx.mailQueued);
    return { sessionsEnded };
  });
}
