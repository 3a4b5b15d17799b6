import type { Db } from '../db/database.js';
import { deleteSecurityEventsBefore } from '../db/security-events.js';
import { securityLogStart } from '../domain/events.js';

/** The part of a pino logger the pruning uses. */
export interface PruningLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SecurityLogPruningOptions {
  db: Db;
  logger: PruningLogger;
  now?: () => Date;
  /** Pause between passes. Default one hour. */
  intervalMs?: number;
  /** Events deleted per statement at most. Default 1000. */
  batchSize?: number;
}

/**
 * Keeps the security log to its 90 days (SECURITY_LOG_RETENTION_DAYS): a pass at start, then one
 * an hour, deletes the events older than that in bounded statements until none is left. Like the
 * mail worker it runs in every process and needs no coordination: a pass only deletes rows that
 * no one may see any more (the log's reading stops at 90 days itself), so two processes pruning at
 * once delete each row once between them, and a process that dies mid-pass leaves the rest for
 * the next. The timer does not keep a process alive.
 */
export class SecurityLogPruning {
  readonly #db: Db;
  readonly #logger: PruningLogger;
  readonly #now: () => Date;
  readonly #intervalMs: number;
  readonly #batchSize: number;
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #running: Promise<unknown> | undefined;

  constructor(options: SecurityLogPruningOptions) {
    this.#db = options.db;
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

  /** One pass: deletes every event older than the log's 90 days; returns how many went. */
  async pruneOnce(keepGoing: () => boolean = () => true): Promise<number> {
    const before = securityLogStart(this.#now());
    let deleted = 0;
    for (;;) {
      const batch = await deleteSecurityEventsBefore(this.#db.kysely, before, this.#batchSize);
      deleted += batch;
      if (batch < this.#batchSize || !keepGoing()) return deleted;
    }
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
        if (deleted > 0) this.#logger.info({ deleted }, 'security log pruned');
      },
      (error: unknown) => {
        this.#logger.error({ err: error instanceof Error ? error.message : String(error) }, 'security log pruning failed');
      },
    );
    this.#running = pass;
    void pass.finally(() => {
      this.#running = undefined;
      if (this.#started) this.#schedule(this.#intervalMs);
    });
  }
}
