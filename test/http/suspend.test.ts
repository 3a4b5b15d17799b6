import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/auth/secrets.js';
import { addTeamMembership, ensureCompanyMember } from '../../src/commands/memberships.js';
import type { User } from '../../src/db/schema.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, signedIn } from '../support/factories.js';
import { api, call, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

type Headers = Record<string, string>;

async function bearerOf(user: User): Promise<Headers> {
  const res = await call(server, 'POST', api('/me/tokens'), await signedIn(server.db, user), { name: 'script' });
  expect(res.statusCode, res.body).toBe(201);
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
}

async function makeContract(companyId: string, teamId: string, contactPersonId: string) {
  const id = newId();
  const now = new Date().toISOString();
  await server.db.kysely
    .insertInto('contracts')
    .values({ id, companyId, teamId, title: 'Logo design', freelancerName: 'Fay', status: 'active', contactPersonId, createdAt: now, updatedAt: now })
    .execute();
  return id;
}

async function world() {
  const acme = await makeCompany(server);
  const design = await acme.team('Design');
  const admin = await acme.member({ companyRoles: ['admin'] });
  const otherAdmin = await acme.member({ companyRoles: ['admin'] });
  const teamAdmin = await acme.member({ teams: { [acme.defaultTeamId]: ['team_admin'] } });
  const manager = await acme.member({ teams: { [acme.defaultTeamId]: [], [design]: ['hiring_manager'] } });
  const contract = await makeContract(acme.company.id, design, manager.id);
  const other = await makeCompany(server, 'Other');
  return { acme, design, admin, otherAdmin, teamAdmin, manager, contract, other, companyId: acme.company.id };
}

const members = (companyId: string, userId: string) => api(`/companies/${companyId}/members/${userId}`);

describe('POST …/members/:userId/suspend and …/reinstate', () => {
  it('suspends: the member\'s sessions and tokens get 404 in the company at once, elsewhere nothing changes; reinstating gives access back', async () => {
    const w = await world();
    // The manager is a member of another company too.
    await server.db.write(async (tx) => {
      const now = new Date();
      await ensureCompanyMember(tx, w.other.company.id, w.manager, now);
      await addTeamMembership(tx, { companyId: w.other.company.id, teamId: w.other.defaultTeamId, userId: w.manager.id }, [], now);
    });
    const session = await signedIn(server.db, w.manager);
    const bearer = await bearerOf(w.manager);
    const adminSession = await signedIn(server.db, w.admin);
    const company = api(`/companies/${w.companyId}`);
    // Their pages were remembered before: the members page is cached per viewer.
    expect((await call(server, 'GET', `${company}/members`, session)).statusCode).toBe(200);
    expect((await call(server, 'GET', `${company}/members`, bearer)).statusCode).toBe(200);

    const res = await call(server, 'POST', `${members(w.companyId, w.manager.id)}/suspend`, adminSession);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ member: { userId: w.manager.id, suspendedAt: server.clock.now.toISOString() } });

    for (const headers of [session, bearer]) {
      for (const path of ['', '/members', '/teams', '/contracts', `/members/${w.manager.id}`]) {
        const answer = await call(server, 'GET', `${company}${path}`, headers);
        expect(answer.statusCode, `${path}: ${answer.body}`).toBe(404);
        expect(answer.json<{ code: string }>().code).toBe('NOT_FOUND');
      }
      await expectRefused(server.db, await request(server, 'POST', `${company}/teams`, headers, { name: 'Mine' }), 404, 'NOT_FOUND');
      // /me leaves the company out; the account itself still answers.
      const me = await call(server, 'GET', api('/me'), headers);
      expect(me.statusCode).toBe(200);
      expect(me.json<{ companies: { company: { id: string } }[] }>().companies.map((c) => c.company.id)).not.toContain(w.companyId);
    }
    for (const headers of [session, bearer]) {
      expect((await call(server, 'GET', api(`/companies/${w.other.company.id}/members`), headers)).statusCode).toBe(200);
    }

    // The others see them apart: the list's filter, their suspension, their contracts on their page.
    const list = await call(server, 'GET', `${company}/members?suspended=true`, adminSession);
    expect(list.json<{ items: { userId: string; suspendedAt: string | null }[] }>().items).toEqual([
      expect.objectContaining({ userId: w.manager.id, suspendedAt: server.clock.now.toISOString() }),
    ]);
    const active = await call(server, 'GET', `${company}/members?suspended=false`, adminSession);
    expect(active.json<{ items: { userId: string }[] }>().items.map((m) => m.userId)).not.toContain(w.manager.id);
    const details = await call(server, 'GET', members(w.companyId, w.manager.id), adminSession);
    expect(details.json()).toMatchObject({
      member: { suspendedAt: server.clock.now.toISOString() },
      contracts: [{ id: w.contract }],
      can: { 'member.suspend': false, 'member.reinstate': true },
    });
    // Not offered as a new contact person.
    const qualified = await call(server, 'GET', `${company}/members?qualifies=contact_person&teamId=${w.design}`, adminSession);
    expect(qualified.json<{ items: { userId: string }[] }>().items.map((m) => m.userId)).not.toContain(w.manager.id);

    // Suspending again: the same answer, nothing changes.
    await expectUnchanged(() => call(server, 'POST', `${members(w.companyId, w.manager.id)}/suspend`, adminSession));

    const back = await call(server, 'POST', `${members(w.companyId, w.manager.id)}/reinstate`, adminSession);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ member: { userId: w.manager.id, suspendedAt: null, teams: expect.arrayContaining([expect.objectContaining({ teamId: w.design, roles: ['hiring_manager'] })]) } });
    for (const headers of [session, bearer]) {
      expect((await call(server, 'GET', `${company}/members`, headers)).statusCode).toBe(200);
      const me = await call(server, 'GET', api('/me'), headers);
      expect(me.json<{ companies: { company: { id: string } }[] }>().companies.map((c) => c.company.id)).toContain(w.companyId);
    }
    await expectUnchanged(() => call(server, 'POST', `${members(w.companyId, w.manager.id)}/reinstate`, adminSession));

    const audit = await call(server, 'GET', `${company}/audit-events?targetId=${w.manager.id}`, adminSession);
    expect(audit.json<{ items: { type: string; actorId: string }[] }>().items.map((e) => [e.type, e.actorId])).toEqual([
      ['member.reinstated', w.admin.id],
      ['member.suspended', w.admin.id],
    ]);
  });

  it('refuses, changing nothing, with the codes of API.md', async () => {
    const w = await world();
    const path = (userId: string, action: 'suspend' | 'reinstate' = 'suspend') => `${members(w.companyId, userId)}/${action}`;
    const send = (caller: User, userId: string, action: 'suspend' | 'reinstate' = 'suspend') => request(server, 'POST', path(userId, action), caller);
    await expectRefused(server.db, await send(w.admin, w.acme.owner.id), 409, 'OWNER_CANNOT_BE_SUSPENDED');
    await expectRefused(server.db, await send(w.acme.owner, w.acme.owner.id), 403, 'FORBIDDEN');
    await expectRefused(server.db, await send(w.admin, w.admin.id), 403, 'FORBIDDEN');
    await expectRefused(server.db, await send(w.admin, w.otherAdmin.id), 403, 'FORBIDDEN');
    await expectRefused(server.db, await send(w.teamAdmin, w.manager.id), 403, 'FORBIDDEN');
    await expectRefused(server.db, await send(w.manager, w.teamAdmin.id, 'reinstate'), 403, 'FORBIDDEN');
    await expectRefused(server.db, await send(w.admin, newId()), 404, 'NOT_FOUND');
    await expectRefused(server.db, await send(w.other.owner, w.manager.id), 404, 'NOT_FOUND');
    await expectRefused(server.db, await send(w.admin, w.other.owner.id), 404, 'NOT_FOUND');
    // Removing a suspended contact person follows the usual rule, with the contracts listed.
    expect((await call(server, 'POST', path(w.manager.id), w.admin)).statusCode).toBe(200);
    const refused = await expectRefused(server.db, await request(server, 'DELETE', members(w.companyId, w.manager.id), w.admin), 409, 'CONTACT_PERSON_ON_ACTIVE_CONTRACT');
    expect(refused.json<{ contracts: { id: string }[] }>().contracts.map((c) => c.id)).toEqual([w.contract]);
    // Nor made the contact person of a new contract.
    await expectRefused(
      server.db,
      await request(server, 'POST', api(`/companies/${w.companyId}/contracts`), w.admin, { teamId: w.design, title: 'New', freelancerName: 'Fay', contactPersonId: w.manager.id }),
      409,
      'NOT_HIRING_MANAGER',
    );
    // Reassigning the contract and removing them then go through.
    const someone = await w.acme.member({ teams: { [w.design]: ['hiring_manager'] } });
    const reassigned = await call(server, 'PATCH', api(`/companies/${w.companyId}/contracts/${w.contract}`), w.admin, { contactPersonId: someone.id });
    expect(reassigned.statusCode, reassigned.body).toBe(200);
    expect((await call(server, 'DELETE', members(w.companyId, w.manager.id), w.admin)).statusCode).toBe(204);
  });
});

async function expectUnchanged(send: () => Promise<{ statusCode: number }>) {
  const { snapshot } = await import('../support/factories.js');
  const before = await snapshot(server.db);
  expect((await send()).statusCode).toBe(200);
  expect(await snapshot(server.db)).toEqual(before);
}
