import { newTotpSecret, totpUri } from '../auth/totp.js';
import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';
import { requireSession } from './sessions-shared.js';
import { sealTotpSecret, twoFactorOf } from './two-factor-shared.js';

/**
 * Begins turning two-factor on: a new authenticator secret, kept sealed until the first code from
 * the app proves it was copied (enable-two-factor.ts). Asking again replaces a secret not yet
 * confirmed. Returns the secret and its `otpauth://` URI, for the QR code.
 */
export async function startTwoFactor(ctx: CommandContext): Promise<{ secret: string; uri: string }> {
  const userId = requireSession(ctx, 'Turning on two-factor authentication');
  const secret = newTotpSecret();
  const now = ctx.now().toISOString();
  const email = await ctx.db.write(async (tx) => {
    if ((await twoFactorOf(tx, userId))?.enabledAt) throw new DomainError('CONFLICT', 'Two-factor authentication is on already');
    const sealed = sealTotpSecret(ctx.settings.secretKey, userId, secret);
    await tx.deleteFrom('twoFactor').where('userId', '=', userId).execute();
    await tx.insertInto('twoFactor').values({ userId, secret: sealed, createdAt: now, enabledAt: null, lastStep: null }).execute();
    const user = await tx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
    return user.email;
  });
  return { secret, uri: totpUri(secret, email) };
}
