import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';
import { requireRecentAuthentication } from './recent-authentication.js';
import { recordSecurityEvent } from './security-events.js';
import { requireSession } from './sessions-shared.js';
import { replaceRecoveryCodes, twoFactorOf } from './two-factor-shared.js';

/** Ten new recovery codes in place of the old ones (used or not), after a recent sign-in; shown this once. */
export async function regenerateRecoveryCodes(ctx: CommandContext): Promise<{ recoveryCodes: string[] }> {
  const userId = requireSession(ctx, 'Making new recovery codes');
  requireRecentAuthentication(ctx);
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    if (!(await twoFactorOf(tx, userId))?.enabledAt) throw new DomainError('CONFLICT', 'Two-factor authentication is off');
    const recoveryCodes = await replaceRecoveryCodes(tx, ctx.settings.secretKey, userId, now);
    await recordSecurityEvent(tx, ctx, { userId, type: 'recovery_codes.regenerated', data: {}, now });
    return { recoveryCodes };
  });
}
