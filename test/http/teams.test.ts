import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/schema.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn, snapshot } from '../support/factories.js';
import { api, call, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

type Tenant = Awaited<ReturnType<typeof makeCompany>>;
const teamsUrl = (tenant: Tenant) => `/companies/${tenant.company.id}/teams`;
const teamUrl = (tenant: Tenant, teamId: string) => `/companies/${tenant.company.id}/teams/${teamId}`;


async function auditEvents(companyId: string) {
  return server.db.kysely.selectFrom('auditEvents').selectAll().where('companyId', '=', companyId).orderBy('seq').execute();
}


describe('GET /companies/:companyId/teams', () => {
  it('lists every team to any member: the default team first, then by name, hidden ones marked, with member counts', async () => {
    const acme = await makeCompany(server);
    const zeta = await acme.team('zeta');
    const alpha = await acme.team('Alpha');
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', zeta).execute();
    const plain = await acme.member({ teams: { [alpha]: [] } });
    await acme.member({ teams: { [alpha]: ['hiring_manager'], [acme.defaultTeamId]: [] } });

    const res = await call(server, 'GET', api(teamsUrl(acme)), plain);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      { id: acme.defaultTeamId, companyId: acme.company.id, name: 'General', hidden: false, isDefault: true, memberCount: 2 },
      { id: alpha, companyId: acme.company.id, name: 'Alpha', hidden: false, isDefault: false, memberCount: 2 },
      { id: zeta, companyId: acme.company.id, name: 'zeta', hidden: true, isDefault: false, memberCount: 0 },
    ]);
  });

  it('answers beside the teams what the viewer may do in each: rename, hide, invite and with which roles', async () => {
    const acme = await makeCompany(server);
    const alpha = await acme.team('Alpha');
    const hiring = await acme.member({ teams: { [alpha]: ['hiring_manager', 'recruiter'] } });
    const admin = await acme.member({ teams: { [alpha]: ['team_admin'] } });
    const policiesOf = async (user: User) => (await call(server, 'GET', api(teamsUrl(acme)), user)).json<{ policies: unknown[] }>().policies;
    expect(await policiesOf(hiring)).toEqual([
      { teamId: acme.defaultTeamId, can: { 'team.rename': false, 'team.hide': false, 'member.invite': false, 'member.manage': false }, grantableRoles: [] },
      { teamId: alpha, can: { 'team.rename': false, 'team.hide': false, 'member.invite': true, 'member.manage': false }, grantableRoles: ['hiring_manager', 'recruiter'] },
    ]);
    expect(await policiesOf(admin)).toEqual([
      { teamId: acme.defaultTeamId, can: { 'team.rename': false, 'team.hide': false, 'member.invite': false, 'member.manage': false }, grantableRoles: [] },
      {
        teamId: alpha,
        can: { 'team.rename': true, 'team.hide': false, 'member.invite': true, 'member.manage': true },
        grantableRoles: ['hiring_manager', 'recruiter', 'work_diary'],
      },
    ]);
    expect((await policiesOf(acme.owner))[0]).toEqual({
      teamId: acme.defaultTeamId,
      can: { 'team.rename': true, 'team.hide': true, 'member.invite': true, 'member.manage': true },
      grantableRoles: ['team_admin', 'hiring_manager', 'recruiter', 'work_diary'],
    });
  });

  it('answers 401 without a session', async () => {
    const acme = await makeCompany(server);
    const res = await call(server, 'GET', api(teamsUrl(acme)), null);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });

  it('answers 404 to a non-member and for an unknown company', async () => {
    const acme = await makeCompany(server);
    const other = await makeCompany(server);
    for (const url of [teamsUrl(acme), '/companies/nope/teams']) {
      const res = await call(server, 'GET', api(url), other.owner);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });
});

