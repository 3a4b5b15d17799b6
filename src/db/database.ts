import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  PostgresAdapter,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type KyselyConfig,
  type SqliteDatabase,
  sql,
  type MigrationResultSet,
} from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import { GroupCommit } from './group-commit.js';
import { prepare, statementNameOf } from './prepared.js';
import type { Company, Database } from './schema.js';
import { rateLimitHitsOn, type RateLimitHits } from './rate-limit-hits.js';

export type Dialect = 'sqlite' | 'postgres';

/**
 * A query executor in a transaction or not: for reads that may run either way (a loader a command
 * calls inside its transaction and a query calls outside one). A Tx is one; `db.kysely` is one.
 */
export type Executor = Kysely<Database>;

declare const inTransaction: unique symbol;

/**
 * A query executor inside a write transaction. Branded, and made only by `Db.write`, so that a
 * handle outside any transaction (`db.kysely`) passed where a transaction is asked for does not
 * compile: the locks and the all-or-nothing of a command hold only inside one.
 */
export type Tx = Kysely<Database> & { readonly [inTransaction]: true };

/** The transaction `Db.write` has opened, typed as one: the only place a Tx is made. */
function inWriteTransaction(executor: Kysely<Database>): Tx {
  return executor as Tx;
}

/** The database Roster runs on, whichever it is. */
export interface Db {
  readonly dialect: Dialect;
  /** For reads outside a write transaction. */
  readonly kysely: Kysely<Database>;
  /** The rate-limit counters' statements (rate-limit-hits.ts), for the HTTP layer's shared store. */
  readonly rateLimitHits: RateLimitHits;
  /**
   * Runs `work` in one write transaction and returns its result after commit. A thrown error rolls
   * everything back. `afterCommit` callbacks run once the commit is durable.
   */
  write<T>(work: WriteWork<T>): Promise<T>;
  migrate(): Promise<MigrationResultSet>;
  close(): Promise<void>;
  /** What the metrics report (src/metrics): the connections, and the transactions run again. */
  stats(): DatabaseStats;
}

/** The work of one write transaction: `afterCommit` callbacks run once the commit is durable. */
export type WriteWork<T> = (tx: Tx, afterCommit: (callback: () => void) => void) => Promise<T>;

export interface DatabaseStats {
  /** Write transactions run again after a deadlock or a serialization failure (PostgreSQL; SQLite never retries). */
  transactionRetries: number;
  /** Connections open, idle, and callers waiting for one. SQLite: its one connection, and the writes queued for it. */
  pool: { total: number; idle: number; waiting: number };
}

export interface OpenOptions {
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** PostgreSQL: how long a request waits for a connection (a new one, or a free one of the pool); 5 s by default. */
  connectTimeoutMs?: number;
  /** PostgreSQL: the longest a statement may run before the server cancels it (57014); 30 s by default. */
  statementTimeoutMs?: number;
  /** Called with the SQL of every statement run, after it ran: for tests that check what a path reads. */
  onQuery?: (sql: string) => void;
  /** SQLite: the writes queued together share one transaction and its commit (group-commit.ts); on by default. */
  groupCommit?: boolean;
}

/** Kysely's `log` for `onQuery`, or nothing (Kysely then skips its timing of each query). */
const logOf = (onQuery: OpenOptions['onQuery']): KyselyConfig['log'] =>
  onQuery === undefined
    ? undefined
    : (event) => {
        if (event.level === 'query') onQuery(event.query.sql);
      };

