import { newId } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';
import type { CommandContext } from './context.js';

/** What the user's security log records: changes to how their account can be reached. */
export const SECURITY_EVENT_TYPES = ['api_token.created', 'api_token.revoked', 'sessions.ended_everywhere'] as const;
export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

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
