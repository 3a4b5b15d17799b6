import { newId } from '../auth/secrets.js';
import type { Db, Tx } from '../db/database.js';
import { PAGE_PATHS } from '../http/page-paths.js';
import { errorMessage, exponentialDelayMs, leaseFree, PollingWorker, type PassResult } from '../jobs/polling.js';
import { enqueueMail } from '../mail/outbox.js';
import { mailLanguage, webhookDisabledMessage } from '../mail/templates.js';
import { sendWebhook, type AttemptOutcome, type SendOptions } from './send.js';
import { signingSecrets, webhookHeaders } from './signing.js';

/** The part of a pino logger the worker uses. */
export interface WebhookLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WebhookWorkerOptions {
  db: Db;
  logger: WebhookLogger;
  /** Opens the endpoints' sealed secrets, and seals the owner's mail. */
  secretKey: Buffer;
  /** BASE_URL: the page's link in the owner's mail. */
  baseUrl: string;
  send: SendOptions;
  now?: () => Date;
  /** Jitter's source: `[0, 1)`. */
  random?: () => number;
  /** Called after a commit that queued mail (an endpoint turned off): the mail worker's nudge. */
  mailQueued?: () => void;
  pollIntervalMs?: number;
  /** How long a claim keeps other workers off a delivery: more than an attempt's 10 s. Default 60 s. */
  leaseMs?: number;
  /** Deliveries claimed per pass at most, sent at the same time. Default 10. */
  batchSize?: number;
  /** Told of each attempt: delivered (2xx), or failed (to be tried again, or given up). */
  onAttempt?: (outcome: 'delivered' | 'failed') => void;
}

/** How long a delivery is retried after it was queued, and an endpoint may fail before it is turned off. */
export const RETRY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 10_000;
const LONGEST_RETRY_MS = 12 * 60 * 60 * 1000;

/**
 * Wait before the next attempt after `failures` failed ones: 10 s doubled after each failure, at
 * most 12 hours, each spread by ±25 % so that the deliveries of one outage do not all come back at
 * once. About 17 attempts fit in the 3 days (docs/OPERATIONS.md "Webhooks").
 */
export function webhookRetryDelayMs(failures: number, random: () => number = Math.random): number {
  return Math.round(exponentialDelayMs(failures, FIRST_RETRY_MS, LONGEST_RETRY_MS) * (0.75 + random() * 0.5));
}

/**
 * Delivers queued webhooks after commit, at least once each, with the rule of the mail worker
 * (src/jobs/polling.ts): a due delivery of an enabled endpoint is claimed by one conditional
 * UPDATE, so the processes sharing a database never send it at the same time, and a claim left by
 * a process that died runs out after the lease; a process that dies after sending and before
 * recording sends it again (the same `webhook-id`, for the receiver to deduplicate). Each attempt
 * is logged. A failure is retried with backoff until 3 days after the delivery was queued; an
 * endpoint whose attempts have all failed for 3 days is turned off, its waiting deliveries given
 * up, and the company's owner mailed.
 */
export class WebhookWorker extends PollingWorker {
  readonly #db: Db;
  readonly #logger: WebhookLogger;
  readonly #options: WebhookWorkerOptions;
  readonly #now: () => Date;
  readonly #random: () => number;
  readonly #leaseMs: number;
  readonly #batchSize: number;

  constructor(options: WebhookWorkerOptions) {
    const batchSize = options.batchSize ?? 10;
    super({
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      batchSize,
      onError: (error) => options.logger.error({ err: errorMessage(error) }, 'webhook worker pass failed'),
    });
    this.#db = options.db;
    this.#logger = options.logger;
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#random = options.random ?? Math.random;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#batchSize = batchSize;
  }

