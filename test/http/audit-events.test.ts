import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContract } from '../../src/commands/create-contract.js';
import { createTeam } from '../../src/commands/create-team.js';
import { setTeamRoles } from '../../src/commands/set-team-roles.js';
import { updateTeam } from '../../src/commands/update-team.js';
import type { User } from '../../src/db/schema.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

interface AuditEventPage {
  items: { id: string; type: string; actorId: string; targetId: string | null; teamId: string | null; companyId: string; data: unknown }[];
  nextCursor: string | null;
}

async function get(url: string, user: User | null) {
  const headers = user ? await signedIn(server.db, user) : {};
  const res = await server.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  return { res, page: res.json<AuditEventPage>() };
}

/** A company with some history: teams Alpha and Beta, a rename, a new team, a contract in each team. */
async function setUp() {
  const acme = await makeCompany(server);
  const alpha = await acme.team('Alpha');
  const beta = await acme.team('Beta');
  const teamAdminAlpha = await acme.member({ teams: { [alpha]: ['team_admin'] } });
  const hmBoth = await acme.member({ teams: { [alpha]: ['hiring_manager'], [beta]: ['hiring_manager'] } });
  const admin = await acme.member({ companyRoles: ['admin'] });
  const as = (user: User) => server.as(user.id);
  await updateTeam(as(acme.owner), acme.company.id, alpha, { name: 'Alpha squad' });
  const gamma = await createTeam(as(admin), acme.company.id, { name: 'Gamma' });
  const inBeta = await createContract(as(hmBoth), acme.company.id, { teamId: beta, title: 'B', freelancerName: 'F' });
  const inAlpha = await createContract(as(hmBoth), acme.company.id, { teamId: alpha, title: 'A', freelancerName: 'F' });
  const url = `/companies/${acme.company.id}/audit-events`;
  return { ...acme, alpha, beta, gamma: gamma.team.id, teamAdminAlpha, hmBoth, admin, inAlpha, inBeta, url };
}

