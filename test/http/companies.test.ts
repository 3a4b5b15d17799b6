import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeamMembership, ensureCompanyMember, replaceCompanyRoles } from '../../src/commands/memberships.js';
import type { Db } from '../../src/db/database.js';
import { getMe } from '../../src/queries/me.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn } from '../support/factories.js';

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

describe('GET /me', () => {
  /** The statements getMe runs for the user, counted as their results come back. */
  async function statementsOfMe(userId: string): Promise<number> {
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: ({ node }) => node,
      transformResult: ({ result }) => {
        statements += 1;
        return Promise.resolve(result);
      },
    };
    const db: Db = { ...server.db, kysely: server.db.kysely.withPlugin(counter) };
    await getMe(db, userId);
    return statements;
  }

  it('reads the memberships of all the user’s companies in one statement, each company’s teams by name', async () => {
    const alpha = await makeCompany(server, 'Alpha');
    const user = alpha.owner;
    const withOneCompany = await statementsOfMe(user.id);
    for (const name of ['Beta', 'Gamma']) {
      const other = await makeCompany(server, name);
      const zeta = await other.team('Zeta');
      const eta = await other.team('eta');
      await server.db.write(async (tx) => {
        const now = new Date();
        await ensureCompanyMember(tx, other.company.id, user, now);
        await addTeamMembership(tx, { companyId: other.company.id, teamId: zeta, userId: user.id }, ['recruiter'], now);
        await addTeamMembership(tx, { companyId: other.company.id, teamId: eta, userId: user.id }, ['recruiter', 'hiring_manager'], now);
        await replaceCompanyRoles(tx, other.company.id, user.id, ['finance']);
      });
    }
    // The user, their companies, their memberships of all of them: a statement per company would
    // make three companies cost two more than one.
    expect(withOneCompany).toBe(3);
    expect(await statementsOfMe(user.id)).toBe(withOneCompany);

    const me = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: await signedIn(server.db, user) });
    expect(me.statusCode).toBe(200);
    const { companies } = me.json<{ companies: { company: { name: string }; isOwner: boolean; companyRoles: string[]; teams: { teamName: string; roles: string[] }[] }[] }>();
    const other = [false, ['finance'], [['eta', ['hiring_manager', 'recruiter']], ['Zeta', ['recruiter']]]];
    expect(companies.map((entry) => [entry.company.name, entry.isOwner, entry.companyRoles, entry.teams.map((team) => [team.teamName, team.roles])])).toEqual([
      ['Alpha', true, [], [['General', []]]],
      ['Beta', ...other],
      ['Gamma', ...other],
    ]);
  });
});
