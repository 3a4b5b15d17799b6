import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { built } from '../support/built.js';
import { freePort, signUpOver, startChildServer, type ChildServer } from '../support/child-server.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

/** The value of one series of the Prometheus text, or undefined when the series is absent. */
function seriesValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',');
    if (wanted.every((label) => have.includes(label))) return Number(match[3]);
  }
  return undefined;
}

describe.runIf(built('metrics'))('Prometheus metrics on METRICS_PORT', () => {
  let database: TestDatabase | undefined;
  let server: ChildServer | undefined;
  let metricsUrl: string;

  beforeAll(async () => {
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    server = await startChildServer({
      DATABASE_URL: (database = await openTestDatabase()).url,
      METRICS_PORT: String(metricsPort),
      // Nothing listens there: the verification mail fails and stays queued.
      MAIL_URL: `smtp://127.0.0.1:${await freePort()}`,
      LOGIN_ATTEMPTS_PER_15_MIN: '1',
    });
  });
  afterAll(async () => {
    await server?.kill();
    await database?.drop();
  });

  const running = (): ChildServer => {
    if (!server) throw new Error('the server did not start');
    return server;
  };
  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  it('counts answers by route pattern, method and status, never by the raw path', async () => {
    const cookie = await signUpOver(running().url, 'owner@example.com');
    const created = await fetch(`${running().url}/api/v1/companies`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme' }),
    });
    const { company } = (await created.json()) as { company: { id: string } };
    await fetch(`${running().url}/api/v1/companies/${company.id}/members`, { headers: { cookie } });
    await fetch(`${running().url}/api/v1/no-such-route`);

    const text = await scrape();
    expect(seriesValue(text, 'roster_http_request_duration_seconds_count', { route: '/api/v1/auth/signup', method: 'POST', status: '201' })).toBe(1);
    expect(seriesValue(text, 'roster_http_request_duration_seconds_count', { route: '/api/v1/companies/:companyId/members', method: 'GET', status: '200' })).toBe(1);
    expect(seriesValue(text, 'roster_http_request_duration_seconds_count', { route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
    expect(text).not.toContain(company.id);
    // Node's own process metrics come along.
    expect(seriesValue(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(seriesValue(text, 'roster_database_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(seriesValue(text, 'roster_transaction_retries_total')).toBe(0);
  });

  it('reports the mail waiting in the outbox, its age, and the failed tries', async () => {
    // The sign-up above queued a verification mail that cannot leave.
    await expect.poll(async () => seriesValue(await scrape(), 'roster_mail_deliveries_total', { kind: 'email-verification', outcome: 'failed' }) ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const text = await scrape();
    expect(seriesValue(text, 'roster_outbox_depth')).toBe(1);
    expect(seriesValue(text, 'roster_outbox_oldest_age_seconds')).toBeGreaterThan(0);
    expect(seriesValue(text, 'roster_webhook_outbox_depth')).toBe(0);
    expect(seriesValue(text, 'roster_webhook_outbox_oldest_age_seconds')).toBe(0);
  });

  it('counts rate-limit refusals by route', async () => {
    const wrong = () =>
      fetch(`${running().url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@example.com', password: 'not the password' }),
      });
    expect((await wrong()).status).toBe(401);
    expect((await wrong()).status).toBe(429);
    expect(seriesValue(await scrape(), 'roster_rate_limit_refusals_total', { route: '/api/v1/auth/login' })).toBe(1);
  });

  it('serves nothing else on its port, and nothing of it on the API port', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${running().url}/metrics`)).status).toBe(404);
  });
});

describe('METRICS_PORT', () => {
  it('is off unless set, and refused when it is not a port or is the API port', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).metricsPort).toBeNull();
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', METRICS_PORT: '9464' })).toMatchObject({ metricsPort: 9464, metricsHost: '127.0.0.1' });
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metricsHost).toBe('0.0.0.0');
    expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', PORT: '3000', METRICS_PORT: '3000' })).toThrow(/METRICS_PORT/);
  });
});
