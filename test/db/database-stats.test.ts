import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';

/** What the metrics read off the database (src/metrics/metrics.ts): retries and connections. */
describe('the database counts what the metrics report', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.drop();
  });

  it('counts a transaction run again after a serialization failure (PostgreSQL), and none on SQLite', async () => {
    let runs = 0;
    const work = () => {
      runs++;
      if (runs === 1 && TEST_DATABASE === 'postgres') {
        // What pg throws for SQLSTATE 40001: the transaction may simply be run again.
        throw Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' });
      }
      return Promise.resolve('done');
    };
    expect(await database.db.write(work)).toBe('done');
    expect(database.db.stats().transactionRetries).toBe(TEST_DATABASE === 'postgres' ? 1 : 0);
    expect(runs).toBe(TEST_DATABASE === 'postgres' ? 2 : 1);
  });

  it('reports a connection in use while a write holds it, and the writes waiting behind it on SQLite', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inside = new Promise<void>((resolve) => (started = resolve));
    const first = database.db.write(async () => {
      started();
      await held;
    });
    await inside;
    const second = database.db.write(() => Promise.resolve());
    const { pool } = database.db.stats();
    expect(pool.total - pool.idle).toBeGreaterThanOrEqual(1);
    if (TEST_DATABASE === 'sqlite') expect(pool.waiting).toBe(1);
    release();
    await Promise.all([first, second]);
    const after = database.db.stats().pool;
    expect(after.total - after.idle).toBe(0);
    expect(after.waiting).toBe(0);
  });
});
