import type { CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';
import { requireSession } from './sessions-shared.js';

/**
 * Ends every session of the signed-in user but the one asking ("sign out of other sessions");
 * API tokens stay. Needs a session. Written to the user's security log with the number ended,
 * also when there was none to end (the person asked, and saw the answer).
 */
export async function endOtherSessions(ctx: CommandContext): Promise<{ sessions: number }> {
  const userId = requireSession(ctx, 'Signing out of other sessions');
  const current = ctx.sessionId ?? '';
  return ctx.db.write(async (tx) => {
    const ended = await tx.deleteFrom('sessions').where('userId', '=', userId).where('id', '!=', current).executeTakeFirst();
    const sessions = Number(ended.numDeletedRows);
    await recordSecurityEvent(tx, ctx, { userId, type: 'sessions.ended_others', data: { sessions }, now: ctx.now() });
    return { sessions };
  });
}
