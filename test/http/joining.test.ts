import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/auth/secrets.js';
import type { User } from '../../src/db/schema.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn } from '../support/factories.js';
import { api, call, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
let limited: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  limited = await startTestServer({ JOINS_PER_USER_PER_DAY: '2', JOINS_PER_COMPANY_PER_DAY: '3' });
});
afterAll(async () => {
  await server.close();
  await limited.close();
});

type Tenant = Awaited<ReturnType<typeof makeCompany>>;
let counter = 0;
const freshDomain = () => `j${Date.now().toString(36)}${(counter++).toString(36)}.test`;

/** A verified domain of the company, written directly (checking one through DNS is domains.test.ts's). */
async function verifiedDomain(on: TestServer, tenant: Tenant, domain = freshDomain()): Promise<{ id: string; domain: string }> {
  const id = newId();
  await on.db.kysely
    .insertInto('companyDomains')
    .values({ id, companyId: tenant.company.id, domain, token: 't', status: 'verified', createdBy: tenant.owner.id, createdAt: new Date().toISOString(), verifiedAt: new Date().toISOString() })
    .execute();
  return { id, domain };
}

const joiningUrl = (tenant: Tenant) => api(`/companies/${tenant.company.id}/joining`);
const requestsUrl = (tenant: Tenant) => api(`/companies/${tenant.company.id}/join-requests`);
const joinUrl = (tenant: Tenant) => api(`/me/joinable-companies/${tenant.company.id}/join`);

/** A company with a verified domain and joining set to `mode` into a new team "Joiners". */
async function openCompany(on: TestServer, mode: 'team' | 'request') {
  const tenant = await makeCompany(on);
  const { domain } = await verifiedDomain(on, tenant);
  const teamId = await tenant.team('Joiners');
  const res = await call(on, 'PUT', joiningUrl(tenant), tenant.owner, { mode, teamId });
  expect(res.statusCode, res.body).toBe(200);
  let n = 0;
  const person = (fields: Partial<User> = {}) => makeUser(on.db, { email: `p${n++}-${Date.now().toString(36)}@${domain}`, ...fields });
  return { tenant, domain, teamId, person };
}

async function auditOf(on: TestServer, companyId: string) {
  const rows = await on.db.kysely.selectFrom('auditEvents').select(['type', 'actorId', 'targetId', 'teamId']).where('companyId', '=', companyId).orderBy('seq').execute();
  return rows;
}

const revision = async (on: TestServer, companyId: string) =>
  (await on.db.kysely.selectFrom('companies').select('membershipRevision').where('id', '=', companyId).executeTakeFirstOrThrow()).membershipRevision;

const membership = (on: TestServer, companyId: string, userId: string) =>
  on.db.kysely.selectFrom('teamMembers').select('teamId').where('companyId', '=', companyId).where('userId', '=', userId).execute();

describe('the joining setting', () => {
  it('is the owner’s: off, into a team, or by request; needs a verified domain and a team shown; audited once per change', async () => {
    const acme = await makeCompany(server);
    const teamId = await acme.team('Joiners');
    const admin = await acme.member({ companyRoles: ['admin'] });
    await expectRefused(server.db, await request(server, 'PUT', joiningUrl(acme), admin, { mode: 'team', teamId }), 403, 'FORBIDDEN');
    const elsewhere = await makeCompany(server, 'Elsewhere');
    await expectRefused(server.db, await request(server, 'PUT', joiningUrl(acme), admin, { mode: 'team', teamId: elsewhere.defaultTeamId }), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'PUT', joiningUrl(acme), acme.owner, { mode: 'team', teamId }), 409, 'CONFLICT');
    await verifiedDomain(server, acme);
    const other = await makeCompany(server, 'Other');
    await expectRefused(server.db, await request(server, 'PUT', joiningUrl(acme), acme.owner, { mode: 'team', teamId: other.defaultTeamId }), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'PUT', joiningUrl(acme), acme.owner, { mode: 'request' }), 400, 'VALIDATION_FAILED');
    const hidden = await acme.team('Archive');
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', hidden).execute();
    await expectRefused(server.db, await request(server, 'PUT', joiningUrl(acme), acme.owner, { mode: 'team', teamId: hidden }), 409, 'CONFLICT');

    expect((await call(server, 'PUT', joiningUrl(acme), acme.owner, { mode: 'team', teamId })).json()).toEqual({ joining: { mode: 'team', teamId } });
    await call(server, 'PUT', joiningUrl(acme), acme.owner, { mode: 'team', teamId });
    expect((await call(server, 'PUT', joiningUrl(acme), acme.owner, { mode: 'off' })).json()).toEqual({ joining: { mode: 'off', teamId: null } });
    const types = (await auditOf(server, acme.company.id)).map((event) => event.type);
    expect(types.filter((type) => type === 'joining.changed')).toHaveLength(2);
    expect((await call(server, 'GET', api(`/companies/${acme.company.id}/domains`), admin)).json().joining).toEqual({ mode: 'off', teamId: null });
  });
});

