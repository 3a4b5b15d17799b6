import type { Db } from '../db/database.js';
import type { WebhookAttempt } from '../db/schema.js';
import { notFound } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { presentWebhookAttempt, presentWebhookDelivery, presentWebhookEndpoint } from '../presenters/webhooks.js';
import { newestFirst } from './cursor.js';
import { readAsMember } from './scope.js';

/** The company, the caller allowed to manage its webhooks (owner, admin), and the endpoint when one is named. */
async function readEndpoints(db: Db, userId: string, companyId: string) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  authorize(actor, 'webhook.manage', {});
  return company;
}

async function requireEndpointRow(db: Db, companyId: string, endpointId: string) {
  const row = await db.kysely.selectFrom('webhookEndpoints').selectAll().where('companyId', '=', companyId).where('id', '=', endpointId).executeTakeFirst();
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

/** The company's webhook endpoints, oldest first (a short list, whole): owner and admins; others FORBIDDEN. */
export async function listWebhookEndpoints(db: Db, userId: string, companyId: string, now: Date) {
  const company = await readEndpoints(db, userId, companyId);
  const rows = await db.kysely.selectFrom('webhookEndpoints').selectAll().where('companyId', '=', company.id).orderBy('createdAt').orderBy('id').execute();
  return { items: rows.map((row) => presentWebhookEndpoint(row, now)) };
}

/** One endpoint of the company. */
export async function getWebhookEndpoint(db: Db, userId: string, companyId: string, endpointId: string, now: Date) {
  const company = await readEndpoints(db, userId, companyId);
  return { endpoint: presentWebhookEndpoint(await requireEndpointRow(db, company.id, endpointId), now) };
}

/** The latest attempt of each delivery: one query for a page. */
async function lastAttempts(db: Db, deliveryIds: string[]): Promise<Map<string, WebhookAttempt>> {
  if (deliveryIds.length === 0) return new Map();
  const rows = await db.kysely.selectFrom('webhookAttempts').selectAll().where('deliveryId', 'in', deliveryIds).orderBy('attempt').execute();
  return new Map(rows.map((row) => [row.deliveryId, row]));
}

/** An endpoint's delivery log, newest first, keyset-paged on `(created_at, id)`, each delivery with its latest attempt. */
export async function listWebhookDeliveries(db: Db, userId: string, companyId: string, endpointId: string, filters: { limit: number; cursor?: string }) {
  const company = await readEndpoints(db, userId, companyId);
  const endpoint = await requireEndpointRow(db, company.id, endpointId);
  const { rows, nextCursor } = await newestFirst(db.kysely.selectFrom('webhookDeliveries').selectAll().where('endpointId', '=', endpoint.id), filters);
  const attempts = await lastAttempts(db, rows.map((row) => row.id));
  return { items: rows.map((row) => presentWebhookDelivery(row, attempts.get(row.id))), nextCursor };
}

/** One delivery with its body and every attempt, oldest first. */
export async function getWebhookDelivery(db: Db, userId: string, companyId: string, endpointId: string, deliveryId: string) {
  const company = await readEndpoints(db, userId, companyId);
  const endpoint = await requireEndpointRow(db, company.id, endpointId);
  const row = await db.kysely.selectFrom('webhookDeliveries').selectAll().where('endpointId', '=', endpoint.id).where('id', '=', deliveryId).executeTakeFirst();
  if (!row) throw notFound('Webhook delivery');
  const attempts = await db.kysely.selectFrom('webhookAttempts').selectAll().where('deliveryId', '=', row.id).orderBy('attempt').execute();
  return {
    delivery: { ...presentWebhookDelivery(row, attempts.at(-1)), payload: JSON.parse(row.payload) as unknown },
    attempts: attempts.map(presentWebhookAttempt),
  };
}
