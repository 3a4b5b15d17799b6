import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.js';
import { buildApp, type App } from '../../src/http/app.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { freePort } from '../support/child-server.js';
import { TEST_DATABASE } from '../support/database.js';
import { makeCompany, signedIn, snapshot, TEST_PASSWORD } from '../support/factories.js';
import { REDIS_URL, redisForTests } from '../support/redis.js';


let server: TestServer;
const closers: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  server = await startTestServer({ RATE_LIMITS: 'off' });
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await server.close();
});

/** An app like the test server's, on a database of its choosing. */
async function appOn(db: Db, env: Partial<typeof server.config> = {}): Promise<App> {
  const app = await buildApp({ db, config: { ...server.config, ...env }, now: server.services.now }, { logger: false });
  closers.push(() => app.close());
  return app;
}

function expectUnavailable(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(503);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['retry-after']).toBe('5');
  expect(response.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
}

const signUp = (app: App, email = `u-${randomUUID()}@example.com`) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, name: 'New Person', password: TEST_PASSWORD } });

describe('a database that does not answer', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After; readiness is 503, liveness 200', async () => {
    // Nothing listens on this port: every connection is refused, as with PostgreSQL down.
    const down = openDatabase(`postgres://postgres@127.0.0.1:${await freePort()}/roster`, { connectTimeoutMs: 1000 });
    closers.push(() => down.close());
    const app = await appOn(down);

    expectUnavailable(await signUp(app));
    expectUnavailable(await app.inject({ method: 'GET', url: '/api/v1/health/ready' }));
    expectUnavailable(await app.inject({ method: 'GET', url: '/api/v1/health' }));
    const live = await app.inject({ method: 'GET', url: '/api/v1/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
  });

  it('answers ready and health 200 while it answers', async () => {
    for (const url of ['/api/v1/health', '/api/v1/health/ready']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok', db: 'ok' });
    }
  });

  it('answers 503 when a write waits on a lock past the timeout, and changes nothing', async () => {
    const { company, owner } = await makeCompany(server);
    const headers = await signedIn(server.db, owner);
    // A second connection to the same database, whose statements give up soon.
    const impatient = openDatabase(server.config.databaseUrl, { statementTimeoutMs: 300 });
    closers.push(() => impatient.close());
    const app = await appOn(impatient);
    const before = await snapshot(server.db);

    // Another transaction holds the company (PostgreSQL: its row lock, 57014 after the statement
    // timeout; SQLite: the write lock, SQLITE_BUSY after the 5 s busy timeout).
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const holder = server.db.write(async (tx) => {
      if (TEST_DATABASE === 'postgres') await sql`select id from companies where id = ${company.id} for update`.execute(tx);
      locked();
      await released;
    });
    await holding;
    try {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/companies/${company.id}/teams`,
        headers,
        payload: { name: 'Design' },
      });
      expectUnavailable(response);
    } finally {
      release();
      await holder;
    }
    expect(await snapshot(server.db)).toEqual(before);
  });

  it.runIf(TEST_DATABASE === 'sqlite')('answers 503 when the disk is full (SQLITE_FULL), and changes nothing', async () => {
    const { company, owner } = await makeCompany(server);
    const headers = await signedIn(server.db, owner);
    // The file may not grow past its present size: the next page it needs is a full disk to SQLite.
    const { rows } = await sql<{ pageCount: number }>`pragma page_count`.execute(server.db.kysely);
    await sql.raw(`pragma max_page_count = ${rows[0]!.pageCount}`).execute(server.db.kysely);
    for (let i = 0; ; i++) {
      expect(i).toBeLessThan(500);
      const before = await snapshot(server.db);
      const response = await server.app.inject({
        method: 'POST',
        url: `/api/v1/companies/${company.id}/teams`,
        headers,
        payload: { name: `Team ${i} ${'x'.repeat(80)}` },
      });
      if (response.statusCode === 201) continue;
      expectUnavailable(response);
      expect(await snapshot(server.db)).toEqual(before);
      break;
    }
  });
});

const onRedis = await redisForTests('the tests of a Redis that does not answer');

/**
 * A TCP relay to the test Redis that can go silent (it takes what is sent and answers nothing, as a
 * frozen Redis does) or go away (its connections end, and no new one is taken).
 */
async function redisRelay(target: URL) {
  const sockets = new Set<Socket>();
  let silent = false;
  const relay: Server = createServer((client) => {
    const upstream = createConnection(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => {
      if (!silent) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!silent) client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  relay.listen(0, '127.0.0.1');
  await once(relay, 'listening');
  const { port } = relay.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    silence: () => (silent = true),
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
    },
  };
}

describe.skipIf(!onRedis)('a Redis that does not answer', () => {
  const wrong = () => ({ email: `rl-${randomUUID()}@example.com`, password: 'wrong password!' });

  it('makes the rate-limited routes answer 503, whether it is silent or gone', async () => {
    const relay = await redisRelay(new URL(REDIS_URL));
    closers.push(() => relay.stop());
    const app = await appOn(server.db, { rateLimits: true, redisUrl: relay.url });
    const login = () => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: wrong() });
    expect((await login()).statusCode).toBe(401);

    relay.silence();
    const started = Date.now();
    expectUnavailable(await login());
    expect(Date.now() - started).toBeLessThan(4_000);

    await relay.stop();
    expectUnavailable(await login());
    // Routes without a limit go on serving.
    expect((await app.inject({ method: 'GET', url: '/api/v1/health/ready' })).statusCode).toBe(200);
  });
});