describe('companies one may join', () => {
  it('lists, by name, the companies with joining on whose verified domain is the person’s verified email’s; not their own; not a subdomain', async () => {
    const { tenant, domain, person } = await openCompany(server, 'request');
    const closed = await makeCompany(server, 'Closed');
    await verifiedDomain(server, closed, `other-${domain}`);
    const someone = await person();
    expect((await call(server, 'GET', api('/me/joinable-companies'), someone)).json()).toEqual({
      items: [{ id: tenant.company.id, name: 'Acme', mode: 'request', requestPending: false }],
    });
    const atSub = await makeUser(server.db, { email: `x-${Date.now()}@sub.${domain}` });
    expect((await call(server, 'GET', api('/me/joinable-companies'), atSub)).json()).toEqual({ items: [] });
    expect((await call(server, 'GET', api('/me/joinable-companies'), tenant.owner)).json()).toEqual({ items: [] });
    const unverified = await person();
    await server.db.kysely.updateTable('users').set({ emailVerified: 0 }).where('id', '=', unverified.id).execute();
    await expectRefused(server.db, await request(server, 'GET', api('/me/joinable-companies'), unverified), 403, 'EMAIL_NOT_VERIFIED');
  });
});

describe('joining straight into a team', () => {
  it('makes the person a member of the chosen team with no roles, moves the members list’s revision, and is audited', async () => {
    const { tenant, teamId, person } = await openCompany(server, 'team');
    const someone = await person();
    const before = await revision(server, tenant.company.id);
    const res = await call(server, 'POST', joinUrl(tenant), someone);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ companyId: tenant.company.id, status: 'joined' });
    expect(await membership(server, tenant.company.id, someone.id)).toEqual([{ teamId }]);
    const roles = await server.db.kysely.selectFrom('teamMemberRoles').select('role').where('userId', '=', someone.id).execute();
    expect(roles).toEqual([]);
    expect(await revision(server, tenant.company.id)).not.toBe(before);
    expect((await auditOf(server, tenant.company.id)).slice(-1)).toEqual([{ type: 'member.joined_by_domain', actorId: someone.id, targetId: someone.id, teamId }]);
    const member = await call(server, 'GET', api(`/companies/${tenant.company.id}/members/${someone.id}`), tenant.owner);
    expect(member.statusCode).toBe(200);
    await expectRefused(server.db, await request(server, 'POST', joinUrl(tenant), someone), 409, 'ALREADY_MEMBER');
  });

  it('is refused, changing nothing: an unverified email, joining off, another domain, a hidden team', async () => {
    const { tenant, teamId, person } = await openCompany(server, 'team');
    const unverified = await person();
    await server.db.kysely.updateTable('users').set({ emailVerified: 0 }).where('id', '=', unverified.id).execute();
    await expectRefused(server.db, await request(server, 'POST', joinUrl(tenant), unverified), 403, 'EMAIL_NOT_VERIFIED');
    const elsewhere = await makeUser(server.db);
    await expectRefused(server.db, await request(server, 'POST', joinUrl(tenant), elsewhere), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'POST', api(`/me/joinable-companies/${newId()}/join`), elsewhere), 404, 'NOT_FOUND');
    const someone = await person();
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', teamId).execute();
    await expectRefused(server.db, await request(server, 'POST', joinUrl(tenant), someone), 409, 'CONFLICT');
    await server.db.kysely.updateTable('teams').set({ hidden: 0 }).where('id', '=', teamId).execute();
    await call(server, 'PUT', joiningUrl(tenant), tenant.owner, { mode: 'off' });
    await expectRefused(server.db, await request(server, 'POST', joinUrl(tenant), someone), 404, 'NOT_FOUND');
  });
});

