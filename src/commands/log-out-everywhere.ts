import type { CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';
import { requireSession } from './sessions-shared.js';

/**
 * Ends every session of the signed-in user, the one asking included (its cookie may be the copy
 * that prompted this), and with `tokens` every API token too. Needs a session. Written to the
 * user's security log with what it ended.
 */
export async function logOutEverywhere(ctx: CommandContext, input: { tokens: boolean }): Promise<{ sessions: number; tokens: number }> {
  const userId = requireSession(ctx, 'Signing out everywhere');
  return ctx.db.write(async (tx) => {
    const sessions = await tx.deleteFrom('sessions').where('userId', '=', userId).executeTakeFirst();
    const tokens = input.tokens ? await tx.deleteFrom('apiTokens').where('userId', '=', userId).executeTakeFirst() : undefined;
    const ended = { sessions: Number(sessions.numDeletedRows), tokens: Number(tokens?.numDeletedRows ?? 0n) };
    await recordSecurityEvent(tx, ctx, { userId, type: 'sessions.ended_everywhere', data: { ...ended, includingTokens: input.tokens }, now: ctx.now() });
    return ended;
  });
}
