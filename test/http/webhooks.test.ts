import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany } from '../support/factories.js';
import { api, call, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const hooks = (companyId: string, rest = '') => api(`/companies/${companyId}/webhooks${rest}`);
const receiverUrl = 'https://hooks.example.com/roster';

interface EndpointAnswer {
  endpoint: { id: string; url: string; eventTypes: string[]; enabled: boolean; description: string; previousSecretUntil: string | null };
  secret: string;
}

async function tenantWithEndpoint(eventTypes = ['team.created']) {
  const tenant = await makeCompany(server);
  const res = await call(server, 'POST', hooks(tenant.company.id), tenant.owner, { url: receiverUrl, eventTypes, description: 'CRM' });
  expect(res.statusCode, res.body).toBe(201);
  return { tenant, ...res.json<EndpointAnswer>() };
}

const deliveriesOf = (endpointId: string) => server.db.kysely.selectFrom('webhookDeliveries').selectAll().where('endpointId', '=', endpointId).orderBy('createdAt').execute();
const auditTypes = async (companyId: string) =>
  (await server.db.kysely.selectFrom('auditEvents').select('type').where('companyId', '=', companyId).orderBy('seq').execute()).map((row) => row.type);

describe('webhook endpoints', () => {
  it('the owner adds one: the secret shown once, never again, kept sealed; audited', async () => {
    const { tenant, endpoint, secret } = await tenantWithEndpoint(['team.created', 'member.left']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({ url: receiverUrl, eventTypes: ['member.left', 'team.created'], enabled: true, description: 'CRM', previousSecretUntil: null });
    const list = await call(server, 'GET', hooks(tenant.company.id), tenant.owner);
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: unknown[] }>().items).toEqual([endpoint]);
    expect(list.body).not.toContain(secret.slice(6));
    const one = await call(server, 'GET', hooks(tenant.company.id, `/${endpoint.id}`), tenant.owner);
    expect(one.json()).toEqual({ endpoint });
    const stored = await server.db.kysely.selectFrom('webhookEndpoints').select('secret').where('id', '=', endpoint.id).executeTakeFirstOrThrow();
    expect(stored.secret).toMatch(/^sealed:v1:/);
    expect(await auditTypes(tenant.company.id)).toContain('webhook_endpoint.created');
  });

  it('an admin manages them too; a plain member is FORBIDDEN, a non-member NOT_FOUND, and nothing changes', async () => {
    const { tenant, endpoint } = await tenantWithEndpoint();
    const admin = await tenant.member({ companyRoles: ['admin'] });
    const created = await call(server, 'POST', hooks(tenant.company.id), admin, { url: receiverUrl, eventTypes: ['team.created'] });
    expect(created.statusCode).toBe(201);
    const test = await call(server, 'POST', hooks(tenant.company.id, `/${endpoint.id}/test`), tenant.owner);
    const deliveryId = test.json<{ delivery: { id: string } }>().delivery.id;
    const member = await tenant.member({ teams: { [tenant.defaultTeamId]: ['team_admin'] } });
    const outsider = (await makeCompany(server)).owner;
    const routes: [Parameters<typeof request>[1], string, unknown?][] = [
      ['GET', hooks(tenant.company.id)],
      ['POST', hooks(tenant.company.id), { url: receiverUrl, eventTypes: ['team.created'] }],
      ['GET', hooks(tenant.company.id, `/${endpoint.id}`)],
      ['PATCH', hooks(tenant.company.id, `/${endpoint.id}`), { enabled: false }],
      ['DELETE', hooks(tenant.company.id, `/${endpoint.id}`)],
      ['POST', hooks(tenant.company.id, `/${endpoint.id}/rotate-secret`)],
      ['POST', hooks(tenant.company.id, `/${endpoint.id}/test`)],
      ['GET', hooks(tenant.company.id, `/${endpoint.id}/deliveries`)],
      ['GET', hooks(tenant.company.id, `/${endpoint.id}/deliveries/${deliveryId}`)],
      ['POST', hooks(tenant.company.id, `/${endpoint.id}/deliveries/${deliveryId}/redeliver`)],
    ];
    for (const [method, url, body] of routes) {
      await expectRefused(server.db, await request(server, method, url, member, body), 403, 'FORBIDDEN');
      await expectRefused(server.db, await request(server, method, url, outsider, body), 404, 'NOT_FOUND');
    }
    // Another company's endpoint, named under one's own company, is NOT_FOUND.
    const other = await tenantWithEndpoint();
    for (const [method, rest, body] of [['GET', ''], ['PATCH', '', { enabled: false }], ['DELETE', ''], ['POST', '/rotate-secret'], ['POST', '/test'], ['GET', '/deliveries'], ['GET', `/deliveries/${deliveryId}`], ['POST', `/deliveries/${deliveryId}/redeliver`]] as const) {
      await expectRefused(server.db, await request(server, method, hooks(tenant.company.id, `/${other.endpoint.id}${rest}`), tenant.owner, body), 404, 'NOT_FOUND');
    }
  });

  it('refuses a bad URL, an unknown event type and a private address with VALIDATION_FAILED', async () => {
    const tenant = await makeCompany(server);
    const bodies = [
      { url: 'ftp://hooks.example.com/x', eventTypes: ['team.created'] },
      { url: 'https://user:secret@hooks.example.com/x', eventTypes: ['team.created'] },
      { url: '/relative', eventTypes: ['team.created'] },
      { url: receiverUrl, eventTypes: ['team.exploded'] },
      { url: receiverUrl, eventTypes: [] },
      { url: 'http://127.0.0.1:8080/hooks', eventTypes: ['team.created'] },
      { url: 'http://10.0.0.7/hooks', eventTypes: ['team.created'] },
      { url: 'http://169.254.169.254/latest', eventTypes: ['team.created'] },
      { url: 'http://[::1]/hooks', eventTypes: ['team.created'] },
      { url: 'http://[fd00::1]/hooks', eventTypes: ['team.created'] },
      { url: 'http://localhost:3000/hooks', eventTypes: ['team.created'] },
    ];
    for (const body of bodies) await expectRefused(server.db, await request(server, 'POST', hooks(tenant.company.id), tenant.owner, body), 400, 'VALIDATION_FAILED');
    const res = await call(server, 'POST', hooks(tenant.company.id), tenant.owner, bodies[5]);
    expect(res.json<{ errors: { path: string; message: string }[] }>().errors[0]).toMatchObject({ path: 'body.url', message: expect.stringContaining('loopback') as string });
  });

  it('a change queues a delivery, in its transaction, for each enabled endpoint that wants its type only', async () => {
    const { tenant, endpoint } = await tenantWithEndpoint(['team.created']);
    const other = await call(server, 'POST', hooks(tenant.company.id), tenant.owner, { url: receiverUrl, eventTypes: ['member.left'] });
    const off = await call(server, 'POST', hooks(tenant.company.id), tenant.owner, { url: receiverUrl, eventTypes: ['team.created'] });
    const offId = off.json<EndpointAnswer>().endpoint.id;
    expect((await call(server, 'PATCH', hooks(tenant.company.id, `/${offId}`), tenant.owner, { enabled: false })).statusCode).toBe(200);
    const team = await call(server, 'POST', api(`/companies/${tenant.company.id}/teams`), tenant.owner, { name: 'Design' });
    expect(team.statusCode).toBe(201);
    const [delivery, ...rest] = await deliveriesOf(endpoint.id);
    expect(rest).toEqual([]);
    const event = await server.db.kysely.selectFrom('auditEvents').selectAll().where('companyId', '=', tenant.company.id).where('type', '=', 'team.created').executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ eventType: 'team.created', status: 'pending', attempts: 0, companyId: tenant.company.id });
    expect(JSON.parse(delivery!.payload)).toEqual({
      type: 'team.created',
      timestamp: event.createdAt,
      data: { id: event.id, type: 'team.created', actorId: tenant.owner.id, targetId: event.targetId, teamId: event.teamId, companyId: tenant.company.id, data: JSON.parse(event.data) as unknown, createdAt: event.createdAt },
    });
    expect(await deliveriesOf(other.json<EndpointAnswer>().endpoint.id)).toEqual([]);
    expect(await deliveriesOf(offId)).toEqual([]);
    // A refused change queues nothing (expectRefused compares every table, the deliveries too).
    await expectRefused(server.db, await request(server, 'POST', api(`/companies/${tenant.company.id}/teams`), tenant.owner, { name: 'design' }), 409, 'TEAM_NAME_TAKEN');
  });

  it('updates the URL, types, description and state, audited with what changed; the same again records nothing', async () => {
    const { tenant, endpoint } = await tenantWithEndpoint();
    const url = hooks(tenant.company.id, `/${endpoint.id}`);
    const res = await call(server, 'PATCH', url, tenant.owner, { url: 'https://other.example.com/h', eventTypes: ['member.left'], description: 'Billing', enabled: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<EndpointAnswer>().endpoint).toMatchObject({ url: 'https://other.example.com/h', eventTypes: ['member.left'], description: 'Billing', enabled: false });
    const event = await server.db.kysely.selectFrom('auditEvents').select('data').where('companyId', '=', tenant.company.id).where('type', '=', 'webhook_endpoint.updated').executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toMatchObject({ before: { enabled: true, eventTypes: ['team.created'] }, after: { enabled: false, eventTypes: ['member.left'], description: 'Billing' } });
    await expectRefused(server.db, await request(server, 'PATCH', url, tenant.owner, {}), 400, 'VALIDATION_FAILED');
    await expectRefused(server.db, await request(server, 'PATCH', url, tenant.owner, { url: 'http://192.168.0.2/' }), 400, 'VALIDATION_FAILED');
    const count = (await auditTypes(tenant.company.id)).length;
    expect((await call(server, 'PATCH', url, tenant.owner, { enabled: false, description: 'Billing' })).statusCode).toBe(200);
    expect((await auditTypes(tenant.company.id)).length).toBe(count);
  });

  it('rotates the secret: a new one shown once, the old one signing until 24 hours from now; audited', async () => {
    const { tenant, endpoint, secret } = await tenantWithEndpoint();
    const res = await call(server, 'POST', hooks(tenant.company.id, `/${endpoint.id}/rotate-secret`), tenant.owner);
    expect(res.statusCode, res.body).toBe(200);
    const rotated = res.json<EndpointAnswer>();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.endpoint.previousSecretUntil).toBe(new Date(server.clock.now.getTime() + 24 * 3_600_000).toISOString());
    expect(await auditTypes(tenant.company.id)).toContain('webhook_endpoint.secret_rotated');
  });

  it('queues a test event, lists the deliveries newest first by pages, reads one, redelivers it; CONFLICT when the endpoint is off', async () => {
    const { tenant, endpoint } = await tenantWithEndpoint();
    const base = hooks(tenant.company.id, `/${endpoint.id}`);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      server.clock.now = new Date(server.clock.now.getTime() + 1000);
      const res = await call(server, 'POST', `${base}/test`, tenant.owner);
      expect(res.statusCode, res.body).toBe(202);
      const { delivery } = res.json<{ delivery: { id: string; eventType: string; status: string } }>();
      expect(delivery).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
      ids.push(delivery.id);
    }
    const first = await call(server, 'GET', `${base}/deliveries?limit=2`, tenant.owner);
    const page1 = first.json<{ items: { id: string }[]; nextCursor: string }>();
    expect(page1.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    const second = await call(server, 'GET', `${base}/deliveries?limit=2&cursor=${page1.nextCursor}`, tenant.owner);
    expect(second.json<{ items: { id: string }[]; nextCursor: null }>()).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    await expectRefused(server.db, await request(server, 'GET', `${base}/deliveries?cursor=bogus`, tenant.owner), 400, 'VALIDATION_FAILED');

    const one = await call(server, 'GET', `${base}/deliveries/${ids[0]}`, tenant.owner);
    expect(one.json<{ delivery: { payload: { type: string } }; attempts: unknown[] }>()).toMatchObject({ delivery: { id: ids[0], payload: { type: 'webhook.test' } }, attempts: [] });
    await server.db.kysely.updateTable('webhookDeliveries').set({ status: 'failed' }).where('id', '=', ids[0]!).execute();
    const again = await call(server, 'POST', `${base}/deliveries/${ids[0]}/redeliver`, tenant.owner);
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json<{ delivery: { status: string; nextAttemptAt: string } }>().delivery).toMatchObject({ status: 'pending', nextAttemptAt: server.clock.now.toISOString() });
    await expectRefused(server.db, await request(server, 'POST', `${base}/deliveries/unknown/redeliver`, tenant.owner), 404, 'NOT_FOUND');

    expect((await call(server, 'PATCH', base, tenant.owner, { enabled: false })).statusCode).toBe(200);
    await expectRefused(server.db, await request(server, 'POST', `${base}/test`, tenant.owner), 409, 'CONFLICT');
    await expectRefused(server.db, await request(server, 'POST', `${base}/deliveries/${ids[1]}/redeliver`, tenant.owner), 409, 'CONFLICT');
  });

  it('deletes an endpoint with its deliveries; audited', async () => {
    const { tenant, endpoint } = await tenantWithEndpoint();
    expect((await call(server, 'POST', hooks(tenant.company.id, `/${endpoint.id}/test`), tenant.owner)).statusCode).toBe(202);
    const res = await call(server, 'DELETE', hooks(tenant.company.id, `/${endpoint.id}`), tenant.owner);
    expect(res.statusCode).toBe(204);
    expect(await deliveriesOf(endpoint.id)).toEqual([]);
    expect(await auditTypes(tenant.company.id)).toContain('webhook_endpoint.deleted');
    await expectRefused(server.db, await request(server, 'GET', hooks(tenant.company.id, `/${endpoint.id}`), tenant.owner), 404, 'NOT_FOUND');
  });
});

describe('WEBHOOKS_ALLOW_PRIVATE=true', () => {
  it('takes a URL on a private or loopback address', async () => {
    const open = await startTestServer({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
    try {
      const tenant = await makeCompany(open);
      for (const url of ['http://127.0.0.1:9/hooks', 'http://10.0.0.7/hooks', 'http://localhost/hooks']) {
        const res = await call(open, 'POST', hooks(tenant.company.id), tenant.owner, { url, eventTypes: ['team.created'] });
        expect(res.statusCode, res.body).toBe(201);
      }
    } finally {
      await open.close();
    }
  });
});