describe('requests to join', () => {
  it('are pending once per person; listed to admins and the team’s team admins with the email; approved into the team', async () => {
    const { tenant, teamId, person } = await openCompany(server, 'request');
    const someone = await person({ name: 'Rita Requester' });
    expect((await call(server, 'POST', joinUrl(tenant), someone)).json()).toEqual({ companyId: tenant.company.id, status: 'pending' });
    expect(await membership(server, tenant.company.id, someone.id)).toEqual([]);
    await expectRefused(server.db, await request(server, 'POST', joinUrl(tenant), someone), 409, 'JOIN_REQUEST_ALREADY_PENDING');
    expect((await call(server, 'GET', api('/me/joinable-companies'), someone)).json().items[0].requestPending).toBe(true);

    const teamAdmin = await tenant.member({ teams: { [teamId]: ['team_admin'] } });
    const otherTeamAdmin = await tenant.member({ teams: { [tenant.defaultTeamId]: ['team_admin'] } });
    const plain = await tenant.member({ teams: { [teamId]: [] } });
    const admin = await tenant.member({ companyRoles: ['admin'] });
    const list = await call(server, 'GET', requestsUrl(tenant), teamAdmin);
    expect(list.json().items).toEqual([expect.objectContaining({ userId: someone.id, name: 'Rita Requester', email: someone.email, teamId, status: 'pending' })]);
    expect((await call(server, 'GET', requestsUrl(tenant), otherTeamAdmin)).json().items).toEqual([]);
    await expectRefused(server.db, await request(server, 'GET', requestsUrl(tenant), plain), 403, 'FORBIDDEN');
    const id = list.json().items[0].id as string;
    await expectRefused(server.db, await request(server, 'POST', `${requestsUrl(tenant)}/${id}/approve`, otherTeamAdmin), 403, 'FORBIDDEN');
    const other = await makeCompany(server, 'Other');
    await expectRefused(server.db, await request(server, 'POST', api(`/companies/${other.company.id}/join-requests/${id}/approve`), other.owner), 404, 'NOT_FOUND');

    const before = await revision(server, tenant.company.id);
    const approved = await call(server, 'POST', `${requestsUrl(tenant)}/${id}/approve`, teamAdmin);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().request).toMatchObject({ id, status: 'approved' });
    expect(await membership(server, tenant.company.id, someone.id)).toEqual([{ teamId }]);
    expect(await revision(server, tenant.company.id)).not.toBe(before);
    expect((await auditOf(server, tenant.company.id)).slice(-1)).toEqual([{ type: 'join_request.approved', actorId: teamAdmin.id, targetId: someone.id, teamId }]);
    await expectRefused(server.db, await request(server, 'POST', `${requestsUrl(tenant)}/${id}/decline`, admin), 409, 'CONFLICT');
    expect((await call(server, 'GET', requestsUrl(tenant), admin)).json().items).toEqual([]);
  });

  it('asked for twice at once: one request is made, the other JOIN_REQUEST_ALREADY_PENDING', async () => {
    for (let round = 0; round < 3; round++) {
      const { tenant, person } = await openCompany(server, 'request');
      const someone = await person();
      const sends = [await request(server, 'POST', joinUrl(tenant), someone), await request(server, 'POST', joinUrl(tenant), someone)];
      const answers = await Promise.all(sends.map((send) => send()));
      expect(answers.map((res) => (res.statusCode === 200 ? 'pending' : res.json<{ code: string }>().code)).sort()).toEqual(['JOIN_REQUEST_ALREADY_PENDING', 'pending']);
      const rows = await server.db.kysely.selectFrom('joinRequests').select('status').where('companyId', '=', tenant.company.id).execute();
      expect(rows).toEqual([{ status: 'pending' }]);
    }
  });

  it('declined, the person is not a member and may ask again; audited', async () => {
    const { tenant, teamId, person } = await openCompany(server, 'request');
    const someone = await person();
    await call(server, 'POST', joinUrl(tenant), someone);
    const id = (await call(server, 'GET', requestsUrl(tenant), tenant.owner)).json().items[0].id as string;
    expect((await call(server, 'POST', `${requestsUrl(tenant)}/${id}/decline`, tenant.owner)).json().request.status).toBe('declined');
    expect(await membership(server, tenant.company.id, someone.id)).toEqual([]);
    expect((await auditOf(server, tenant.company.id)).slice(-1)).toEqual([{ type: 'join_request.declined', actorId: tenant.owner.id, targetId: someone.id, teamId }]);
    expect((await call(server, 'POST', joinUrl(tenant), someone)).json().status).toBe('pending');
  });

  it('an approval stands after joining was turned off and the domain removed; not into a team hidden since', async () => {
    const { tenant, teamId, person } = await openCompany(server, 'request');
    const first = await person();
    const second = await person();
    await call(server, 'POST', joinUrl(tenant), first);
    await call(server, 'POST', joinUrl(tenant), second);
    const [a, b] = (await call(server, 'GET', requestsUrl(tenant), tenant.owner)).json().items as { id: string; userId: string }[];
    await call(server, 'PUT', joiningUrl(tenant), tenant.owner, { mode: 'off' });
    await server.db.kysely.deleteFrom('companyDomains').where('companyId', '=', tenant.company.id).execute();
    expect((await call(server, 'POST', `${requestsUrl(tenant)}/${a!.id}/approve`, tenant.owner)).statusCode).toBe(200);
    expect(await membership(server, tenant.company.id, a!.userId)).toEqual([{ teamId }]);
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', teamId).execute();
    await expectRefused(server.db, await request(server, 'POST', `${requestsUrl(tenant)}/${b!.id}/approve`, tenant.owner), 409, 'CONFLICT');
    expect((await call(server, 'POST', `${requestsUrl(tenant)}/${b!.id}/decline`, tenant.owner)).statusCode).toBe(200);
  });

  it('approved and declined at once: one wins, the other CONFLICT', async () => {
    for (let round = 0; round < 4; round++) {
      const { tenant, person } = await openCompany(server, 'request');
      const someone = await person();
      await call(server, 'POST', joinUrl(tenant), someone);
      const admin = await tenant.member({ companyRoles: ['admin'] });
      const id = (await call(server, 'GET', requestsUrl(tenant), tenant.owner)).json().items[0].id as string;
      const sends = [
        await request(server, 'POST', `${requestsUrl(tenant)}/${id}/approve`, tenant.owner),
        await request(server, 'POST', `${requestsUrl(tenant)}/${id}/decline`, admin),
      ];
      const answers = await Promise.all(sends.map((send) => send()));
      expect(answers.map((res) => res.statusCode).sort()).toEqual([200, 409]);
      const events = (await auditOf(server, tenant.company.id)).filter((event) => event.type.startsWith('join_request.') && event.type !== 'join_request.created');
      expect(events).toHaveLength(1);
      const isMember = (await membership(server, tenant.company.id, someone.id)).length > 0;
      expect(isMember).toBe(events[0]!.type === 'join_request.approved');
    }
  });
});

