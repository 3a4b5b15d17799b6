import type { Db } from '../db/database.js';
import { openBody } from './outbox.js';
import type { MailTransport } from './transport.js';
import { errorMessage, exponentialDelayMs, leaseFree, PollingWorker, type PassResult } from '../jobs/polling.js';

/** The part of a pino logger the worker uses. */
export interface MailLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface MailWorkerOptions {
  db: Db;
  transport: MailTransport;
  logger: MailLogger;
  /** Opens the sealed bodies (src/mail/outbox.ts): the same key as the commands that queue mail. */
  secretKey: Buffer;
  now?: () => Date;
  /** Pause between passes while started. Default 1000 ms. */
  pollIntervalMs?: number;
  /** How long a claim keeps other workers off a row. Default 60 s; the SMTP timeouts keep a send well inside it. */
  leaseMs?: number;
  /** Rows claimed per pass at most. Default 20. */
  batchSize?: number;
  /** Told of each try: sent, or failed (to be tried again). */
  onDelivery?: (kind: string, outcome: 'sent' | 'failed') => void;
}

const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 60 * 60 * 1000;
const ERROR_LENGTH = 1_000;

/** Wait before the next try after `failures` failed ones: 5 s, 10 s, 20 s, … at most 1 hour. */
export function retryDelayMs(failures: number): number {
  return exponentialDelayMs(failures, FIRST_RETRY_MS, LONGEST_RETRY_MS);
}

/**
 * Delivers outbox rows after commit, at least once each. Any number of workers may share one
 * database: each row is claimed with a conditional UPDATE before it is sent, so two never send it
 * at the same time, and a claim left by a process that died runs out after the lease. A process
 * that dies after sending but before recording it sends the row again after the lease (same
 * Message-ID). Retries never stop: the backoff tops out at one attempt per hour.
 */
export class MailWorker extends PollingWorker {
  readonly #db: Db;
  readonly #transport: MailTransport;
  readonly #logger: MailLogger;
  readonly #secretKey: Buffer;
  readonly #now: () => Date;
  readonly #leaseMs: number;
  readonly #batchSize: number;
  readonly #onDelivery: NonNullable<MailWorkerOptions['onDelivery']>;

  constructor(options: MailWorkerOptions) {
    const batchSize = options.batchSize ?? 20;
    super({
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      batchSize,
      onError: (error) => options.logger.error({ err: errorMessage(error) }, 'mail worker pass failed'),
    });
    this.#db = options.db;
    this.#transport = options.transport;
    this.#logger = options.logger;
    this.#secretKey = options.secretKey;
    this.#now = options.now ?? (() => new Date());
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#batchSize = batchSize;
    this.#onDelivery = options.onDelivery ?? (() => undefined);
  }

  /** Rows found due (at most a batch), and how many of them this worker sent. */
  protected async pass(keepGoing: () => boolean): Promise<PassResult> {
    const now = this.#now().toISOString();
    const due = await this.#db.kysely
      .selectFrom('outbox')
      .select('id')
      .where('sentAt', 'is', null)
      .where('nextAttemptAt', '<=', now)
      .where(leaseFree(now))
      .orderBy('nextAttemptAt')
      .limit(this.#batchSize)
      .execute();
    let sent = 0;
    for (const { id } of due) {
      if (!keepGoing()) break;
      if (await this.#deliverOne(id)) sent++;
    }
    return { found: due.length, done: sent };
  }

  /** Claims, sends and records one row; false if another worker holds it or the send failed. */
  async #deliverOne(id: string): Promise<boolean> {
    const now = this.#now();
    const lockedUntil = new Date(now.getTime() + this.#leaseMs).toISOString();
    // The claim repeats the due test: between the SELECT and here another worker may have
    // claimed, sent or rescheduled the row. One UPDATE decides, on SQLite and PostgreSQL alike.
    const row = await this.#db.kysely
      .updateTable('outbox')
      .set({ lockedUntil })
      .where('id', '=', id)
      .where('sentAt', 'is', null)
      .where('nextAttemptAt', '<=', now.toISOString())
      .where(leaseFree(now.toISOString()))
      .returning(['id', 'kind', 'toAddress', 'subject', 'bodyText', 'attempts'])
      .executeTakeFirst();
    if (row === undefined) return false;

    const attempts = row.attempts + 1;
    try {
      // A body that does not open (sealed under another SECRET_KEY: a fleet whose processes do not
      // share the key) fails like a send and is tried again, by whichever worker holds the key.
      const text = openBody(this.#secretKey, row.id, row.bodyText);
      await this.#transport.send({ id: row.id, to: row.toAddress, subject: row.subject, text });
    } catch (error) {
      const message = errorMessage(error).slice(0, ERROR_LENGTH);
      const nextAttemptAt = new Date(this.#now().getTime() + retryDelayMs(attempts)).toISOString();
      // Only while the claim is still ours: past the lease, another worker owns the row.
      await this.#db.kysely
        .updateTable('outbox')
        .set({ attempts, lastError: message, nextAttemptAt, lockedUntil: null })
        .where('id', '=', id)
        .where('lockedUntil', '=', lockedUntil)
        .execute();
      this.#onDelivery(row.kind, 'failed');
      this.#logger.warn(
        { outboxId: id, kind: row.kind, attempts, nextAttemptAt, err: message },
        'mail delivery failed',
      );
      return false;
    }
    // The body goes: it may carry a one-time link, and a sent row has no more use for it.
    await this.#db.kysely
      .updateTable('outbox')
      .set({ sentAt: this.#now().toISOString(), bodyText: '', attempts, lastError: null, lockedUntil: null })
      .where('id', '=', id)
      .where('sentAt', 'is', null)
      .execute();
    this.#onDelivery(row.kind, 'sent');
    this.#logger.info({ outboxId: id, kind: row.kind, attempts }, 'mail sent');
    return true;
  }
}
