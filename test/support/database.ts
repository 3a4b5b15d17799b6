import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/db/database.js';

/** Which database this test run uses: the vitest project sets it (see vitest.config.ts). */
export const TEST_DATABASE = process.env.ROSTER_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/** The PostgreSQL server the tests create their databases on. */
export const POSTGRES_ADMIN_URL = process.env.ROSTER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Db;
  url: string;
  /** A folder of this test's own, for mail and other files. */
  dir: string;
  /** Closes the connection and deletes the database. */
  drop(): Promise<void>;
}

/** Runs one statement on the PostgreSQL server's maintenance database. */
async function onPostgresServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new, migrated database of the kind this run tests: a SQLite file, or a PostgreSQL database of its own. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-test-'));
  let url = `sqlite:${join(dir, 'roster.db')}`;
  let dropDatabase: () => Promise<void> = () => Promise.resolve();
  if (TEST_DATABASE === 'postgres') {
    const name = `roster_test_${randomBytes(6).toString('hex')}`;
    await onPostgresServer(`create database ${name}`);
    const address = new URL(POSTGRES_ADMIN_URL);
    address.pathname = `/${name}`;
    url = address.toString();
    dropDatabase = () => onPostgresServer(`drop database if exists ${name} with (force)`);
  }
  const db = openDatabase(url, { poolSize: 10 });
  await db.migrate();
  return {
    db,
    url,
    dir,
    drop: async () => {
      await db.close();
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