describe('daily limits of joining', () => {
  it('per person (JOINS_PER_USER_PER_DAY) and per company (JOINS_PER_COMPANY_PER_DAY): 429 with Retry-After, nothing changed', async () => {
    const { tenant, person } = await openCompany(limited, 'request');
    const someone = await person();
    // Asking, being declined, asking again: each request counts.
    for (let i = 0; i < 2; i++) {
      expect((await call(limited, 'POST', joinUrl(tenant), someone)).statusCode).toBe(200);
      const id = (await call(limited, 'GET', requestsUrl(tenant), tenant.owner)).json().items[0].id as string;
      await call(limited, 'POST', `${requestsUrl(tenant)}/${id}/decline`, tenant.owner);
    }
    const refused = await expectRefused(limited.db, await request(limited, 'POST', joinUrl(tenant), someone), 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json<{ detail: string }>().detail).toMatch(/2 companies per 24 hours/);

    // The company's third join of the day is taken; the fourth, by someone new, is not.
    expect((await call(limited, 'POST', joinUrl(tenant), await person())).statusCode).toBe(200);
    const late = await expectRefused(limited.db, await request(limited, 'POST', joinUrl(tenant), await person()), 429, 'RATE_LIMITED');
    expect(late.json<{ detail: string }>().detail).toMatch(/This company takes 3/);

    // A day later both have room again.
    limited.clock.now = new Date(limited.clock.now.getTime() + 86_400_001);
    expect((await call(limited, 'POST', joinUrl(tenant), someone)).statusCode).toBe(200);
  });
});

describe('asking to join, per address', () => {
  it('counts every ask from one address, refused or not, past 3 × JOINS_PER_USER_PER_DAY an hour: 429, nothing changed; another address is not held back', async () => {
    const probing = await startTestServer({ JOINS_PER_USER_PER_DAY: '1' });
    try {
      const { tenant, person } = await openCompany(probing, 'team');
      const ask = async (url: string, remoteAddress: string) => {
        const headers = await signedIn(probing.db, await makeUser(probing.db));
        return () => probing.app.inject({ method: 'POST', url, headers, remoteAddress });
      };
      // Three accounts probing companies that do not let them in: each refused by the rules.
      for (let i = 0; i < 3; i++) expect((await (await ask(api(`/me/joinable-companies/${newId()}/join`), '203.0.113.7'))()).statusCode).toBe(404);
      // The fourth ask from that address is refused before the rules, even one they would allow.
      const joiner = await person();
      const joinerHeaders = await signedIn(probing.db, joiner);
      const fromProbe = () => probing.app.inject({ method: 'POST', url: joinUrl(tenant), headers: joinerHeaders, remoteAddress: '203.0.113.7' });
      const refused = await expectRefused(probing.db, fromProbe, 429, 'RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(await membership(probing, tenant.company.id, joiner.id)).toEqual([]);
      // The same person from another address joins.
      const elsewhere = await probing.app.inject({ method: 'POST', url: joinUrl(tenant), headers: joinerHeaders, remoteAddress: '198.51.100.9' });
      expect(elsewhere.statusCode, elsewhere.body).toBe(200);
    } finally {
      await probing.close();
    }
  });
});
