import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * What one process reports to Prometheus (docs/OPERATIONS.md "Metrics"). The HTTP layer, the
 * database and the workers report through the small functions here, so none of them knows
 * prom-client; the gauges that describe the database (pool, outbox) are read when scraped.
 */
export interface Metrics {
  readonly registry: Registry;
  /** One answered request: its route pattern (never the raw path: ids would make a series each), method, status and time. */
  requestAnswered(route: string, method: string, status: number, seconds: number): void;
  /** A mail the worker sent, or a try that failed (it will be tried again). */
  mailDelivery(kind: string, outcome: 'sent' | 'failed'): void;
  /** A webhook delivery attempt: delivered (2xx), or failed (any other answer, a timeout, a refused address). */
  webhookDelivery(outcome: 'delivered' | 'failed'): void;
  /** The Prometheus text of every metric, and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** Seconds: from a fast read (~0.5 ms) to a request held by a slow database (statement timeout 30 s). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Creates the registry of one process, with Node's own process metrics, for the database `db`. */
export function createMetrics(db: Db, now: () => Date = () => new Date()): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requestSeconds = new Histogram({
    name: 'roster_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'roster_rate_limit_refusals_total',
    help: 'Requests refused with 429 (a rate limit or a daily limit), by route pattern',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const mail = new Counter({
    name: 'roster_mail_deliveries_total',
    help: 'Mail delivery attempts by this process, by kind and outcome (failed ones are tried again)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'roster_webhook_deliveries_total',
    help: 'Webhook delivery attempts by this process, by outcome (failed ones are tried again)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  new Counter({
    name: 'roster_transaction_retries_total',
    help: 'Write transactions run again after a deadlock or a serialization failure (PostgreSQL)',
    registers: [registry],
    collect() {
      // The database counts its own retries; the counter is set to that total at each scrape.
      this.reset();
      this.inc(db.stats().transactionRetries);
    },
  });
  new Gauge({
    name: 'roster_database_connections',
    help: 'Database connections of this process by state: in use, idle, and requests waiting for one (PostgreSQL; SQLite has one connection)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = db.stats().pool;
      this.set({ state: 'in_use' }, pool.total - pool.idle);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });
  // The outbox is the database's: every process of a fleet reports the same depth and age.
  const outboxDepth = new Gauge({ name: 'roster_outbox_depth', help: 'Mails queued and not yet sent', registers: [registry] });
  const outboxAge = new Gauge({
    name: 'roster_outbox_oldest_age_seconds',
    help: 'Age of the oldest mail not yet sent; 0 when none waits',
    registers: [registry],
  });
  const webhookDepth = new Gauge({ name: 'roster_webhook_outbox_depth', help: 'Webhook deliveries waiting to be delivered (retries included)', registers: [registry] });
  const webhookAge = new Gauge({
    name: 'roster_webhook_outbox_oldest_age_seconds',
    help: 'Age of the oldest webhook delivery waiting; 0 when none waits',
    registers: [registry],
  });

  return {
    registry,
    requestAnswered(route, method, status, seconds) {
      requestSeconds.observe({ route, method, status }, seconds);
      if (status === 429) rateLimited.inc({ route });
    },
    mailDelivery(kind, outcome) {
      mail.inc({ kind, outcome });
    },
    webhookDelivery(outcome) {
      webhooks.inc({ outcome });
    },
    async scrape() {
      const [mailWaiting, webhooksWaiting] = await Promise.all([unsentMail(db), pendingWebhooks(db)]);
      const age = (oldest: string | null) => (oldest === null ? 0 : Math.max(0, (now().getTime() - Date.parse(oldest)) / 1000));
      outboxDepth.set(mailWaiting.count);
      outboxAge.set(age(mailWaiting.oldest));
      webhookDepth.set(webhooksWaiting.count);
      webhookAge.set(age(webhooksWaiting.oldest));
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** How many mails wait, and since when: the `outbox_due` index's range of unsent rows. */
async function unsentMail(db: Db): Promise<{ count: number; oldest: string | null }> {
  const row = await db.kysely
    .selectFrom('outbox')
    .select([sql<number | string>`count(*)`.as('count'), sql<string | null>`min(created_at)`.as('oldest')])
    .where('sentAt', 'is', null)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest };
}

/** How many webhook deliveries wait, and since when: the `webhook_deliveries_due` index's range of pending rows. */
async function pendingWebhooks(db: Db): Promise<{ count: number; oldest: string | null }> {
  const row = await db.kysely
    .selectFrom('webhookDeliveries')
    .select([sql<number | string>`count(*)`.as('count'), sql<string | null>`min(created_at)`.as('oldest')])
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest };
}
