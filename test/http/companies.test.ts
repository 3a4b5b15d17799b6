import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeUser, signedIn } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('companies', () => {
  it('creates a company whose creator owns it and belongs to its default team', async () => {
    const user = await makeUser(server.db);
    const headers = await signedIn(server.db, user);
    const created = await server.app.inject({ method: 'POST', url: '/api/v1/companies', headers, payload: { name: 'Acme' } });
    expect(created.statusCode).toBe(201);
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.json().companies[0]).toMatchObject({ isOwner: true, teams: [{ teamName: 'General', roles: [] }] });
  });

  it('refuses an unknown field with VALIDATION_FAILED', async () => {
    const user = await makeUser(server.db);
    const headers = await signedIn(server.db, user);
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/companies', headers, payload: { name: 'A', ownerId: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers 401 without a session', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/companies', payload: { name: 'A' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });
});

describe('reading a company', () => {
  it('shows a member the company with what they may do there', async () => {
    const owner = await makeUser(server.db);
    const headers = await signedIn(server.db, owner);
    const { company } = (await server.app.inject({ method: 'POST', url: '/api/v1/companies', headers, payload: { name: 'Acme' } })).json();
    const res = await server.app.inject({ method: 'GET', url: `/api/v1/companies/${company.id}`, headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().company).toMatchObject({ id: company.id, name: 'Acme', ownerId: owner.id });
    expect(res.json().can).toMatchObject({ 'team.create': true, 'ownership.transfer': true, 'audit.read': true });
    expect(res.json().invitableCompanyRoles).toEqual(['admin', 'finance']);
  });

  it('answers 404 to a non-member, and for an unknown id', async () => {
    const owner = await makeUser(server.db);
    const { company } = (
      await server.app.inject({ method: 'POST', url: '/api/v1/companies', headers: await signedIn(server.db, owner), payload: { name: 'Acme' } })
    ).json();
    const stranger = await signedIn(server.db, await makeUser(server.db));
    for (const id of [company.id, 'no-such-company']) {
      const res = await server.app.inject({ method: 'GET', url: `/api/v1/companies/${id}`, headers: stranger });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });

  it('refuses a blank company name with VALIDATION_FAILED', async () => {
    const headers = await signedIn(server.db, await makeUser(server.db));
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/companies', headers, payload: { name: '   ' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});
