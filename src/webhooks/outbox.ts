import type { Kysely, Selectable } from 'kysely';
import { newId } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { AuditEventsTable, Database } from '../db/schema.js';
import { presentAuditEvent } from '../presenters/audit-events.js';

/** The type of the event a "send test event" request delivers: no audit event is behind it. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** What the company's enabled endpoints want: one read on `webhook_endpoints_by_company`. */
const enabledEndpoints = prepare((db, v: { companyId: string }) =>
  db.selectFrom('webhookEndpoints').select(['id', 'eventTypes']).where('companyId', '=', v.companyId).where('enabled', '=', 1),
);

const insertDelivery = prepare((db, v: { id: string; endpointId: string; companyId: string; eventType: string; payload: string; at: string }) =>
  db.insertInto('webhookDeliveries').values({
    id: v.id,
    endpointId: v.endpointId,
    companyId: v.companyId,
    eventType: v.eventType,
    payload: v.payload,
    status: 'pending',
    attempts: 0,
    createdAt: v.at,
    nextAttemptAt: v.at,
    lockedUntil: null,
    lastAttemptAt: null,
  }),
);

type Subscribed = { id: string; types: ReadonlySet<string> }[];

/**
 * The company's enabled endpoints, read once per transaction and company: a command that writes
 * many audit events (a bulk invitation) asks the database once. Within one transaction only the
 * webhook commands change endpoints, each before its one audit event.
 */
const readInTransaction = new WeakMap<Tx, Map<string, Promise<Subscribed>>>();

function subscribedEndpoints(tx: Tx, companyId: string): Promise<Subscribed> {
  let byCompany = readInTransaction.get(tx);
  if (!byCompany) {
    byCompany = new Map();
    readInTransaction.set(tx, byCompany);
  }
  let found = byCompany.get(companyId);
  if (!found) {
    found = enabledEndpoints
      .execute(tx, { companyId })
      .then((rows) => rows.map((row) => ({ id: row.id, types: new Set(JSON.parse(row.eventTypes) as string[]) })));
    byCompany.set(companyId, found);
  }
  return found;
}

/** A delivery's body, as the Standard Webhooks convention has it: `{ type, timestamp, data }`. */
export const webhookBody = (type: string, timestamp: string, data: unknown): string => JSON.stringify({ type, timestamp, data });

/**
 * Queues the event for every enabled endpoint of its company subscribed to its type, in the
 * transaction that records it (docs/ARCHITECTURE.md "Invariants": a delivery commits or rolls back
 * with its change). The body carries the event as the audit log presents it. A company with no
 * enabled endpoint pays the one indexed read.
 */
export async function queueWebhookDeliveries(tx: Tx, event: Omit<Selectable<AuditEventsTable>, 'seq'>): Promise<void> {
  const endpoints = await subscribedEndpoints(tx, event.companyId);
  if (endpoints.length === 0) return;
  let payload: string | undefined;
  for (const endpoint of endpoints) {
    if (!endpoint.types.has(event.type)) continue;
    payload ??= webhookBody(event.type, event.createdAt, presentAuditEvent(event));
    await insertDelivery.executeWrite(tx, { id: newMessageId(), endpointId: endpoint.id, companyId: event.companyId, eventType: event.type, payload, at: event.createdAt });
  }
}

/** Queues one test event for one endpoint, whatever it subscribes to; returns the delivery's id. */
export async function queueTestDelivery(tx: Tx, endpoint: { id: string; companyId: string }, actorId: string, now: Date): Promise<string> {
  const id = newMessageId();
  const at = now.toISOString();
  const payload = webhookBody(TEST_EVENT_TYPE, at, { endpointId: endpoint.id, companyId: endpoint.companyId, actorId, message: 'A test event sent from Roster' });
  await insertDelivery.executeWrite(tx, { id, endpointId: endpoint.id, companyId: endpoint.companyId, eventType: TEST_EVENT_TYPE, payload, at });
  return id;
}

/** A message id, `msg_…`, as the specification's examples write them; the `webhook-id` of every attempt. */
const newMessageId = (): string => `msg_${newId()}`;

/**
 * How long an endpoint's delivery log keeps a finished delivery (delivered, or failed for good) with
 * its attempts, as GitHub keeps its recent deliveries: long enough to look into a failure and send
 * it again, short enough that the log does not grow without end. Pending ones are never pruned.
 */
export const WEBHOOK_LOG_RETENTION_DAYS = 30;

/** The oldest moment the delivery log keeps at `now`. */
export const webhookLogStart = (now: Date): string => new Date(now.getTime() - WEBHOOK_LOG_RETENTION_DAYS * 86_400_000).toISOString();

/**
 * Deletes at most `limit` finished deliveries made before `before`, oldest first, their attempts
 * with them (the foreign key cascades); returns how many went. Found by status and age (migration 0029).
 */
export async function deleteWebhookDeliveriesBefore(db: Kysely<Database>, before: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('webhookDeliveries')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('webhookDeliveries')
        .select('id')
        .where('status', 'in', ['delivered', 'failed'])
        .where('createdAt', '<', before)
        .orderBy('createdAt')
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
