import type { Tx } from '../db/database.js';
import { newId } from '../auth/secrets.js';
import { prepare } from '../db/prepared.js';
import type { AuditEventType } from '../domain/events.js';
import { queueWebhookDeliveries } from '../webhooks/outbox.js';

/** One change, as a command describes it. */
export interface AuditEntry {
  type: AuditEventType;
  targetId?: string | null;
  teamId?: string | null;
  data?: Record<string, unknown>;
}

const insertAuditEvent = prepare(
  (
    db,
    v: {
      id: string;
      companyId: string;
      teamId: string | null;
      type: AuditEventType;
      actorId: string;
      targetId: string | null;
      data: string;
      requestId: string | null;
      createdAt: string;
    },
  ) =>
    db.insertInto('auditEvents').values({
      id: v.id,
      companyId: v.companyId,
      teamId: v.teamId,
      type: v.type,
      actorId: v.actorId,
      targetId: v.targetId,
      data: v.data,
      requestId: v.requestId,
      createdAt: v.createdAt,
    }),
);

/**
 * Inserts one immutable audit event, and queues it for the company's webhook endpoints that want
 * its type, in the same transaction (src/webhooks/outbox.ts).
 */
export async function recordAudit(
  tx: Tx,
  entry: AuditEntry & { companyId: string; actorId: string; requestId: string | undefined; now: Date },
): Promise<void> {
  const event = {
    id: newId(),
    companyId: entry.companyId,
    teamId: entry.teamId ?? null,
    type: entry.type,
    actorId: entry.actorId,
    targetId: entry.targetId ?? null,
    data: JSON.stringify(entry.data ?? {}),
    requestId: entry.requestId ?? null,
    createdAt: entry.now.toISOString(),
  };
  await insertAuditEvent.executeWrite(tx, event);
  await queueWebhookDeliveries(tx, event);
}
