import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/db/database.js';
import type { BenchSettings } from '../settings.js';
import { REPO_ROOT } from './paths.js';

/** A database of the suite's own, made for one section and dropped after it. */
export interface BenchDatabase {
  kind: 'sqlite' | 'postgres';
  /** The DATABASE_URL a Roster process opens it with. */
  url: string;
  /** A folder of its own, for the SQLite file, mail, and worker input. */
  dir: string;
  /** Opens it as Roster does (SQLite: WAL, synchronous=FULL). */
  open(): Db;
  /** Bytes on disk: the SQLite file and its WAL, or pg_database_size. */
  sizeBytes(): Promise<number>;
  /** Deletes the database and its folder. */
  drop(): Promise<void>;
}

/** Runs one statement on the PostgreSQL server's maintenance database. */
async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The URL of one database on the server. */
function databaseUrl(serverUrl: string, name: string): string {
  const address = new URL(serverUrl);
  address.pathname = `/${name}`;
  return address.toString();
}

/** A new, migrated database named after its purpose: a SQLite file, or a PostgreSQL database. */
export async function createBenchDatabase(settings: BenchSettings, purpose: string): Promise<BenchDatabase> {
  const suffix = `${purpose}_${randomBytes(4).toString('hex')}`;
  const dir = resolve(REPO_ROOT, settings.dir, suffix);
  mkdirSync(dir, { recursive: true });
  const serverUrl = settings.postgresServerUrl;
  let database: BenchDatabase;
  if (serverUrl === null) {
    const file = join(dir, 'roster.db');
    const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);
    database = {
      kind: 'sqlite',
      url: `sqlite:${file}`,
      dir,
      open: () => openDatabase(`sqlite:${file}`),
      sizeBytes: () => Promise.resolve(size(file) + size(`${file}-wal`)),
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  } else {
    const name = `roster_bench_${suffix}`;
    await onServer(serverUrl, `create database ${name}`);
    const url = databaseUrl(serverUrl, name);
    database = {
      kind: 'postgres',
      url,
      dir,
      open: () => openDatabase(url, { poolSize: 10 }),
      sizeBytes: async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const result = await client.query<{ size: string }>('select pg_database_size(current_database()) as size');
          return Number(result.rows[0]?.size ?? 0);
        } finally {
          await client.end();
        }
      },
      drop: async () => {
        await onServer(serverUrl, `drop database if exists ${name} with (force)`);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const db = database.open();
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  return database;
}

/**
 * Brings a freshly loaded database to its steady state: on SQLite the WAL is checkpointed into the
 * file (so that its size is the file's); on PostgreSQL the planner's statistics are gathered, as
 * autovacuum would do soon after a bulk load. SQLite is left without ANALYZE, as Roster runs it.
 */
export async function settle(db: Db): Promise<void> {
  if (db.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(db.kysely);
  else await sql`analyze`.execute(db.kysely);
}
