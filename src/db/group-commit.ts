import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The work of one write transaction (database.ts `WriteWork`), as the queue holds it. */
type Work<T> = (tx: Kysely<Database>, afterCommit: (callback: () => void) => void) => Promise<T>;

/** A caller of `write`, waiting for its work to be committed or refused. */
interface Queued {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What one work did in the transaction: told to its caller only once the COMMIT has returned. */
type Outcome = { queued: Queued; ok: true; value: unknown; callbacks: (() => void)[] } | { queued: Queued; ok: false; error: unknown };

/** How big a batch may grow before it commits: works, and milliseconds since it began. */
export interface BatchLimits {
  maxWorks: number;
  maxMs: number;
}

/**
 * A write of SQLite's batches is 0.1–0.5 ms of statements, so a batch of 32 commits within ~10 ms,
 * and a write that comes in behind a full one waits at most that long, plus a commit, to begin.
 */
export const BATCH_LIMITS: BatchLimits = { maxWorks: 32, maxMs: 10 };

/** The savepoint each work after a batch's first runs in (`inSavepoint` nests `roster_item` inside it). */
const SAVEPOINT = sql.raw('roster_write');

/**
 * Group commit on SQLite's one connection: the writes queued together run one after another in one
 * transaction and share its COMMIT, and so its fsync (docs/ARCHITECTURE.md "The write path").
 *
 * - A batch begins on the event loop's turn after the first write is queued (`setImmediate`), so
 *   that the requests read in the same turn have queued theirs; works queued while it runs join it
 *   until it holds `maxWorks` or has run `maxMs`, then it commits. The first work runs as a write
 *   alone does; each one after runs in the savepoint `roster_write`, so that a throw rolls back that
 *   work alone (and drops its `afterCommit` callbacks) and the batch goes on.
 * - Every caller is answered after the COMMIT has returned: a success is durable. A refusal too
 *   waits for it, since it may have read what works before it in the batch wrote.
 * - When the batch is lost (the COMMIT failed, or SQLite rolled the whole transaction back after
 *   SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY…, or a savepoint could not be used), nothing of it
 *   remains, and each of its works, refused or not, runs again alone, in a transaction of its own,
 *   and that run's outcome is its answer. Works already run again from the start on PostgreSQL
 *   (a serialization failure), so running one twice is safe.
 */
export class GroupCommit {
  readonly #queue: Queued[] = [];
  /** A batch is scheduled or running: the next write waits for it instead of scheduling its own. */
  #scheduled = false;
  /** A batch holds the connection. */
  #running = false;
  readonly #kysely: Kysely<Database>;
  readonly #connection: SQLite.Database;
  readonly #limits: BatchLimits | null;

  /** Writes in flight without group commit (`limits` null): each its own transaction, one after another. */
  #alone = 0;

  /** With `limits` null, each write is a transaction of its own (SQLITE_GROUP_COMMIT=off). */
  constructor(kysely: Kysely<Database>, connection: SQLite.Database, limits: BatchLimits | null = BATCH_LIMITS) {
    this.#kysely = kysely;
    this.#connection = connection;
    this.#limits = limits;
  }

