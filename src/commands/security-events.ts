import { newId } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';
import type { SecurityEventType } from '../domain/events.js';
import type { CommandContext } from './context.js';
import { USER_AGENT_MAX } from './sessions-shared.js';

/** Writes one event of the user's security log, in the caller's transaction, with the caller's address and client. */
export async function recordSecurityEvent(
  tx: Tx,
  ctx: Pick<CommandContext, 'ip' | 'userAgent'>,
  event: { userId: string; type: SecurityEventType; data: Record<string, unknown>; now: Date },
): Promise<void> {
  await tx
    .insertInto('securityEvents')
    .values({
      id: newId(),
      userId: event.userId,
      type: event.type,
      data: JSON.stringify(event.data),
      ip: ctx.ip ?? null,
      userAgent: ctx.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      createdAt: event.now.toISOString(),
    })
    .execute();
}