  /** The due deliveries of enabled endpoints (a batch at most), sent side by side; how many were delivered. */
  protected async pass(keepGoing: () => boolean): Promise<PassResult> {
    const now = this.#now().toISOString();
    const due = await this.#db.kysely
      .selectFrom('webhookDeliveries')
      .innerJoin('webhookEndpoints', 'webhookEndpoints.id', 'webhookDeliveries.endpointId')
      .select('webhookDeliveries.id')
      .where('webhookDeliveries.status', '=', 'pending')
      .where('webhookDeliveries.nextAttemptAt', '<=', now)
      .where(leaseFree(now))
      .where('webhookEndpoints.enabled', '=', 1)
      .orderBy('webhookDeliveries.nextAttemptAt')
      .limit(this.#batchSize)
      .execute();
    if (!keepGoing()) return { found: due.length, done: 0 };
    // Sent side by side: one slow endpoint (10 s at most) does not hold up the others.
    const results = await Promise.all(due.map(({ id }) => this.#deliverOne(id)));
    return { found: due.length, done: results.filter(Boolean).length };
  }

  /** Claims, sends and records one delivery; false if another worker holds it or the attempt failed. */
  async #deliverOne(id: string): Promise<boolean> {
    const now = this.#now();
    const lockedUntil = new Date(now.getTime() + this.#leaseMs).toISOString();
    const delivery = await this.#db.kysely
      .updateTable('webhookDeliveries')
      .set({ lockedUntil })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('nextAttemptAt', '<=', now.toISOString())
      .where(leaseFree(now.toISOString()))
      .returning(['id', 'endpointId', 'eventType', 'payload', 'attempts', 'createdAt'])
      .executeTakeFirst();
    if (delivery === undefined) return false;
    const endpoint = await this.#db.kysely.selectFrom('webhookEndpoints').selectAll().where('id', '=', delivery.endpointId).executeTakeFirst();
    if (!endpoint || endpoint.enabled !== 1) {
      // Turned off since it was found: the delivery waits, unclaimed, for the endpoint to be on again.
      await this.#db.kysely.updateTable('webhookDeliveries').set({ lockedUntil: null }).where('id', '=', id).where('lockedUntil', '=', lockedUntil).execute();
      return false;
    }

    const attempt = delivery.attempts + 1;
    let outcome: AttemptOutcome;
    try {
      const at = this.#now();
      // A secret that does not open (sealed under another SECRET_KEY) fails like a refused attempt.
      const headers = webhookHeaders(signingSecrets(this.#options.secretKey, endpoint, at), delivery.id, at, delivery.payload);
      outcome = await sendWebhook(endpoint.url, delivery.payload, headers, this.#options.send);
    } catch (error) {
      outcome = { ok: false, statusCode: null, durationMs: 0, error: errorMessage(error), responseBody: null };
    }
    await this.#record(delivery, endpoint.companyId, attempt, lockedUntil, outcome);
    const log = { deliveryId: id, endpointId: endpoint.id, eventType: delivery.eventType, attempt, statusCode: outcome.statusCode, durationMs: outcome.durationMs };
    this.#options.onAttempt?.(outcome.ok ? 'delivered' : 'failed');
    if (outcome.ok) this.#logger.info(log, 'webhook delivered');
    else this.#logger.warn({ ...log, err: outcome.error }, 'webhook delivery failed');
    return outcome.ok;
  }

  /** The attempt logged, and what it means for the delivery and its endpoint, in one transaction. */
  async #record(
    delivery: { id: string; endpointId: string; createdAt: string },
    companyId: string,
    attempt: number,
    lockedUntil: string,
    outcome: AttemptOutcome,
  ): Promise<void> {
    const now = this.#now();
    const at = now.toISOString();
    const turnedOff = await this.#db.write(async (tx, afterCommit): Promise<boolean> => {
      await tx
        .insertInto('webhookAttempts')
        .values({
          id: newId(),
          deliveryId: delivery.id,
          attempt,
          at,
          ok: outcome.ok ? 1 : 0,
          statusCode: outcome.statusCode,
          durationMs: outcome.durationMs,
          error: outcome.error,
          responseBody: outcome.responseBody,
        })
        .execute();
      if (outcome.ok) {
        // Only while the claim is still ours: past the lease, another worker owns the row.
        await tx
          .updateTable('webhookDeliveries')
          .set({ status: 'delivered', attempts: attempt, lastAttemptAt: at, lockedUntil: null })
          .where('id', '=', delivery.id)
          .where('lockedUntil', '=', lockedUntil)
          .execute();
        await tx.updateTable('webhookEndpoints').set({ failingSince: null }).where('id', '=', delivery.endpointId).where('failingSince', 'is not', null).execute();
        return false;
      }
      const givenUp = now.getTime() - Date.parse(delivery.createdAt) >= RETRY_WINDOW_MS;
      await tx
        .updateTable('webhookDeliveries')
        .set({
          status: givenUp ? 'failed' : 'pending',
          attempts: attempt,
          lastAttemptAt: at,
          nextAttemptAt: new Date(now.getTime() + webhookRetryDelayMs(attempt, this.#random)).toISOString(),
          lockedUntil: null,
        })
        .where('id', '=', delivery.id)
        .where('lockedUntil', '=', lockedUntil)
        .execute();
      await tx.updateTable('webhookEndpoints').set({ failingSince: at }).where('id', '=', delivery.endpointId).where('failingSince', 'is', null).execute();
      const endpoint = await tx.selectFrom('webhookEndpoints').select(['url', 'failingSince', 'enabled']).where('id', '=', delivery.endpointId).executeTakeFirst();
      if (!endpoint?.failingSince || endpoint.enabled !== 1 || now.getTime() - Date.parse(endpoint.failingSince) < RETRY_WINDOW_MS) return false;
      const done = await this.#turnOff(tx, delivery.endpointId, companyId, endpoint.url, endpoint.failingSince, now);
      if (done && this.#options.mailQueued) afterCommit(this.#options.mailQueued);
      return done;
    });
    if (turnedOff) this.#logger.warn({ endpointId: delivery.endpointId, companyId }, 'webhook endpoint turned off after failing for 3 days');
  }

  /** The endpoint off (once, whichever worker gets here first), its waiting deliveries given up, the owner mailed. */
  async #turnOff(tx: Tx, endpointId: string, companyId: string, url: string, failingSince: string, now: Date): Promise<boolean> {
    const reason = `Every delivery failed from ${failingSince} for 3 days`;
    const turnedOff = await tx
      .updateTable('webhookEndpoints')
      .set({ enabled: 0, disabledReason: reason, updatedAt: now.toISOString() })
      .where('id', '=', endpointId)
      .where('enabled', '=', 1)
      .executeTakeFirst();
    if (Number(turnedOff.numUpdatedRows) !== 1) return false;
    await tx.updateTable('webhookDeliveries').set({ status: 'failed' }).where('endpointId', '=', endpointId).where('status', '=', 'pending').execute();
    const owner = await tx
      .selectFrom('companies')
      .innerJoin('users', 'users.id', 'companies.ownerId')
      .select(['companies.name as companyName', 'users.email', 'users.name', 'users.language'])
      .where('companies.id', '=', companyId)
      .executeTakeFirst();
    if (!owner) return false;
    // No request causes it: the owner's language, or English.
    const message = webhookDisabledMessage(mailLanguage(owner.language), {
      name: owner.name,
      companyName: owner.companyName,
      url,
      failingSince: new Date(failingSince),
      pageUrl: this.#options.baseUrl + PAGE_PATHS.webhooks.replace(':companyId', encodeURIComponent(companyId)),
    });
    await enqueueMail(tx, { kind: 'webhook-disabled', to: owner.email, ...message }, now, this.#options.secretKey);
    return true;
  }
}
