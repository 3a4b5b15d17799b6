import { open, seal } from '../auth/seal.js';
import { hashRecoveryCode, matchingStep, newRecoveryCode, RECOVERY_CODE_COUNT } from '../auth/totp.js';
import type { Executor, Tx } from '../db/database.js';
import type { CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';

/** The sealing purpose of TOTP secrets; each is bound to its user's id. */
const PURPOSE = 'totp';

export const sealTotpSecret = (secretKey: Buffer, userId: string, secret: string): string => seal(secretKey, PURPOSE, userId, secret);
export const openTotpSecret = (secretKey: Buffer, userId: string, sealed: string): string => open(secretKey, PURPOSE, userId, sealed);

/** The user's authenticator row, enrolling or on; undefined when two-factor is off. */
export const twoFactorOf = (db: Executor, userId: string) =>
  db.selectFrom('twoFactor').selectAll().where('userId', '=', userId).executeTakeFirst();

/** Whether the user has two-factor on. */
export async function hasTwoFactor(db: Executor, userId: string): Promise<boolean> {
  return (await twoFactorOf(db, userId))?.enabledAt != null;
}

/** What proves the second factor: a code from the app, or one of the recovery codes. */
export interface SecondFactor {
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

/**
 * Checks a code (or a recovery code) of a user with two-factor on, and spends it, in the caller's
 * transaction: a code's time-step becomes the last one accepted, in one conditional update, so
 * that of two requests with the same code (or an older one) only one passes, even at once on
 * PostgreSQL; a recovery code is marked used the same way, and written to the security log.
 * Returns how it was proved, or null (nothing written) when it was not.
 */
export async function spendSecondFactor(
  tx: Tx,
  ctx: Pick<CommandContext, 'settings' | 'ip'>,
  userId: string,
  given: SecondFactor,
  now: Date,
): Promise<'totp' | 'recovery_code' | null> {
  const row = await twoFactorOf(tx, userId);
  if (!row?.enabledAt) return null;
  if (given.code !== undefined) {
    const step = matchingStep(openTotpSecret(ctx.settings.secretKey, userId, row.secret), given.code, now);
    if (step === null) return null;
    const spent = await tx
      .updateTable('twoFactor')
      .set({ lastStep: step })
      .where('userId', '=', userId)
      .where((eb) => eb.or([eb('lastStep', 'is', null), eb('lastStep', '<', step)]))
      .executeTakeFirst();
    return spent.numUpdatedRows > 0n ? 'totp' : null;
  }
  if (given.recoveryCode !== undefined) {
    const spent = await tx
      .updateTable('recoveryCodes')
      .set({ usedAt: now.toISOString() })
      .where('userId', '=', userId)
      .where('codeHash', '=', hashRecoveryCode(ctx.settings.secretKey, given.recoveryCode))
      .where('usedAt', 'is', null)
      .executeTakeFirst();
    if (spent.numUpdatedRows === 0n) return null;
    const left = await recoveryCodesLeft(tx, userId);
    await recordSecurityEvent(tx, ctx, { userId, type: 'recovery_code.used', data: { left }, now });
    return 'recovery_code';
  }
  return null;
}

/** How many unused recovery codes the user has. */
export async function recoveryCodesLeft(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recoveryCodes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Replaces the user's recovery codes with ten new ones; returns them, the only time they are seen. */
export async function replaceRecoveryCodes(tx: Tx, secretKey: Buffer, userId: string, now: Date): Promise<string[]> {
  await tx.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx
    .insertInto('recoveryCodes')
    .values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(secretKey, code), createdAt: now.toISOString(), usedAt: null })))
    .execute();
  return codes;
}

