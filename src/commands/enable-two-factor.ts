import { matchingStep } from '../auth/totp.js';
import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';
import { requireSession } from './sessions-shared.js';
import { openTotpSecret, replaceRecoveryCodes, twoFactorOf } from './two-factor-shared.js';

/**
 * Completes turning two-factor on: a current code of the secret given by start-two-factor.ts
 * proves the app holds it. Two-factor is then on, that code's step is spent, and ten recovery
 * codes are made and returned, the only time they are shown. A wrong code changes nothing.
 */
export async function enableTwoFactor(ctx: CommandContext, input: { code: string }): Promise<{ recoveryCodes: string[] }> {
  const userId = requireSession(ctx, 'Turning on two-factor authentication');
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const row = await twoFactorOf(tx, userId);
    if (!row) throw new DomainError('CONFLICT', 'Start turning on two-factor authentication first');
    if (row.enabledAt) throw new DomainError('CONFLICT', 'Two-factor authentication is on already');
    const step = matchingStep(openTotpSecret(ctx.settings.secretKey, userId, row.secret), input.code, now);
    if (step === null) throw new DomainError('VALIDATION_FAILED', 'The code is not right; enter the code your app shows now');
    await tx.updateTable('twoFactor').set({ enabledAt: now.toISOString(), lastStep: step }).where('userId', '=', userId).execute();
    const recoveryCodes = await replaceRecoveryCodes(tx, ctx.settings.secretKey, userId, now);
    await recordSecurityEvent(tx, ctx, { userId, type: 'two_factor.enabled', data: {}, now });
    return { recoveryCodes };
  });
}
