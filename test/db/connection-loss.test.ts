import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

describe.runIf(TEST_DATABASE === 'postgres')('an idle PostgreSQL connection ended by the server', () => {
  it('is reported and replaced, and the process goes on serving', async () => {
    const { db, url } = database;
    // Open a few pooled connections and leave them idle.
    await Promise.all(Array.from({ length: 3 }, () => sql`select pg_sleep(0.05)`.execute(db.kysely)));
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    let endedCount = 0;
    try {
      const ended = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      endedCount = ended.rowCount ?? 0;
      expect(endedCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }

    // Each ended connection is reported as its socket closes, one after another: until the last is,
    // the pool may still hand out one that is dead (a request on it would answer 503).
    try {
      await expect.poll(() => warnings.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(endedCount);
    } finally {
      process.off('warning', onWarning);
    }
    for (const warning of warnings) expect(warning.message).toMatch(/idle PostgreSQL connection failed/);
    const { rows } = await sql<{ answer: number }>`select 42 as answer`.execute(db.kysely);
    expect(rows).toEqual([{ answer: 42 }]);
  });
});