  write<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queued = { work, resolve: resolve as (value: unknown) => void, reject };
      if (this.#limits === null) {
        this.#alone++;
        void writeAlone(this.#kysely, this.#connection, queued).then((outcome) => {
          this.#alone--;
          settle(outcome);
        });
        return;
      }
      this.#queue.push(queued);
      this.#schedule();
    });
  }

  /** Whether a transaction holds the connection, and how many writes wait for it. */
  stats(): { busy: boolean; waiting: number } {
    if (this.#limits === null) return { busy: this.#alone > 0, waiting: Math.max(0, this.#alone - 1) };
    return { busy: this.#running, waiting: this.#queue.length };
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => void this.#drain());
  }

  async #drain(): Promise<void> {
    const { outcomes, lost } = await this.#batch();
    this.#running = false;
    for (const outcome of outcomes) settle(outcome);
    for (const queued of lost) settle(await writeAlone(this.#kysely, this.#connection, queued));
    this.#scheduled = false;
    // The next batch begins after the I/O that came in meanwhile, so that it may join.
    if (this.#queue.length > 0) this.#schedule();
  }

  /** Runs one batch: what to tell its callers, or those whose works must run again alone. */
  async #batch(): Promise<{ outcomes: Outcome[]; lost: Queued[] }> {
    const first = this.#queue.shift();
    if (first === undefined) return { outcomes: [], lost: [] };
    const connection = this.#connection;
    const outcomes: Outcome[] = [];
    try {
      return await this.#kysely.connection().execute(async (conn) => {
        this.#running = true;
        try {
          await sql`begin immediate`.execute(conn);
        } catch (error) {
          return { outcomes: [{ queued: first, ok: false, error }], lost: [] };
        }
        const began = performance.now();
        const alone = await runWork(conn, first);
        if (!alone.ok) {
          // The transaction holds this work alone: it is rolled back whole, as a write alone is.
          await rollbackIfOpen(conn, connection);
          return { outcomes: [alone], lost: [] };
        }
        outcomes.push(alone);
        const { maxWorks, maxMs } = this.#limits ?? { maxWorks: 1, maxMs: 0 };
        while (outcomes.length < maxWorks && performance.now() - began < maxMs) {
          const next = this.#queue.shift();
          if (next === undefined) break;
          const outcome = await this.#inSavepoint(conn, next);
          if (outcome === 'lost') {
            await rollbackIfOpen(conn, connection);
            return { outcomes: [], lost: [...outcomes.map(({ queued }) => queued), next] };
          }
          outcomes.push(outcome);
        }
        try {
          await sql`commit`.execute(conn);
        } catch (error) {
          await rollbackIfOpen(conn, connection);
          if (outcomes.length === 1) return { outcomes: [{ queued: first, ok: false, error }], lost: [] };
          return { outcomes: [], lost: outcomes.map(({ queued }) => queued) };
        }
        return { outcomes, lost: [] };
      });
    } catch (error) {
      // The connection could not be had (the database is closed): nothing of this batch was committed.
      const taken = [first, ...outcomes.map(({ queued }) => queued).filter((queued) => queued !== first)];
      return { outcomes: taken.map((queued) => ({ queued, ok: false, error })), lost: [] };
    }
  }

  /** A work after the batch's first, in its own savepoint; 'lost' if the transaction is gone. */
  async #inSavepoint(conn: Kysely<Database>, queued: Queued): Promise<Outcome | 'lost'> {
    try {
      await sql`savepoint ${SAVEPOINT}`.execute(conn);
    } catch {
      return 'lost';
    }
    const outcome = await runWork(conn, queued);
    if (!this.#connection.inTransaction) return 'lost';
    try {
      if (outcome.ok) {
        await sql`release savepoint ${SAVEPOINT}`.execute(conn);
      } else {
        await sql`rollback to savepoint ${SAVEPOINT}`.execute(conn);
        await sql`release savepoint ${SAVEPOINT}`.execute(conn);
      }
    } catch {
      return 'lost';
    }
    return outcome;
  }
}

/** Runs a work on the open transaction, collecting its `afterCommit` callbacks. */
async function runWork(conn: Kysely<Database>, queued: Queued): Promise<Outcome> {
  const callbacks: (() => void)[] = [];
  try {
    const value = await queued.work(conn, (callback) => callbacks.push(callback));
    return { queued, ok: true, value, callbacks };
  } catch (error) {
    return { queued, ok: false, error };
  }
}

/**
 * One work in a transaction of its own (BEGIN IMMEDIATE takes the write lock up front, so that
 * another process on the same file waits instead of failing half-way): a write without group
 * commit, and a work of a lost batch run again.
 */
async function writeAlone(kysely: Kysely<Database>, connection: SQLite.Database, queued: Queued): Promise<Outcome> {
  try {
    return await kysely.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      const outcome = await runWork(conn, queued);
      if (!outcome.ok) {
        await rollbackIfOpen(conn, connection);
        return outcome;
      }
      try {
        await sql`commit`.execute(conn);
      } catch (error) {
        await rollbackIfOpen(conn, connection);
        return { queued, ok: false, error };
      }
      return outcome;
    });
  } catch (error) {
    return { queued, ok: false, error };
  }
}

/**
 * SQLite has already rolled back after some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM,
 * SQLITE_BUSY on commit): a ROLLBACK then would fail, and the error that matters is the first one.
 */
async function rollbackIfOpen(conn: Kysely<Database>, connection: SQLite.Database): Promise<void> {
  if (!connection.inTransaction) return;
  try {
    await sql`rollback`.execute(conn);
  } catch {
    // The first error is the one the caller gets.
  }
}

/** Tells a caller its outcome: its `afterCommit` callbacks run first, as a write alone runs them. */
function settle(outcome: Outcome): void {
  if (!outcome.ok) {
    outcome.queued.reject(outcome.error);
    return;
  }
  try {
    for (const callback of outcome.callbacks) callback();
  } catch (error) {
    outcome.queued.reject(error);
    return;
  }
  outcome.queued.resolve(outcome.value);
}
