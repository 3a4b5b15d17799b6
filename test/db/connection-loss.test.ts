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
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const ended = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      expect(ended.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }

    expect((await warned).message).toMatch(/idle PostgreSQL connection failed/);
    const { rows } = await sql<{ answer: number }>`select 42 as answer`.execute(db.kysely);
    expect(rows).toEqual([{ answer: 42 }]);
  });
});