describe('POST /companies/:companyId/teams', () => {
  it.each([['the owner'], ['an admin']])('lets %s create a team, recorded as team.created', async (who) => {
    const acme = await makeCompany(server);
    const actor = who === 'the owner' ? acme.owner : await acme.member({ companyRoles: ['admin'] });
    const res = await call(server, 'POST', api(teamsUrl(acme)), actor, { name: '  Design  ' });
    expect(res.statusCode).toBe(201);
    const team = res.json().team;
    expect(team).toMatchObject({ companyId: acme.company.id, name: 'Design', hidden: false, isDefault: false, memberCount: 0 });
    const events = await auditEvents(acme.company.id);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ type: 'team.created', actorId: actor.id, targetId: team.id, teamId: team.id });
    expect(JSON.parse(events[1]!.data)).toEqual({ name: 'Design' });
  });

  it.each([['a team admin', 'team_admin'], ['a hiring manager', 'hiring_manager'], ['a plain member', null]] as const)(
    'refuses %s with FORBIDDEN and changes nothing',
    async (_who, role) => {
      const acme = await makeCompany(server);
      const actor = await acme.member({ teams: { [acme.defaultTeamId]: role ? [role] : [] } });
      await expectRefused(server.db, await request(server, 'POST', api(teamsUrl(acme)), actor, { name: 'Design' }), 403, 'FORBIDDEN');
    },
  );

  it('refuses a name used by another team of the company, compared case-insensitively, with TEAM_NAME_TAKEN', async () => {
    const acme = await makeCompany(server);
    await acme.team('Design');
    await expectRefused(server.db, await request(server, 'POST', api(teamsUrl(acme)), acme.owner, { name: ' DESIGN ' }), 409, 'TEAM_NAME_TAKEN');
    // The default team's name is taken too.
    await expectRefused(server.db, await request(server, 'POST', api(teamsUrl(acme)), acme.owner, { name: 'general' }), 409, 'TEAM_NAME_TAKEN');
  });

  it('allows a name that another company uses', async () => {
    const acme = await makeCompany(server);
    const other = await makeCompany(server);
    await other.team('Design');
    const res = await call(server, 'POST', api(teamsUrl(acme)), acme.owner, { name: 'Design' });
    expect(res.statusCode).toBe(201);
  });

  it.each([
    ['an empty name', { name: '   ' }],
    ['a missing name', {}],
    ['a name too long', { name: 'x'.repeat(101) }],
    ['an unknown field', { name: 'Design', hidden: true }],
  ])('refuses %s with VALIDATION_FAILED', async (_case, body) => {
    const acme = await makeCompany(server);
    await expectRefused(server.db, await request(server, 'POST', api(teamsUrl(acme)), acme.owner, body), 400, 'VALIDATION_FAILED');
  });

  it('answers 401 without a session and 404 to a non-member', async () => {
    const acme = await makeCompany(server);
    const outsider = await makeUser(server.db);
    await expectRefused(server.db, await request(server, 'POST', api(teamsUrl(acme)), null, { name: 'X' }), 401, 'UNAUTHENTICATED');
    await expectRefused(server.db, await request(server, 'POST', api(teamsUrl(acme)), outsider, { name: 'X' }), 404, 'NOT_FOUND');
  });
});

