import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { buildApp, type App } from '../../src/http/app.js';
import { DatabaseRateLimitStore, databaseRateLimitStore, type CountedHit } from '../../src/http/rate-limit-store.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { makeUser, signedIn, snapshot, TEST_PASSWORD } from '../support/factories.js';
import { REDIS_URL, redisForTests } from '../support/redis.js';


const onRedis = await redisForTests('the Redis rate-limit tests');

/** An address of this test run alone: Redis counters outlive the run, and other runs share Redis. */
const freshAddress = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

function login(app: App, body: { email: string; password: string }, remoteAddress = '127.0.0.1') {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body, remoteAddress });
}

/** What the plugin's limiters read of a request when the key comes from a key generator. */
const bareRequest = { routeOptions: { config: {} } } as unknown as FastifyRequest;

/** Counts hits through the plugin's callback interface, as @fastify/rate-limit does. */
function incr(store: DatabaseRateLimitStore, key: string, timeWindow: number): Promise<CountedHit> {
  return new Promise((resolve, reject) => {
    store.incr(
      key,
      (error, result) => {
        if (error) reject(error);
        else if (result) resolve(result);
        else reject(new Error('no result'));
      },
      timeWindow,
    );
  });
}

describe('rate-limit counters in the database', () => {
  let server: TestServer;
  let otherDb: Db;
  let other: App;

  beforeAll(async () => {
    server = await startTestServer({ LOGIN_ATTEMPTS_PER_15_MIN: '3', TOKEN_ATTEMPTS_PER_MIN: '2' });
    // A second process: its own connection to the same database, its own app.
    otherDb = openDatabase(server.config.databaseUrl, { poolSize: 2 });
    other = await buildApp({ db: otherDb, config: server.config, now: server.services.now }, { logger: false });
  });

  afterAll(async () => {
    await other.close();
    await otherDb.close();
    await server.close();
  });

  it('count sign-in attempts on one account across two processes: 2 + 2 attempts pass a limit of 3', async () => {
    const user = await makeUser(server.db);
    const wrong = { email: user.email, password: 'wrong password!' };
    expect((await login(server.app, wrong)).statusCode).toBe(401);
    expect((await login(server.app, wrong)).statusCode).toBe(401);
    expect((await login(other, wrong)).statusCode).toBe(401);
    const before = await snapshot(server.db);
    const limited = await login(other, { email: user.email, password: TEST_PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    // The clock stands still: the whole 15-minute window is left.
    expect(limited.headers['retry-after']).toBe('900');
    expect(await snapshot(server.db)).toEqual(before);
    expect((await login(server.app, { email: user.email, password: TEST_PASSWORD })).statusCode).toBe(429);
  });

  it("count sign-in attempts on the account signed in to, whatever session or token the caller carries", async () => {
    const victim = await makeUser(server.db);
    const attacker = await makeUser(server.db);
    const cookie = await signedIn(server.db, attacker);
    const token = (await server.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: cookie, payload: { name: 'guesses' } })).json().token as string;
    const attempt = (headers: Record<string, string>, email = victim.email, password = 'wrong password!') =>
      server.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { email, password }, remoteAddress: freshAddress() });
    for (let i = 0; i < 3; i++) expect((await attempt({})).statusCode).toBe(401);
    const before = await snapshot(server.db);
    for (const headers of [cookie, { authorization: `Bearer ${token}` }]) {
      const limited = await attempt(headers, victim.email, TEST_PASSWORD);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
    // The email as the schema normalises it: spaces and capitals name the same account.
    expect((await attempt({ authorization: `Bearer ${token}` }, `  ${victim.email.toUpperCase()} `, TEST_PASSWORD)).statusCode).toBe(429);
    expect(await snapshot(server.db)).toEqual(before);
    // The attacker's own account is not the one counted.
    expect((await attempt(cookie, attacker.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('start counting afresh once the window has passed', async () => {
    const address = freshAddress();
    const guess = (app: App) => app.inject({ method: 'GET', url: '/api/v1/invitations/guess', remoteAddress: address });
    expect((await guess(server.app)).statusCode).toBe(404);
    expect((await guess(other)).statusCode).toBe(404);
    server.clock.now = new Date(server.clock.now.getTime() + 59_000);
    const stillLimited = await guess(server.app);
    expect(stillLimited.statusCode).toBe(429);
    expect(stillLimited.headers['retry-after']).toBe('1');
    server.clock.now = new Date(server.clock.now.getTime() + 1000);
    expect((await guess(other)).statusCode).toBe(404);
  });

  it('keep each limit apart: guessing tokens does not use up the sign-ups of the address', async () => {
    const address = freshAddress();
    const guess = (app: App, url: string) => app.inject({ method: 'GET', url, remoteAddress: address });
    expect((await guess(server.app, '/api/v1/invitations/guess-1')).statusCode).toBe(404);
    expect((await guess(other, '/api/v1/invitations/guess-2')).statusCode).toBe(404);
    for (const attempt of [3, 4, 5, 6]) expect((await guess(server.app, `/api/v1/invitations/guess-${attempt}`)).statusCode).toBe(429);
    // Sign-ups allow 2 × 3 per address: a key shared with the token guesses would stand at 7 now.
    const signUp = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email: `new-${randomUUID()}@example.com`, name: 'New Person', password: TEST_PASSWORD },
      remoteAddress: address,
    });
    expect(signUp.statusCode).toBe(201);
  });

  it('count token guesses per address across the routes that take a token, and an IPv6 address by its /64', async () => {
    const guess = (url: string, remoteAddress: string, method: 'GET' | 'POST' = 'GET') =>
      server.app.inject({ method, url, remoteAddress, ...(method === 'POST' ? { payload: { token: 'guess' } } : {}) });
    expect((await guess('/api/v1/invitations/guess-1', '2001:db8:0:1::1')).statusCode).toBe(404);
    expect((await guess('/api/v1/auth/verify-email', '2001:db8:0:1::2', 'POST')).statusCode).not.toBe(429);
    expect((await guess('/api/v1/invitations/guess-2', '2001:db8:0:1:ffff::3')).statusCode).toBe(429);
    expect((await guess('/api/v1/invitations/guess-3', '2001:db8:0:2::1')).statusCode).toBe(404);
  });

  it('keep their keys hashed: no email or address is stored', async () => {
    const rows = await server.db.kysely.selectFrom('rateLimitHits').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain('@');
    expect(stored).not.toContain('127.0.0.1');
    expect(stored).not.toContain('2001:db8');
  });
});

describe('the database store', () => {
  let database: TestDatabase;
  const clock = { now: new Date('2026-01-05T10:00:00.000Z') };
  const now = () => new Date(clock.now);
  const later = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };

  beforeAll(async () => {
    database = await openTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('counts hits per key and answers the time left in the window', async () => {
    const store = new DatabaseRateLimitStore(database.db, now);
    expect(await incr(store, 'count:a', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    later(10_000);
    expect(await incr(store, 'count:a', 60_000)).toEqual({ current: 2, ttl: 50_000 });
    expect(await incr(store, 'count:b', 60_000)).toEqual({ current: 1, ttl: 60_000 });
  });

  it('opens a new window with the first hit after the old one has ended', async () => {
    const store = new DatabaseRateLimitStore(database.db, now);
    await incr(store, 'reset', 1000);
    await incr(store, 'reset', 1000);
    later(999);
    expect(await incr(store, 'reset', 1000)).toEqual({ current: 3, ttl: 1 });
    later(1);
    expect(await incr(store, 'reset', 1000)).toEqual({ current: 1, ttl: 1000 });
  });

  it('counts every hit once when two processes hit one key at the same moment', async () => {
    const second = openDatabase(database.url, { poolSize: 5 });
    try {
      const stores = [new DatabaseRateLimitStore(database.db, now), new DatabaseRateLimitStore(second, now)];
      const hits = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 2]!.hit('race', 60_000)));
      expect(hits.map((hit) => hit.current).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    } finally {
      await second.close();
    }
  });

  it('deletes the ended windows every so many hits, and only those', async () => {
    const store = new DatabaseRateLimitStore(database.db, now, { sweepEvery: 3 });
    const keys = async () => (await database.db.kysely.selectFrom('rateLimitHits').select('key').execute()).length;
    await database.db.kysely.deleteFrom('rateLimitHits').execute();
    await store.hit('sweep:ended', 1000);
    later(5000);
    await store.hit('sweep:live', 60_000);
    expect(await keys()).toBe(2);
    await store.child({ routeInfo: {} }).hit('sweep:live', 60_000);
    expect(await keys()).toBe(1);
    expect(await store.hit('sweep:live', 60_000)).toMatchObject({ current: 3 });
  });

  it("gives a route's own limit counters of its own, and shares them between limiters made in code", async () => {
    const store = new DatabaseRateLimitStore(database.db, now);
    await store.hit('child:key', 60_000);
    expect(await store.child({ routeInfo: {} }).hit('child:key', 60_000)).toMatchObject({ current: 2 });
    expect(await store.child({ routeInfo: { method: 'POST', url: '/x' } }).hit('child:key', 60_000)).toMatchObject({ current: 1 });
  });

  it('refuses the options that would stretch a window, which it does not support', () => {
    const Store = databaseRateLimitStore(database.db, now);
    expect(() => new Store({ continueExceeding: true })).toThrow(/continueExceeding/);
    expect(() => new Store({}).child({ exponentialBackoff: true } as never)).toThrow(/exponentialBackoff/);
  });

  it('hands a database error to the plugin through the callback', async () => {
    // A database without the migration: the statement fails.
    const unmigrated = openDatabase('sqlite::memory:');
    try {
      await expect(incr(new DatabaseRateLimitStore(unmigrated, now), 'unmigrated', 1000)).rejects.toThrow(/rate_limit_hits/);
    } finally {
      await unmigrated.close();
    }
  });
});

describe.skipIf(!onRedis)('rate-limit counters in Redis', () => {
  let server: TestServer;
  let otherDb: TestDatabase;
  let other: App;
  let admin: Redis;

  beforeAll(async () => {
    server = await startTestServer({ LOGIN_ATTEMPTS_PER_15_MIN: '3', REDIS_URL });
    // The second process runs on a database of its own: only Redis can carry the count over.
    otherDb = await openTestDatabase();
    other = await buildApp({ db: otherDb.db, config: server.config, now: server.services.now }, { logger: false });
    admin = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await other.close();
    await otherDb.drop();
    await server.close();
    await admin.quit();
  });

  it('count sign-in attempts on one account across two processes: 2 + 2 attempts pass a limit of 3', async () => {
    const email = `rl-${randomUUID()}@example.com`;
    const address = freshAddress();
    const wrong = { email, password: 'wrong password!' };
    expect((await login(server.app, wrong, address)).statusCode).toBe(401);
    expect((await login(server.app, wrong, address)).statusCode).toBe(401);
    expect((await login(other, wrong, address)).statusCode).toBe(401);
    const limited = await login(other, wrong, address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    // Redis keeps its own time: the window started at the first attempt, a few (slow) seconds ago.
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(840);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect(await server.db.kysely.selectFrom('rateLimitHits').selectAll().execute()).toEqual([]);
  });

  it('start counting afresh once the window has passed', async () => {
    const key = `window-${randomUUID()}`;
    const limiters = [server.app, other].map((app) => app.createRateLimit({ max: 1, timeWindow: 400, keyGenerator: () => key }));
    expect(await limiters[0]!(bareRequest)).toMatchObject({ isExceeded: false });
    expect(await limiters[1]!(bareRequest)).toMatchObject({ isExceeded: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await limiters[1]!(bareRequest)).toMatchObject({ isExceeded: false });
  });

  it('close their Redis connection when the app closes', async () => {
    const connections = async () => {
      const list = String(await admin.call('CLIENT', 'LIST'));
      return list.split('\n').filter((line) => line.includes(` name=roster-${process.pid} `)).length;
    };
    const before = await connections();
    const third = await buildApp(server.services, { logger: false });
    expect(await connections()).toBe(before + 1);
    await third.close();
    expect(await connections()).toBe(before);
  });
});

describe('REDIS_URL', () => {
  it('stops the app with a clear message, and without the password, when Redis does not answer', async () => {
    const database = await openTestDatabase();
    try {
      const config = loadConfig({ REDIS_URL: 'redis://:sekret@127.0.0.1:1', DATABASE_URL: database.url });
      const services = { db: database.db, config, now: () => new Date() };
      const failure = buildApp(services, { logger: false });
      await expect(failure).rejects.toThrow('REDIS_URL: Redis does not answer at 127.0.0.1:1');
      await expect(failure).rejects.not.toThrow(/sekret/);
      // With the limits off nothing needs Redis.
      const unlimited = await buildApp({ ...services, config: { ...config, rateLimits: false } }, { logger: false });
      await unlimited.close();
    } finally {
      await database.drop();
    }
  });

  it('must be a redis:// or rediss:// URL', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'rediss://cache.internal:6380/2' }).redisUrl).toBe('rediss://cache.internal:6380/2');
    expect(() => loadConfig({ REDIS_URL: 'http://:sekret@cache.internal' })).toThrow(/REDIS_URL must/);
    expect(() => loadConfig({ REDIS_URL: 'http://:sekret@cache.internal' })).not.toThrow(/sekret/);
  });
});
