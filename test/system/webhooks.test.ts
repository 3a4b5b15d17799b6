import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RETRY_WINDOW_MS, WebhookWorker } from '../../src/webhooks/worker.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany } from '../support/factories.js';
import { api, call } from '../support/refusals.js';
import { startReceiver, verifies, type TestReceiver } from '../support/webhook-receiver.js';
import { startDnsServer, type TestDnsServer } from '../support/dns-server.js';

/**
 * Webhooks delivered for real: a receiver on 127.0.0.1 that verifies every signature with the
 * standardwebhooks library, the worker run pass by pass on the test's clock.
 */
let server: TestServer;
let receiver: TestReceiver;
let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer();
  server = await startTestServer({ WEBHOOKS_ALLOW_PRIVATE: 'true', DNS_SERVERS: dns.address });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await server.close();
  await dns.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** The worker as the server runs it, on the test's clock; jitter at its middle. */
const worker = (allowPrivate = true) =>
  new WebhookWorker({
    db: server.db,
    logger: silent,
    secretKey: server.config.secretKey,
    baseUrl: server.config.baseUrl,
    send: { allowPrivate, dnsServers: [dns.address] },
    now: () => new Date(server.clock.now),
    random: () => 0.5,
  });

/** The verifier checks the timestamp against the real clock: the test's clock starts at the real now. */
function startClockNow(): void {
  server.clock.now = new Date();
}

/** Moves the test's clock (and the process's, for the verifier) to the next attempt due. */
async function toNextAttempt(): Promise<boolean> {
  const next = await server.db.kysely.selectFrom('webhookDeliveries').select('nextAttemptAt').where('status', '=', 'pending').orderBy('nextAttemptAt').executeTakeFirst();
  if (!next) return false;
  server.clock.now = new Date(Math.max(server.clock.now.getTime(), Date.parse(next.nextAttemptAt)));
  return true;
}

async function companyWithEndpoint(url: string, eventTypes = ['team.created']) {
  const tenant = await makeCompany(server);
  const res = await call(server, 'POST', api(`/companies/${tenant.company.id}/webhooks`), tenant.owner, { url, eventTypes });
  expect(res.statusCode, res.body).toBe(201);
  const { endpoint, secret } = res.json<{ endpoint: { id: string }; secret: string }>();
  return { tenant, endpointId: endpoint.id, secret };
}

const makeTeam = async (tenant: Awaited<ReturnType<typeof makeCompany>>, name: string) => {
  const res = await call(server, 'POST', api(`/companies/${tenant.company.id}/teams`), tenant.owner, { name });
  expect(res.statusCode).toBe(201);
};