describe('PATCH /companies/:companyId/teams/:teamId', () => {
  it.each([['the owner'], ['an admin'], ['its team admin']])('lets %s rename a team, recorded as team.renamed', async (who) => {
    const acme = await makeCompany(server);
    const design = await acme.team('Design');
    const actor =
      who === 'the owner'
        ? acme.owner
        : who === 'an admin'
          ? await acme.member({ companyRoles: ['admin'] })
          : await acme.member({ teams: { [design]: ['team_admin'] } });
    const res = await call(server, 'PATCH', api(teamUrl(acme, design)), actor, { name: 'Product design' });
    expect(res.statusCode).toBe(200);
    expect(res.json().team).toMatchObject({ id: design, name: 'Product design', hidden: false });
    const events = await auditEvents(acme.company.id);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ type: 'team.renamed', actorId: actor.id, targetId: design, teamId: design });
    expect(JSON.parse(events[1]!.data)).toEqual({ before: { name: 'Design' }, after: { name: 'Product design' } });
  });

  it.each([['a team admin of another team'], ['a hiring manager of the team'], ['a plain member of the team']])(
    'refuses a rename by %s with FORBIDDEN',
    async (who) => {
      const acme = await makeCompany(server);
      const design = await acme.team('Design');
      const sales = await acme.team('Sales');
      const actor =
        who === 'a team admin of another team'
          ? await acme.member({ teams: { [sales]: ['team_admin'], [design]: [] } })
          : await acme.member({ teams: { [design]: who === 'a hiring manager of the team' ? ['hiring_manager'] : [] } });
      await expectRefused(server.db, await request(server, 'PATCH', api(teamUrl(acme, design)), actor, { name: 'Renamed' }), 403, 'FORBIDDEN');
    },
  );

  it('renames a team to another spelling of its own name, but not to the name of another team', async () => {
    const acme = await makeCompany(server);
    const design = await acme.team('design');
    await acme.team('Sales');
    const res = await call(server, 'PATCH', api(teamUrl(acme, design)), acme.owner, { name: 'Design' });
    expect(res.statusCode).toBe(200);
    expect(res.json().team.name).toBe('Design');
    await expectRefused(server.db, await request(server, 'PATCH', api(teamUrl(acme, design)), acme.owner, { name: 'sales' }), 409, 'TEAM_NAME_TAKEN');
  });

  it('lets the owner hide a team and show it again, recorded as team.hidden and team.shown', async () => {
    const acme = await makeCompany(server);
    const design = await acme.team('Design');
    await acme.member({ teams: { [design]: ['hiring_manager'] } });
    const hidden = await call(server, 'PATCH', api(teamUrl(acme, design)), acme.owner, { hidden: true });
    expect(hidden.statusCode).toBe(200);
    // Hiding keeps the team's members.
    expect(hidden.json().team).toMatchObject({ hidden: true, memberCount: 1 });
    const shown = await call(server, 'PATCH', api(teamUrl(acme, design)), acme.owner, { hidden: false });
    expect(shown.statusCode).toBe(200);
    expect(shown.json().team.hidden).toBe(false);
    const events = await auditEvents(acme.company.id);
    expect(events.map((event) => event.type)).toEqual(['company.created', 'team.hidden', 'team.shown']);
    expect(JSON.parse(events[1]!.data)).toEqual({ before: { hidden: false }, after: { hidden: true } });
  });

  it.each([['an admin'], ['its team admin']])('refuses hiding by %s with FORBIDDEN', async (who) => {
    const acme = await makeCompany(server);
    const design = await acme.team('Design');
    const actor =
      who === 'an admin'
        ? await acme.member({ companyRoles: ['admin'] })
        : await acme.member({ teams: { [design]: ['team_admin'] } });
    await expectRefused(server.db, await request(server, 'PATCH', api(teamUrl(acme, design)), actor, { hidden: true }), 403, 'FORBIDDEN');
  });

  it('refuses to hide the default team with CONFLICT', async () => {
    const acme = await makeCompany(server);
    const res = await expectRefused(server.db, await request(server, 'PATCH', api(teamUrl(acme, acme.defaultTeamId)), acme.owner, { hidden: true }), 409, 'CONFLICT');
    expect(res.json()).toMatchObject({ detail: expect.stringMatching(/default team/) });
  });

  it('needs both rights to rename and hide at once, and records one team.hidden event carrying both changes', async () => {
    const acme = await makeCompany(server);
    const design = await acme.team('Design');
    const admin = await acme.member({ companyRoles: ['admin'] });
    await expectRefused(server.db, await request(server, 'PATCH', api(teamUrl(acme, design)), admin, { name: 'Old design', hidden: true }), 403, 'FORBIDDEN');
    const res = await call(server, 'PATCH', api(teamUrl(acme, design)), acme.owner, { name: 'Old design', hidden: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().team).toMatchObject({ name: 'Old design', hidden: true });
    const events = await auditEvents(acme.company.id);
    expect(events).toHaveLength(2);
    expect(events[1]!.type).toBe('team.hidden');
    expect(JSON.parse(events[1]!.data)).toEqual({
      before: { name: 'Design', hidden: false },
      after: { name: 'Old design', hidden: true },
    });
  });

  it('answers a request that changes nothing with the team and records nothing', async () => {
    const acme = await makeCompany(server);
    const design = await acme.team('Design');
    const headers = await signedIn(server.db, acme.owner);
    const before = await snapshot(server.db);
    const res = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1${teamUrl(acme, design)}`,
      headers,
      payload: { name: 'Design', hidden: false },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().team).toMatchObject({ name: 'Design', hidden: false });
    expect(await snapshot(server.db)).toEqual(before);
  });

  it.each([
    ['an empty body', {}],
    ['an empty name', { name: '' }],
    ['hidden not a boolean', { hidden: 'yes' }],
    ['an unknown field', { name: 'X', isDefault: true }],
  ])('refuses %s with VALIDATION_FAILED', async (_case, body) => {
    const acme = await makeCompany(server);
    const design = await acme.team('Design');
    await expectRefused(server.db, await request(server, 'PATCH', api(teamUrl(acme, design)), acme.owner, body), 400, 'VALIDATION_FAILED');
  });

  it('answers 404 for a team of another company, for a non-member, and 401 without a session', async () => {
    const acme = await makeCompany(server);
    const other = await makeCompany(server);
    const theirs = await other.team('Theirs');
    const design = await acme.team('Design');
    await expectRefused(server.db, await request(server, 'PATCH', api(teamUrl(acme, theirs)), acme.owner, { name: 'Mine' }), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'PATCH', api(teamUrl(acme, design)), other.owner, { name: 'Mine' }), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'PATCH', api(teamUrl(acme, design)), null, { name: 'Mine' }), 401, 'UNAUTHENTICATED');
  });
});
