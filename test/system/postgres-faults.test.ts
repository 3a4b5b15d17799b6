import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer, signUpOver } from '../support/child-server.js';
import { TEST_DATABASE } from '../support/database.js';
import { postgresBinaries, startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';

// These faults are PostgreSQL's (SQLite has no server to lose): the postgres project runs them,
// on a server of the test's own that it stops, starts and freezes. Without the binaries they are
// skipped, with a warning; under CI they must run.
const runs = TEST_DATABASE === 'postgres' && postgresBinaries() !== undefined;
if (TEST_DATABASE === 'postgres' && !runs) {
  if (process.env.CI === 'true') throw new Error('PostgreSQL server binaries (initdb) are missing; CI needs them');
  console.warn('\n  ⚠  No PostgreSQL binaries under /usr/lib/postgresql: the PostgreSQL fault tests are SKIPPED.\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: OwnPostgres;
let server: ChildServer;
let cookie: string;

beforeAll(async () => {
  if (!runs) return;
  database = await startOwnPostgres();
  const admin = new pg.Client({ connectionString: database.url('postgres') });
  await admin.connect();
  await admin.query('create database roster');
  await admin.end();
  server = await startChildServer({
    DATABASE_URL: database.url('roster'),
    RATE_LIMITS: 'off',
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
    DATABASE_STATEMENT_TIMEOUT_MS: '1500',
  });
  cookie = await signUpOver(server.url, 'owner@example.com');
}, 60_000);

afterAll(async () => {
  // Either may be missing: skipped, or beforeAll failed on the way.
  await (server as ChildServer | undefined)?.kill('SIGKILL');
  await (database as OwnPostgres | undefined)?.destroy();
});

/** A status, or the error that came instead of an answer. */
async function status(path: string, init: RequestInit = {}): Promise<number | string> {
  try {
    const response = await fetch(`${server.url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

/**
 * Clients looping requests that reach the database (readiness, reads of the signed-in user, new
 * companies) until `stop()`; every answer is recorded.
 */
function load() {
  const answers: (number | string)[] = [];
  let running = true;
  let companies = 0;
  const requests = [
    () => status('/api/v1/health/ready'),
    () => status('/api/v1/me', { headers: { cookie } }),
    () => status('/api/v1/me', { headers: { cookie } }),
    () =>
      status('/api/v1/companies', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Company ${companies++}` }),
      }),
  ];
  const clients = [...requests, ...requests].map(async (request) => {
    while (running) answers.push(await request());
  });
  return {
    answers,
    stop: async () => {
      running = false;
      await Promise.all(clients);
    },
  };
}

/** Waits until readiness answers 200 again; answers how long that took. */
async function servesAgain(): Promise<number> {
  const started = Date.now();
  while ((await status('/api/v1/health/ready')) !== 200) {
    if (Date.now() - started > 10_000) throw new Error(`Roster does not serve again: ${server.output().slice(-2000)}`);
    await sleep(100);
  }
  expect(await status('/api/v1/me', { headers: { cookie } })).toBe(200);
  return Date.now() - started;
}

function expectAlive(): void {
  expect(server.process.exitCode, server.output().slice(-2000)).toBeNull();
  expect(server.output()).not.toMatch(/Unhandled 'error' event/);
}

/** Every answer is a success or 503 SERVICE_UNAVAILABLE: never a 500, never a dropped connection. */
function expectOnlyServedOrUnavailable(answers: (number | string)[]): void {
  expect(answers.filter((answer) => ![200, 201, 503].includes(answer as number))).toEqual([]);
}

describe.runIf(runs)('Roster on a PostgreSQL that fails under load', () => {
  it('survives PostgreSQL restarts: 503 while it is down (readiness too, liveness 200), serving again within seconds', async () => {
    const traffic = load();
    try {
      for (let round = 0; round < 3; round++) {
        await sleep(300);
        await database.stop();
        const down = await fetch(`${server.url}/api/v1/me`, { headers: { cookie } });
        expect(down.status).toBe(503);
        expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(down.headers.get('retry-after')).toBe('5');
        expect(await down.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
        expect(await status('/api/v1/health/ready')).toBe(503);
        expect(await status('/api/v1/health/live')).toBe(200);
        await sleep(300);
        await database.start();
        expect(await servesAgain()).toBeLessThan(5_000);
        expectAlive();
      }
    } finally {
      await traffic.stop();
    }
    expectAlive();
    expectOnlyServedOrUnavailable(traffic.answers);
    expect(traffic.answers.filter((answer) => answer === 200).length).toBeGreaterThan(10);
  }, 60_000);

  it("survives its connections being ended by the server (pg_terminate_backend)", async () => {
    const traffic = load();
    const admin = new pg.Client({ connectionString: database.url('postgres') });
    await admin.connect();
    try {
      for (let round = 0; round < 3; round++) {
        await sleep(500);
        const ended = await admin.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = 'roster' and pid <> pg_backend_pid()",
        );
        expect(ended.rowCount).toBeGreaterThan(0);
        expect(await servesAgain()).toBeLessThan(5_000);
        expectAlive();
      }
    } finally {
      await admin.end();
      await traffic.stop();
    }
    expectAlive();
    expectOnlyServedOrUnavailable(traffic.answers);
  }, 60_000);

  it('answers 503 in bounded time while PostgreSQL is frozen, and serves once it thaws', async () => {
    database.freeze();
    try {
      const started = Date.now();
      expect(await status('/api/v1/health/ready')).toBe(503);
      // The readiness deadline: 2 s.
      expect(Date.now() - started).toBeLessThan(3_500);
      const asked = Date.now();
      // A pooled connection waits for its answer at most the statement timeout and a margin.
      expect(await status('/api/v1/me', { headers: { cookie } })).toBe(503);
      expect(Date.now() - asked).toBeLessThan(6_000);
      expect(await status('/api/v1/health/live')).toBe(200);
    } finally {
      database.thaw();
    }
    expect(await servesAgain()).toBeLessThan(5_000);
    expectAlive();
  }, 60_000);
});
