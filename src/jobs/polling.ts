/**
 * What the outbox workers share (src/mail/worker.ts, src/webhooks/worker.ts): a loop of passes
 * over due rows, at once when nudged, on a poll otherwise; and the rule by which a row is claimed.
 * Each row is claimed with one conditional UPDATE that repeats the due test, so any number of
 * processes may share one database; a claim left by a process that died runs out after its lease.
 */

import { sql, type RawBuilder } from 'kysely';

/**
 * The claim rule's lease test, for a table with a `locked_until` column: no worker holds the row
 * at `now` (none ever did, or its lease ran out). SQL: `(locked_until is null or locked_until <= $now)`.
 */
export const leaseFree = (now: string): RawBuilder<boolean> =>
  sql<boolean>`(${sql.ref('lockedUntil')} is null or ${sql.ref('lockedUntil')} <= ${now})`;

/** Wait before the next try after `failures` failed ones: `firstMs`, doubled after each failure, at most `longestMs`. */
export function exponentialDelayMs(failures: number, firstMs: number, longestMs: number): number {
  return Math.min(firstMs * 2 ** Math.max(0, failures - 1), longestMs);
}

/** What one pass reports: how many rows it found due (a full batch means more may be waiting), and how many it handled. */
export interface PassResult {
  found: number;
  done: number;
}

export interface PollingOptions {
  /** Pause between passes while started. */
  pollIntervalMs: number;
  /** Rows claimed per pass at most. */
  batchSize: number;
  /** Logs a pass that failed as a whole (the database did not answer); the loop goes on. */
  onError: (error: unknown) => void;
}

/**
 * An outbox worker's loop: passes while started, the first at once, then every poll interval, or
 * at once after a full batch or a nudge. A subclass says what one pass does.
 */
export abstract class PollingWorker {
  readonly #options: PollingOptions;
  readonly #inFlight = new Set<Promise<unknown>>();
  #started = false;
  #timer: NodeJS.Timeout | undefined;
  #looping = false;
  #passAgain = false;

  protected constructor(options: PollingOptions) {
    this.#options = options;
  }

  /** One pass over the due rows; `keepGoing` turns false once the worker is stopped, so that the pass ends early. */
  protected abstract pass(keepGoing: () => boolean): Promise<PassResult>;

  /** Starts polling; the first pass runs at once, so what a previous run left goes out. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#schedule(0);
  }

  /** Asks for a pass soon (after a commit that queued a row); does nothing unless started. */
  nudge(): void {
    if (!this.#started) return;
    // A pass under way may have looked for rows before this one committed: run one more after it.
    if (this.#looping) this.#passAgain = true;
    else this.#schedule(0);
  }

  /** Stops polling and waits for the work in flight, if any; the rest of a pass is left. */
  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await Promise.allSettled([...this.#inFlight]);
  }

  /** One pass now, whether started or not; returns how many rows it handled. */
  deliverDue(): Promise<number> {
    return this.#track(this.pass(() => true).then(({ done }) => done));
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight.add(promise);
    void promise.finally(() => this.#inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#loopPass();
    }, delayMs);
    // Polling alone does not keep a process (the CLI, a test) alive.
    this.#timer.unref();
  }

  #loopPass(): void {
    this.#timer = undefined;
    this.#looping = true;
    this.#passAgain = false;
    const pass = this.pass(() => this.#started).then(
      ({ found }) => {
        // A full batch found means more rows may be due now. Found, not handled: workers sharing
        // the database split each batch between them, and each handling only part of it is no
        // sign that the rows are drained (two processes waited a whole poll after every half batch).
        if (found >= this.#options.batchSize) this.#passAgain = true;
      },
      (error: unknown) => {
        this.#options.onError(error);
      },
    );
    void this.#track(pass).finally(() => {
      this.#looping = false;
      if (this.#started) this.#schedule(this.#passAgain ? 0 : this.#options.pollIntervalMs);
    });
  }
}

/** The message alone: an error object may carry what it failed to send. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
