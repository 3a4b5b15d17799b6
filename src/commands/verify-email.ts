import { hashSecret } from '../auth/secrets.js';
import type { User } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { CommandContext } from './context.js';

/** Marks the email verified with the token from the verification mail. */
export async function verifyEmail(ctx: CommandContext, token: string): Promise<User> {
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const verification = await tx
      .selectFrom('emailVerifications')
      .selectAll()
      .where('tokenHash', '=', hashSecret(token))
      .executeTakeFirst();
    if (!verification) throw notFound('Verification link');
    if (verification.usedAt !== null) throw new DomainError('CONFLICT', 'This link has been used already');
    if (verification.expiresAt <= now.toISOString()) throw new DomainError('CONFLICT', 'This link has expired; ask for a new one');
    const user = await tx.selectFrom('users').selectAll().where('id', '=', verification.userId).executeTakeFirstOrThrow();
    if (user.email !== verification.email) throw new DomainError('CONFLICT', 'The account’s email has changed since this link was sent');
    await tx.updateTable('emailVerifications').set({ usedAt: now.toISOString() }).where('tokenHash', '=', verification.tokenHash).execute();
    await tx.updateTable('users').set({ emailVerified: 1 }).where('id', '=', user.id).execute();
    return { ...user, emailVerified: 1 as const };
  });
}