describe('webhook delivery', () => {
  it('retries a receiver failing on purpose until it accepts, every attempt signed and logged, the same webhook-id each time', async () => {
    startClockNow();
    const { tenant, endpointId, secret } = await companyWithEndpoint(receiver.url);
    const seen: string[] = [];
    receiver.answer((request, count) => {
      if (!verifies(secret, request)) return 401;
      seen.push(String(request.headers['webhook-id']));
      return count < 3 ? 500 : 204;
    });
    await makeTeam(tenant, 'Design');
    const sender = worker();
    let delivered = 0;
    for (let pass = 0; pass < 10 && delivered === 0; pass++) {
      delivered = await sender.deliverDue();
      if (delivered === 0) expect(await toNextAttempt()).toBe(true);
    }
    expect(delivered).toBe(1);
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 500, 204]);
    expect(new Set(seen).size).toBe(1);
    const body = JSON.parse(receiver.received[3]!.body) as { type: string; data: { type: string; companyId: string } };
    expect(body).toMatchObject({ type: 'team.created', data: { type: 'team.created', companyId: tenant.company.id } });

    const log = await call(server, 'GET', api(`/companies/${tenant.company.id}/webhooks/${endpointId}/deliveries`), tenant.owner);
    const [delivery] = log.json<{ items: { id: string; status: string; attempts: number; lastAttempt: { statusCode: number; ok: boolean } }[] }>().items;
    expect(delivery).toMatchObject({ id: seen[0], status: 'delivered', attempts: 4, lastAttempt: { statusCode: 204, ok: true } });
    const detail = await call(server, 'GET', api(`/companies/${tenant.company.id}/webhooks/${endpointId}/deliveries/${seen[0]}`), tenant.owner);
    const attempts = detail.json<{ attempts: { attempt: number; statusCode: number; ok: boolean; responseBody: string }[] }>().attempts;
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, false],
      [4, 204, true],
    ]);
    expect(attempts[0]!.responseBody).toBe('failing on purpose');
    const endpoint = await server.db.kysely.selectFrom('webhookEndpoints').select('failingSince').where('id', '=', endpointId).executeTakeFirstOrThrow();
    expect(endpoint.failingSince).toBeNull();
  });

  it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    startClockNow();
    receiver.received.length = 0;
    receiver.answer(() => 204);
    const { tenant, endpointId, secret: old } = await companyWithEndpoint(receiver.url);
    const rotated = await call(server, 'POST', api(`/companies/${tenant.company.id}/webhooks/${endpointId}/rotate-secret`), tenant.owner);
    const fresh = rotated.json<{ secret: string }>().secret;
    await makeTeam(tenant, 'During');
    expect(await worker().deliverDue()).toBe(1);
    const during = receiver.received.at(-1)!;
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect([verifies(old, during), verifies(fresh, during)]).toEqual([true, true]);

    server.clock.now = new Date(server.clock.now.getTime() + 24 * 3_600_000 + 1000);
    await makeTeam(tenant, 'After');
    expect(await worker().deliverDue()).toBe(1);
    const after = receiver.received.at(-1)!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    // The verifier judges the timestamp by the process's clock: set it to the test's.
    vi.useFakeTimers({ toFake: ['Date'], now: server.clock.now });
    expect([verifies(old, after), verifies(fresh, after)]).toEqual([false, true]);
  });

  it('turns off an endpoint failing for 3 days, gives up its deliveries, and mails the owner', async () => {
    receiver.answer(() => 503);
    server.clock.now = new Date('2026-03-01T00:00:00.000Z');
    const { tenant, endpointId } = await companyWithEndpoint(receiver.url);
    await makeTeam(tenant, 'One');
    await makeTeam(tenant, 'Two');
    const sender = worker();
    const started = server.clock.now.getTime();
    let passes = 0;
    for (;;) {
      await sender.deliverDue();
      const endpoint = await server.db.kysely.selectFrom('webhookEndpoints').selectAll().where('id', '=', endpointId).executeTakeFirstOrThrow();
      if (endpoint.enabled === 0) break;
      expect(await toNextAttempt()).toBe(true);
      expect(++passes).toBeLessThan(60);
    }
    expect(server.clock.now.getTime() - started).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    const endpoint = await call(server, 'GET', api(`/companies/${tenant.company.id}/webhooks/${endpointId}`), tenant.owner);
    expect(endpoint.json<{ endpoint: { enabled: boolean; disabledReason: string } }>().endpoint).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('3 days') as string });
    const statuses = await server.db.kysely.selectFrom('webhookDeliveries').select('status').where('endpointId', '=', endpointId).execute();
    expect(statuses.map((row) => row.status)).toEqual(['failed', 'failed']);
    // No more attempts: the endpoint is off.
    const attempts = (await server.db.kysely.selectFrom('webhookAttempts').select('id').execute()).length;
    server.clock.now = new Date(server.clock.now.getTime() + RETRY_WINDOW_MS);
    expect(await sender.deliverDue()).toBe(0);
    expect((await server.db.kysely.selectFrom('webhookAttempts').select('id').execute()).length).toBe(attempts);

    await server.deliverMail();
    const [mail, ...more] = server.mailTo(tenant.owner.email);
    expect(more).toEqual([]);
    expect(mail!.headers.get('subject')).toBe('A webhook endpoint of Acme was turned off');
    expect(mail!.text).toContain(receiver.url);
    expect(mail!.text).toContain(`http://roster.test/companies/${tenant.company.id}/webhooks`);

    // Turned on again, it gets new events; redelivering a given-up one sends it again.
    receiver.answer(() => 204);
    expect((await call(server, 'PATCH', api(`/companies/${tenant.company.id}/webhooks/${endpointId}`), tenant.owner, { enabled: true })).json()).toMatchObject({ endpoint: { enabled: true, disabledReason: null, failingSince: null } });
    const [given] = await server.db.kysely.selectFrom('webhookDeliveries').select('id').where('endpointId', '=', endpointId).execute();
    expect((await call(server, 'POST', api(`/companies/${tenant.company.id}/webhooks/${endpointId}/deliveries/${given!.id}/redeliver`), tenant.owner)).statusCode).toBe(202);
    expect(await sender.deliverDue()).toBe(1);
  });

  it('refuses, after the lookup, a name that resolves to a private address while they are not allowed: logged, nothing sent', async () => {
    dns.set('loopback.example', { a: ['127.0.0.1'] });
    receiver.received.length = 0;
    receiver.answer(() => 204);
    startClockNow();
    const { tenant, endpointId } = await companyWithEndpoint(receiver.url.replace('127.0.0.1', 'loopback.example'));
    await makeTeam(tenant, 'Design');
    expect(await worker(false).deliverDue()).toBe(0);
    expect(receiver.received).toEqual([]);
    const log = await call(server, 'GET', api(`/companies/${tenant.company.id}/webhooks/${endpointId}/deliveries`), tenant.owner);
    const [delivery] = log.json<{ items: { status: string; lastAttempt: { error: string; statusCode: null } }[] }>().items;
    expect(delivery).toMatchObject({ status: 'pending', lastAttempt: { statusCode: null, error: expect.stringContaining('127.0.0.1 (loopback)') as string } });
  });
});