/** Opens `sqlite:<path>` or `postgres://…`. */
export function openDatabase(url: string, options: OpenOptions = {}): Db {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return openPostgres(url, {
      poolSize: options.poolSize ?? 10,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
      onQuery: options.onQuery,
    });
  }
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length), options.onQuery, options.groupCommit ?? true);
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got ${url.split(':')[0] ?? ''}:…)`);
}

function openSqlite(path: string, onQuery: OpenOptions['onQuery'], groupCommit: boolean): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const connection = new SQLite(path);
  // Durable commits survive kill -9 (§6); foreign keys are off in SQLite unless asked for.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // Freed pages are zeroed, so that a deleted or rewritten row (a sent mail's body, a used
  // token's row) leaves nothing readable in the file or the WAL.
  connection.pragma('secure_delete = ON');
  // Gather the statistics the query planner needs, cheaply, as SQLite advises for every connection.
  connection.pragma('optimize=0x10002');
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(connection) }),
    plugins: [new CamelCasePlugin()],
    log: logOf(onQuery),
  });
  // Kysely holds SQLite's one connection for the whole callback, so transactions of one process
  // run one after another; with group commit, the writes queued together share one (group-commit.ts).
  const writes = new GroupCommit(kysely, connection, groupCommit ? undefined : null);
  return {
    dialect: 'sqlite',
    rateLimitHits: rateLimitHitsOn(kysely),
    kysely,
    write: (work) => writes.write((conn, afterCommit) => work(inWriteTransaction(conn), afterCommit)),
    migrate: () => migrateToLatest(kysely),
    close: () => kysely.destroy(),
    stats: () => {
      const { busy, waiting } = writes.stats();
      return { transactionRetries: 0, pool: { total: 1, idle: busy ? 0 : 1, waiting } };
    },
  };
}

const MAX_ATTEMPTS = 4;

/** SQLSTATE of an error from `pg`, if it is one. */
function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/**
 * 0A000 "cached plan must not change result type": a named statement reading `*` from a table that
 * a migration has since given another column (another process migrated while this one ran).
 */
function isStaleStatement(error: unknown): boolean {
  return sqlState(error) === '0A000' && error instanceof Error && error.message.includes('cached plan must not change result type');
}

/**
 * 40001 serialization_failure, 40P01 deadlock_detected, and a stale named statement (prepared
 * again under a new name by then): the transaction may simply be run again.
 */
const isRetryable = (error: unknown): boolean => ['40001', '40P01'].includes(sqlState(error) ?? '') || isStaleStatement(error);

/**
 * Runs the prepared queries (src/db/prepared.ts) as named statements on each new connection, so that
 * PostgreSQL parses each once per connection instead of at every run, and after a few runs keeps
 * one generic plan when it is as good (most of a small query's time on PostgreSQL is its planning;
 * figures in docs/PERFORMANCE.md). A named statement that has gone stale (isStaleStatement) is prepared again under a new name: at once when the query ran
 * on its own, and by `Db.write` running the whole transaction again when it ran inside one (the
 * failed statement has aborted the transaction, so the retry here fails and the first error stands).
 * Other queries go through as they came.
 */
function runPreparedAsNamedStatements(client: pg.PoolClient): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  let generation = 0;
  const named = (name: string, text: string, values: unknown) =>
    original({ name: `${name}_${generation}`, text, values }) as Promise<pg.QueryResult>;
  const prepared = async (name: string, text: string, values: unknown) => {
    try {
      return await named(name, text, values);
    } catch (error) {
      if (!isStaleStatement(error)) throw error;
      generation++;
      try {
        return await named(name, text, values);
      } catch {
        throw error;
      }
    }
  };
  // Why the client's `query` is replaced: pg runs a named statement only when given a config object
  // with a `name`, and Kysely's PostgreSQL driver always calls query(sql, parameters), with no hook
  // to add one. Kysely's two-argument calls of a prepared query's SQL get a name here; anything
  // else (another SQL, a config object, a callback) goes through unchanged.
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const name = args.length === 2 && typeof text === 'string' && Array.isArray(values) ? statementNameOf(text) : undefined;
    return name === undefined || typeof text !== 'string' ? original(...args) : prepared(name, text, values);
  }) as typeof client.query;
}

/** Whether the error is a unique constraint refusing a duplicate, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = sqlState(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; Roster runs a few hundred distinct queries, so
 * each is prepared once and reused. Safe because Kysely uses SQLite's one connection one query at
 * a time, and Roster never streams (a statement mid-iteration could not be reused).
 */
function withStatementCache(connection: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => connection.close(),
    prepare: (text: string) => {
      let statement = cache.get(text);
      if (!statement) {
        // Queries with IN lists of many lengths could crowd it: start over rather than grow.
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        statement = connection.prepare(text);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

/**
 * How much longer than the server's statement timeout the client waits for an answer before it
 * gives up on its own: the server cancels a slow statement itself, so the client's timer fires only
 * when the server cannot answer at all (frozen, or cut off without a reset).
 */
const CLIENT_TIMEOUT_MARGIN_MS = 2_000;

function openPostgres(url: string, options: Required<Omit<OpenOptions, 'onQuery' | 'groupCommit'>> & Pick<OpenOptions, 'onQuery'>): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    // A database that does not answer fails the request (503) instead of holding it forever.
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
  });
  let closing = false;
  // The server may end an idle connection (a restart, a failover, or a test dropping the database
  // while pg is still closing the sockets after close()): pg drops it from the pool and emits the
  // error on the pool, which without a listener would end the process.
  pool.on('error', (error) => {
    if (!closing) process.emitWarning(`An idle PostgreSQL connection failed and was dropped: ${error.message}`);
  });
  const inUse = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => inUse.add(client));
  pool.on('release', (_error, client) => inUse.delete(client));
  pool.on('connect', (client) => {
    // pg-pool listens for errors only while a client is idle in the pool. A connection lost while a
    // request holds it ("terminating connection due to administrator command", a restart) emits
    // 'error' on the client, which without this listener ends the process. The query in flight
    // rejects by itself (the request answers 503), and the pool drops the broken client when it
    // comes back, so the next request connects afresh. (An idle one is the pool's, above.)
    client.on('error', (error) => {
      if (!closing && inUse.has(client)) process.emitWarning(`A PostgreSQL connection in use failed and will be dropped: ${error.message}`);
    });
    runPreparedAsNamedStatements(client);
  });
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
    log: logOf(options.onQuery),
  });
  let transactionRetries = 0;
  return {
    dialect: 'postgres',
    rateLimitHits: rateLimitHitsOn(kysely),
    kysely,
    // READ COMMITTED, with the company row locked first by every command on a company
    // (lockCompany): conflicting operations queue on that lock, so no command sees a stale rule.
    // Concurrent transactions' commits overlap there already, so it has no group commit.
    // A deadlock or serialization failure (possible only between paths that lock in another
    // order) is retried a few times from the start, with the whole callback run again.
    write: async (work) => {
      for (let attempt = 1; ; attempt++) {
        const callbacks: (() => void)[] = [];
        try {
          const result = await kysely.transaction().execute((tx) => work(inWriteTransaction(tx), (callback) => callbacks.push(callback)));
          for (const callback of callbacks) callback();
          return result;
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
          transactionRetries++;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        }
      }
    },
    // Migrations run on a connection of their own without the statement timeout: building an index
    // on a large table may take longer than any request should.
    migrate: async () => {
      const migrating = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: options.connectTimeoutMs }) }),
        plugins: [new CamelCasePlugin()],
      });
      try {
        return await migrateToLatest(migrating);
      } finally {
        await migrating.destroy();
      }
    },
    close: () => {
      closing = true;
      return kysely.destroy();
    },
    stats: () => ({ transactionRetries, pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } }),
  };
}

async function migrateToLatest(kysely: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: kysely,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const outcome = await migrator.migrateToLatest();
  if (outcome.error instanceof Error) throw outcome.error;
  if (outcome.error !== undefined) throw new Error('migration failed', { cause: outcome.error });
  return outcome;
}

/**
 * Reads the company row and locks it for the rest of the transaction, so that every operation on
 * one company runs after the one before it has committed: `SELECT … FOR UPDATE` on PostgreSQL;
 * on SQLite, BEGIN IMMEDIATE has already taken the database's one write lock, and the works of a
 * group commit run one after another in its transaction, each seeing what those before it wrote.
 */
const lockedCompany = prepare((db, v: { companyId: string }) => {
  const query = db.selectFrom('companies').selectAll().where('id', '=', v.companyId);
  return db.getExecutor().adapter instanceof PostgresAdapter ? query.forUpdate() : query;
});

export function lockCompany(tx: Tx, companyId: string): Promise<Company | undefined> {
  return lockedCompany.executeTakeFirst(tx, { companyId });
}

/**
 * Runs `work` in a savepoint of the transaction `tx`: a throw rolls back what `work` wrote, and
 * only that, and is thrown on; the transaction goes on. What a bulk change needs to answer each
 * person on their own within one transaction (src/commands/context.ts, `inCompanyEach`). One name
 * serves: savepoints here are never nested (on SQLite they nest in group commit's `roster_write`).
 *
 * ```sql
 * savepoint roster_item; …; release savepoint roster_item
 * -- or, on a throw: rollback to savepoint roster_item; release savepoint roster_item
 * ```
 */
export async function inSavepoint<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  await sql`savepoint roster_item`.execute(tx);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    try {
      await sql`rollback to savepoint roster_item`.execute(tx);
      await sql`release savepoint roster_item`.execute(tx);
    } catch {
      // The transaction itself is gone (SQLite rolls back by itself after some errors): the error
      // that matters is the first one, and the whole transaction fails with it.
    }
    throw error;
  }
  await sql`release savepoint roster_item`.execute(tx);
  return result;
}
