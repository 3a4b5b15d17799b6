import type { Db } from '../db/database.js';
import { notFound } from '../domain/errors.js';

/** The signed-in user's email, and the change to another waiting for its confirmation link to be opened, if any. */
export async function getEmailSettings(db: Db, userId: string, now: Date) {
  const user = await db.kysely.selectFrom('users').select(['email', 'emailVerified']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('User');
  const pending = await db.kysely
    .selectFrom('emailChanges')
    .select(['newEmail', 'expiresAt'])
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now.toISOString())
    .where('oldEmail', '=', user.email)
    .executeTakeFirst();
  return {
    email: user.email,
    emailVerified: user.emailVerified === 1,
    pending: pending ? { email: pending.newEmail, expiresAt: pending.expiresAt } : null,
  };
}
