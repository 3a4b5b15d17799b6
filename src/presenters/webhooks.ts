import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../db/schema.js';

/** A webhook endpoint in API.md's WebhookEndpoint shape: never a secret, only until when the replaced one signs. */
export const presentWebhookEndpoint = (row: WebhookEndpoint, now: Date) => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: JSON.parse(row.eventTypes) as string[],
  enabled: row.enabled === 1,
  disabledReason: row.disabledReason,
  failingSince: row.failingSince,
  previousSecretUntil: row.previousSecretUntil !== null && row.previousSecretUntil > now.toISOString() ? row.previousSecretUntil : null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** One attempt of a delivery (WebhookAttempt). */
export const presentWebhookAttempt = (row: WebhookAttempt) => ({
  attempt: row.attempt,
  at: row.at,
  ok: row.ok === 1,
  statusCode: row.statusCode,
  durationMs: row.durationMs,
  error: row.error,
  responseBody: row.responseBody,
});

/** A delivery (WebhookDelivery) with its latest attempt; `nextAttemptAt` only while it waits. */
export const presentWebhookDelivery = (row: WebhookDelivery, lastAttempt: WebhookAttempt | undefined) => ({
  id: row.id,
  eventType: row.eventType,
  status: row.status,
  attempts: row.attempts,
  createdAt: row.createdAt,
  nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null,
  lastAttempt: lastAttempt === undefined ? null : presentWebhookAttempt(lastAttempt),
});
