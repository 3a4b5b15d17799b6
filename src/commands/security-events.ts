import { newId } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';
import type { SecurityEventType } from '../domain/events.js';
import type { CommandContext } from './context.js';

/** Writes one event of the user's security log, in the caller's transaction. */
export async function recordSecurityEvent(
  tx: Tx,
  ctx: Pick<CommandContext, 'ip'>,
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
      createdAt: event.now.toISOString(),
    })
    .execute();
}
