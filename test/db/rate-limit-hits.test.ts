import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRateLimitHit, deleteEndedRateLimitWindows } from '../../src/db/rate-limit-hits.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 5, 10, 0, seconds)).toISOString();

describe(`the rate-limit counters' statements on ${TEST_DATABASE}`, () => {
  it('count hits in a window, open a new one once it has ended, and keep only digests of the keys', async () => {
    const { kysely } = database.db;
    const hit = (key: string, now: number) => countRateLimitHit(kysely, { key, now: at(now), end: at(now + 10) });
    expect(await hit('login:ada@example.com', 0)).toEqual({ hits: 1, expiresAt: at(10) });
    expect(await hit('login:ada@example.com', 5)).toEqual({ hits: 2, expiresAt: at(10) });
    expect(await hit('login:bob@example.com', 5)).toEqual({ hits: 1, expiresAt: at(15) });
    // The window ended at 10: the next hit opens one of its own.
    expect(await hit('login:ada@example.com', 10)).toEqual({ hits: 1, expiresAt: at(20) });
    const keys = (await kysely.selectFrom('rateLimitHits').select('key').execute()).map((row) => row.key);
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^[\w-]{43}$/);
  });

  it('delete the counters whose window has ended, in one statement', async () => {
    const { kysely } = database.db;
    await countRateLimitHit(kysely, { key: 'sweep:old', now: at(0), end: at(30) });
    await countRateLimitHit(kysely, { key: 'sweep:new', now: at(0), end: at(90) });
    await deleteEndedRateLimitWindows(kysely, at(60));
    const left = await kysely.selectFrom('rateLimitHits').select('expiresAt').execute();
    expect(left.every((row) => row.expiresAt > at(60))).toBe(true);
    expect(left.map((row) => row.expiresAt)).toContain(at(90));
  });
});
