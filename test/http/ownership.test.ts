import { addTeamMembership } from '../../src/commands/memberships.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContract } from '../../src/commands/create-contract.js';
import type { User } from '../../src/db/schema.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn, TEST_PASSWORD } from '../support/factories.js';
import { call, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  // The password confirmation is rate limited like a sign-in; this file makes more attempts than that allows.
  server = await startTestServer({ LOGIN_ATTEMPTS_PER_15_MIN: '1000' });
});
afterAll(() => server.close());

type Tenant = Awaited<ReturnType<typeof makeCompany>>;
const ownershipUrl = (tenant: Tenant) => `/api/v1/companies/${tenant.company.id}/ownership`;



async function companyRolesOf(companyId: string, userId: string) {
  const rows = await server.db.kysely
    .selectFrom('companyMemberRoles')
    .select('role')
    .where('companyId', '=', companyId)
    .where('userId', '=', userId)
    .orderBy('role')
    .execute();
  return rows.map((row) => row.role);
}

describe('POST /companies/:companyId/ownership', () => {
  it('makes the member the owner, puts them in the default team and leaves the old owner an admin', async () => {
    const acme = await makeCompany(server);
    const design = await acme.team('Design');
    const heir = await acme.member({ teams: { [design]: ['team_admin'] } });

    const res = await call(server, 'POST', ownershipUrl(acme), acme.owner, { userId: heir.id, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json().company).toMatchObject({ id: acme.company.id, ownerId: heir.id, defaultTeamId: acme.defaultTeamId });

    const company = await server.db.kysely
      .selectFrom('companies')
      .selectAll()
      .where('id', '=', acme.company.id)
      .executeTakeFirstOrThrow();
    expect(company.ownerId).toBe(heir.id);
    const heirTeams = await server.db.kysely.selectFrom('teamMembers').select('teamId').where('userId', '=', heir.id).execute();
    expect(heirTeams.map((row) => row.teamId).sort()).toEqual([acme.defaultTeamId, design].sort());
    expect(await companyRolesOf(acme.company.id, acme.owner.id)).toEqual(['admin']);

    const events = await server.db.kysely
      .selectFrom('auditEvents')
      .selectAll()
      .where('companyId', '=', acme.company.id)
      .orderBy('seq')
      .execute();
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ type: 'ownership.transferred', actorId: acme.owner.id, targetId: heir.id, teamId: null });
    expect(JSON.parse(events[1]!.data)).toEqual({ before: { ownerId: acme.owner.id }, after: { ownerId: heir.id } });

    // The rights follow at once: the new owner hides a team, the old one may no longer.
    const byOld = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/companies/${acme.company.id}/teams/${design}`,
      headers: await signedIn(server.db, acme.owner),
      payload: { hidden: true },
    });
    expect(byOld.statusCode).toBe(403);
    const byNew = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/companies/${acme.company.id}/teams/${design}`,
      headers: await signedIn(server.db, heir),
      payload: { hidden: true },
    });
    expect(byNew.statusCode).toBe(200);
  });

  it('keeps the old owner’s other company roles and the new owner’s memberships', async () => {
    const acme = await makeCompany(server);
    await server.db.kysely
      .insertInto('companyMemberRoles')
      .values({ companyId: acme.company.id, userId: acme.owner.id, role: 'finance' })
      .execute();
    const heir = await acme.member({ teams: { [acme.defaultTeamId]: ['hiring_manager'] } });
    const res = await call(server, 'POST', ownershipUrl(acme), acme.owner, { userId: heir.id, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(await companyRolesOf(acme.company.id, acme.owner.id)).toEqual(['admin', 'finance']);
    const heirRoles = await server.db.kysely.selectFrom('teamMemberRoles').select('role').where('userId', '=', heir.id).execute();
    expect(heirRoles).toEqual([{ role: 'hiring_manager' }]);
  });

  it('refuses a wrong password with FORBIDDEN and says why', async () => {
    const acme = await makeCompany(server);
    const heir = await acme.member();
    const res = await expectRefused(server.db, await request(server, 'POST', ownershipUrl(acme), acme.owner, { userId: heir.id, password: 'not the password' }), 403, 'FORBIDDEN');
    expect(res.json().detail).toMatch(/password/);
  });

  it('refuses anyone but the owner with FORBIDDEN, even with their own right password', async () => {
    const acme = await makeCompany(server);
    const admin = await acme.member({ companyRoles: ['admin'] });
    const heir = await acme.member();
    await expectRefused(server.db, await request(server, 'POST', ownershipUrl(acme), admin, { userId: heir.id, password: TEST_PASSWORD }), 403, 'FORBIDDEN');
    // The password of someone who may not transfer is not even tested: the refusal names the right.
    const res = await expectRefused(server.db, await request(server, 'POST', ownershipUrl(acme), admin, { userId: heir.id, password: 'wrong password' }), 403, 'FORBIDDEN');
    expect(res.json().detail).toMatch(/owner/);
  });

  it('refuses a transfer to the owner themselves with FORBIDDEN', async () => {
    const acme = await makeCompany(server);
    await expectRefused(server.db, await request(server, 'POST', ownershipUrl(acme), acme.owner, { userId: acme.owner.id, password: TEST_PASSWORD }), 403, 'FORBIDDEN');
  });

  it('refuses a target who is not a member of the company with NOT_FOUND', async () => {
    const acme = await makeCompany(server);
    const other = await makeCompany(server);
    const stranger = await other.member();
    const nobody = await makeUser(server.db);
    for (const target of [stranger, nobody]) {
      await expectRefused(server.db, await request(server, 'POST', ownershipUrl(acme), acme.owner, { userId: target.id, password: TEST_PASSWORD }), 404, 'NOT_FOUND');
    }
  });

  it('refuses while the owner is contact person of live contracts where they hold no hiring_manager, listing them', async () => {
    const acme = await makeCompany(server);
    const design = await acme.team('Design');
    await server.db.write((tx) =>
      addTeamMembership(tx, { companyId: acme.company.id, teamId: design, userId: acme.owner.id }, ['hiring_manager'], new Date()),
    );
    const heir = await acme.member();
    const as = server.as(acme.owner.id);
    const inGeneral = await createContract(as, acme.company.id, {
      teamId: acme.defaultTeamId,
      title: 'General work',
      freelancerName: 'F',
    });
    // As a hiring manager of Design, the owner stays a valid contact person there after the transfer.
    await createContract(as, acme.company.id, { teamId: design, title: 'Design work', freelancerName: 'F' });

    const res = await expectRefused(server.db, await request(server, 'POST', ownershipUrl(acme), acme.owner, { userId: heir.id, password: TEST_PASSWORD }), 409, 'CONTACT_PERSON_ON_ACTIVE_CONTRACT');
    expect(res.json().contracts).toEqual([{ id: inGeneral.id, title: 'General work', teamId: acme.defaultTeamId }]);

    await server.db.kysely.updateTable('contracts').set({ status: 'paused' }).where('id', '=', inGeneral.id).execute();
    const body = { userId: heir.id, password: TEST_PASSWORD };
    await expectRefused(server.db, await request(server, 'POST', ownershipUrl(acme), acme.owner, body), 409, 'CONTACT_PERSON_ON_ACTIVE_CONTRACT');

    await server.db.kysely.updateTable('contracts').set({ status: 'ended' }).where('id', '=', inGeneral.id).execute();
    const done = await call(server, 'POST', ownershipUrl(acme), acme.owner, { userId: heir.id, password: TEST_PASSWORD });
    expect(done.statusCode).toBe(200);
  });

  it.each([
    ['a missing password', (heir: User) => ({ userId: heir.id })],
    ['an empty password', (heir: User) => ({ userId: heir.id, password: '' })],
    ['a missing user id', () => ({ password: TEST_PASSWORD })],
    ['an unknown field', (heir: User) => ({ userId: heir.id, password: TEST_PASSWORD, keepAdmin: false })],
  ])('refuses %s with VALIDATION_FAILED', async (_case, body) => {
    const acme = await makeCompany(server);
    const heir = await acme.member();
    await expectRefused(server.db, await request(server, 'POST', ownershipUrl(acme), acme.owner, body(heir)), 400, 'VALIDATION_FAILED');
  });

  it('answers 401 without a session, and 404 to a non-member and for an unknown company', async () => {
    const acme = await makeCompany(server);
    const heir = await acme.member();
    const outsider = await makeUser(server.db);
    const body = { userId: heir.id, password: TEST_PASSWORD };
    await expectRefused(server.db, await request(server, 'POST', ownershipUrl(acme), null, body), 401, 'UNAUTHENTICATED');
    await expectRefused(server.db, await request(server, 'POST', ownershipUrl(acme), outsider, body), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'POST', ownershipUrl(acme), outsider, { ...body, password: 'wrong password' }), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'POST', '/api/v1/companies/nope/ownership', acme.owner, body), 404, 'NOT_FOUND');
  });

  it('limits password attempts like sign-ins, with RATE_LIMITED', async () => {
    const limited = await startTestServer({ LOGIN_ATTEMPTS_PER_15_MIN: '2' });
    try {
      const acme = await makeCompany(limited);
      const heir = await acme.member();
      const url = ownershipUrl(acme);
      for (let attempt = 0; attempt < 2; attempt++) {
        expect((await call(limited, 'POST', url, acme.owner, { userId: heir.id, password: 'wrong password' })).statusCode).toBe(403);
      }
      const res = await call(limited, 'POST', url, acme.owner, { userId: heir.id, password: TEST_PASSWORD });
      expect(res.statusCode).toBe(429);
      expect(res.json().code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});
