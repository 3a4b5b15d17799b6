import { hashSecret } from '../auth/secrets.js';
import type { Db } from '../db/database.js';

/** The email of the account a sign-in challenge belongs to (for its rate limit), if the challenge exists. */
export async function emailOfChallenge(db: Db, challenge: string): Promise<string | undefined> {
  const row = await db.kysely
    .selectFrom('signInChallenges as c')
    .innerJoin('users as u', 'u.id', 'c.userId')
    .select('u.email')
    .where('c.tokenHash', '=', hashSecret(challenge))
    .executeTakeFirst();
  return row?.email;
}

/** Whether the user has two-factor on, since when, and how many recovery codes are left. */
export async function twoFactorStatus(db: Db, userId: string) {
  const row = await db.kysely.selectFrom('twoFactor').select('enabledAt').where('userId', '=', userId).executeTakeFirst();
  const left = await db.kysely
    .selectFrom('recoveryCodes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return { enabled: row?.enabledAt != null, enabledAt: row?.enabledAt ?? null, recoveryCodesLeft: Number(left.n) };
}
