import type { Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { deleteSecurityEventsBefore } from '../db/security-events.js';
import { securityLogStart } from '../domain/events.js';
import { deleteWebhookDeliveriesBefore, webhookLogStart } from '../webhooks/outbox.js';

/**
 * What is kept for a while only: the rows no one may see any more at `now`, deleted `limit` at a
 * time (bounded statements, so that a pass never holds the database long).
 */
export interface RetentionRule {
  /** For the log: "security log". */
  readonly name: string;
  deleteBatch(db: Kysely<Database>, now: Date, limit: number): Promise<number>;
}

/** The security log keeps 90 days (SECURITY_LOG_RETENTION_DAYS; its reading stops there too). */
export const SECURITY_LOG: RetentionRule = {
  name: 'security log',
  deleteBatch: (db, now, limit) => deleteSecurityEventsBefore(db, securityLogStart(now), limit),
};

/** A webhook endpoint's delivery log keeps 30 days of finished deliveries (WEBHOOK_LOG_RETENTION_DAYS). */
export const WEBHOOK_DELIVERY_LOG: RetentionRule = {
  name: 'webhook delivery log',
  deleteBatch: (db, now, limit) => deleteWebhookDeliveriesBefore(db, webhookLogStart(now), limit),
};

/** The part of a pino logger the pruning uses. */
export interface PruningLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PruningOptions {
  db: Db;
  /** What is pruned; by default the security log and the webhook delivery log. */
  rules?: readonly RetentionRule[];
  logger: PruningLogger;
  now?: () => Date;
  /** Pause between passes. Default one hour. */
  intervalMs?: number;
  /** Rows deleted per statement at most. Default 1000. */
  batchSize?: number;
}

/**
 * Keeps what is kept for a while only to its time (RetentionRule): a pass at start, then one an
 * hour, deletes the rows older than that in bounded statements until none is left. Like the mail
 * worker it runs in every process and needs no coordination: a pass only deletes rows that no one
 * may see any more, so two processes pruning at once delete each row once between them, and a
 * process that dies mid-pass leaves the rest for the next. The timer does not keep a process alive.
 */
export class RetentionPruning {
  readonly #db: Db;
  readonly #rules: readonly RetentionRule[];
  readonly #logger: PruningLogger;
  readonly #now: () => Date;
  readonly #intervalMs: number;
  readonly #batchSize: number;
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #running: Promise<unknown> | undefined;

  constructor(options: PruningOptions) {
    this.#db = options.db;
    this.#rules = options.rules ?? [SECURITY_LOG, WEBHOOK_DELIVERY_LOG];
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#intervalMs = options.intervalMs ?? 3_600_000;
    this.#batchSize = options.batchSize ?? 1_000;
  }

  /** Starts: the first pass runs at once. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#schedule(0);
  }

  /** Stops the timer and waits for the statement under way; the rest of a pass is left. */
  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** One pass: deletes what each rule no longer keeps; returns how many rows went, by rule name. */
  async pruneOnce(keepGoing: () => boolean = () => true): Promise<Record<string, number>> {
    const now = this.#now();
    const deleted: Record<string, number> = {};
    for (const rule of this.#rules) {
      let count = 0;
      for (;;) {
        const batch = await rule.deleteBatch(this.#db.kysely, now, this.#batchSize);
        count += batch;
        if (batch < this.#batchSize || !keepGoing()) break;
      }
      deleted[rule.name] = count;
      if (!keepGoing()) break;
    }
    return deleted;
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#pass();
    }, delayMs);
    this.#timer.unref();
  }

  #pass(): void {
    const pass = this.pruneOnce(() => this.#started).then(
      (deleted) => {
        for (const [log, count] of Object.entries(deleted)) if (count > 0) this.#logger.info({ log, deleted: count }, 'pruned');
      },
      (error: unknown) => {
        this.#logger.error({ err: error instanceof Error ? error.message : String(error) }, 'pruning failed');
      },
    );
    this.#running = pass;
    void pass.finally(() => {
      this.#running = undefined;
      if (this.#started) this.#schedule(this.#intervalMs);
    });
  }
}