describe('GET /companies/:companyId/audit-events', () => {
  it('shows the owner every event of the company, newest first, with data parsed', async () => {
    const t = await setUp();
    const other = await makeCompany(server);
    await createTeam(server.as(other.owner.id), other.company.id, { name: 'Elsewhere' });
    const { res, page } = await get(t.url, t.owner);
    expect(res.statusCode).toBe(200);
    expect(page.items.map((event) => event.type)).toEqual([
      'contract.created',
      'contract.created',
      'team.created',
      'team.renamed',
      'company.created',
    ]);
    expect(page.items[3]).toEqual({
      id: expect.any(String),
      type: 'team.renamed',
      actorId: t.owner.id,
      targetId: t.alpha,
      teamId: t.alpha,
      companyId: t.company.id,
      data: { before: { name: 'Alpha' }, after: { name: 'Alpha squad' } },
      createdAt: server.clock.now.toISOString(),
      names: { actor: t.owner.name, target: 'Alpha squad', team: 'Alpha squad' },
    });
    expect(page.nextCursor).toBeNull();
  });

  it('shows an admin every event of the company', async () => {
    const t = await setUp();
    const { res, page } = await get(t.url, t.admin);
    expect(res.statusCode).toBe(200);
    expect(page.items).toHaveLength(5);
  });

  it('shows a team admin only the events of the teams they administer', async () => {
    const t = await setUp();
    const { res, page } = await get(t.url, t.teamAdminAlpha);
    expect(res.statusCode).toBe(200);
    expect(page.items.map((event) => [event.type, event.teamId])).toEqual([
      ['contract.created', t.alpha],
      ['team.renamed', t.alpha],
    ]);
  });

  it.each([
    ['a hiring manager', { hiring_manager: true }],
    ['a plain member', {}],
  ])('refuses %s with FORBIDDEN', async (_case, roles) => {
    const t = await setUp();
    const member = await t.member({ teams: { [t.alpha]: 'hiring_manager' in roles ? ['hiring_manager'] : [] } });
    const { res } = await get(t.url, member);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('filters by type, actor and target', async () => {
    const t = await setUp();
    const types = async (query: string) => (await get(`${t.url}?${query}`, t.owner)).page.items.map((event) => event.type);
    expect(await types('type=contract.created')).toEqual(['contract.created', 'contract.created']);
    expect(await types(`actorId=${t.admin.id}`)).toEqual(['team.created']);
    expect(await types(`targetId=${t.inBeta.id}`)).toEqual(['contract.created']);
    expect(await types(`type=team.created&actorId=${t.owner.id}`)).toEqual([]);
  });

  it('filters by time: from (at or after, a moment or a day) and to (before)', async () => {
    const t = await setUp(); // its events at 2026-01-05T10:00Z
    const was = server.clock.now;
    try {
      server.clock.now = new Date('2026-01-07T09:30:00.000Z');
      await createTeam(server.as(t.owner.id), t.company.id, { name: 'Later' });
    } finally {
      server.clock.now = was;
    }
    const types = async (query: string) => (await get(`${t.url}?${query}`, t.owner)).page.items.map((event) => event.type);
    expect(await types('from=2026-01-06')).toEqual(['team.created']);
    expect(await types('from=2026-01-07T09:30:00.000Z')).toEqual(['team.created']);
    expect(await types('from=2026-01-07T10:30:00%2B01:00')).toEqual(['team.created']);
    expect(await types('from=2026-01-07T09:30:00.001Z')).toEqual([]);
    expect(await types('to=2026-01-06')).toHaveLength(5);
    expect(await types('from=2026-01-05&to=2026-01-07T09:30:00.000Z')).toHaveLength(5);
    const { res } = await get(`${t.url}?from=yesterday`, t.owner);
    expect(res.statusCode).toBe(400);
  });

  it('names the actor, the target (a person, a team, a contract) and the team as they are now', async () => {
    const t = await setUp();
    await setTeamRoles(server.as(t.owner.id), t.company.id, { userId: t.admin.id, teamId: t.beta, roles: ['recruiter'] });
    type Named = AuditEventPage['items'][number] & { names: { actor: string | null; target: string | null; team: string | null } };
    const { page } = await get(t.url, t.owner);
    const items = page.items as Named[];
    expect(items.map((event) => [event.type, event.names])).toEqual([
      ['member.added_to_team', { actor: t.owner.name, target: t.admin.name, team: 'Beta' }],
      ['contract.created', { actor: t.hmBoth.name, target: 'A', team: 'Alpha squad' }],
      ['contract.created', { actor: t.hmBoth.name, target: 'B', team: 'Beta' }],
      ['team.created', { actor: t.admin.name, target: 'Gamma', team: 'Gamma' }],
      ['team.renamed', { actor: t.owner.name, target: 'Alpha squad', team: 'Alpha squad' }],
      ['company.created', { actor: t.owner.name, target: null, team: 'General' }],
    ]);
  });

  it('pages through the log by cursor without gaps or repeats', async () => {
    const t = await setUp();
    const all = (await get(t.url, t.owner)).page.items.map((event) => event.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      expect(++pages).toBeLessThanOrEqual(3);
      const { page }: { page: AuditEventPage } = await get(`${t.url}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, t.owner);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((event) => event.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it.each([
    ['an unknown type', 'type=team.exploded'],
    ['a malformed cursor', 'cursor=zzz'],
    ['a limit above 200', 'limit=500'],
    ['an unknown parameter', 'teamId=x'],
  ])('refuses %s with VALIDATION_FAILED', async (_case, query) => {
    const t = await setUp();
    const { res } = await get(`${t.url}?${query}`, t.owner);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers 401 without a session, and 404 to a non-member and for an unknown company', async () => {
    const t = await setUp();
    expect((await get(t.url, null)).res.statusCode).toBe(401);
    const outsider = await makeUser(server.db);
    for (const [url, user] of [[t.url, outsider], ['/companies/nope/audit-events', t.owner]] as const) {
      const { res } = await get(url, user);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });
});
