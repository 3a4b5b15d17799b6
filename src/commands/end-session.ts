import { notFound } from '../domain/errors.js';
import { clientName } from '../model/clients.js';
import type { CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';
import { requireSession } from './sessions-shared.js';

/**
 * Ends one of the signed-in user's sessions by its public id — the one asking too, which is then
 * signed out. Another user's session id is NOT_FOUND, as an unknown one is, so that it tells
 * nothing of whether it exists. Needs a session (a leaked API token must not sign its owner out).
 * Written to the user's security log with the session's client.
 */
export async function endSession(ctx: CommandContext, sessionId: string): Promise<{ current: boolean }> {
  const userId = requireSession(ctx, 'Ending a session');
  return ctx.db.write(async (tx) => {
    const ended = await tx
      .deleteFrom('sessions')
      .where('id', '=', sessionId)
      .where('userId', '=', userId)
      .returning(['id', 'userAgent', 'ip', 'createdAt'])
      .executeTakeFirst();
    if (!ended) throw notFound('Session');
    const current = ended.id === ctx.sessionId;
    await recordSecurityEvent(tx, ctx, {
      userId,
      type: 'session.ended',
      data: { sessionId: ended.id, client: clientName(ended.userAgent), ip: ended.ip, createdAt: ended.createdAt, current },
      now: ctx.now(),
    });
    return { current };
  });
}
