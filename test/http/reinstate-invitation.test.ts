import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CompanyRole, TeamRole } from '../../src/domain/roles.js';
import { linkToken, startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, signedIn } from '../support/factories.js';
import { call } from '../support/refusals.js';

const START = new Date('2026-03-01T10:00:00.000Z');
const DAY = 86_400_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TOKEN_ATTEMPTS_PER_MIN: '10000' });
});
afterAll(() => server.close());
afterEach(() => {
  server.clock.now = new Date(START);
});

interface Previous {
  teams: { teamId: string; roles: TeamRole[] }[];
  companyRoles: CompanyRole[];
  removedAt: string;
}
interface RowAnswer {
  email: string;
  result: string;
  code?: string;
  previous?: Previous;
}

const base = (companyId: string) => `/api/v1/companies/${companyId}`;

/** A company with Sales, and a member of General and Sales (hiring manager), with finance. */
async function withFormerMember() {
  server.clock.now = new Date(START);
  const acme = await makeCompany(server);
  const owner = await signedIn(server.db, acme.owner);
  const sales = await acme.team('Sales');
  const bea = await acme.member({ teams: { [acme.defaultTeamId]: [], [sales]: ['hiring_manager', 'recruiter'] }, companyRoles: ['finance'] });
  return { acme, owner, sales, bea };
}

async function check(companyId: string, headers: Record<string, string>, email: string, teams = [{ teamId: '', roles: [] as TeamRole[] }]) {
  const res = await call(server, 'POST', `${base(companyId)}/invitations/batch`, headers, { rows: [{ email, teams }], dryRun: true });
  expect(res.statusCode, res.body).toBe(200);
  const [item] = res.json<{ items: RowAnswer[] }>().items;
  return item;
}

describe('reinstating a member removed in the last 90 days (RULES.md §4 "Invite many")', () => {
  it('offers what a removed member held, and the accepted invitation of those teams and roles gives them back', async () => {
    const { acme, owner, sales, bea } = await withFormerMember();
    const removed = await call(server, 'DELETE', `${base(acme.company.id)}/members/${bea.id}`, owner);
    expect(removed.statusCode, removed.body).toBe(204);

    server.clock.now = new Date(START.getTime() + 89 * DAY);
    const item = await check(acme.company.id, owner, bea.email.toUpperCase(), [{ teamId: acme.defaultTeamId, roles: [] }]);
    expect(item?.result).toBe('valid');
    expect(item?.previous).toEqual({
      teams: [
        { teamId: acme.defaultTeamId, roles: [] },
        { teamId: sales, roles: ['hiring_manager', 'recruiter'] },
      ].sort((a, b) => a.teamId.localeCompare(b.teamId)),
      companyRoles: ['finance'],
      removedAt: START.toISOString(),
    });

    // Given back: the invitation carries the previous teams and roles, and accepting it restores them.
    const sent = await call(server, 'POST', `${base(acme.company.id)}/invitations/batch`, owner, {
      rows: [{ email: bea.email, teams: item?.previous?.teams, companyRoles: item?.previous?.companyRoles }],
    });
    expect(sent.json<{ items: RowAnswer[] }>().items[0]?.result).toBe('invited');
    while ((await server.deliverMail()) > 0);
    const [mail] = server.mailTo(bea.email);
    const accepted = await call(server, 'POST', `/api/v1/invitations/${linkToken(mail!, 'invitations')}/accept`, await signedIn(server.db, bea));
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json<{ member: { companyRoles: string[]; teams: { teamId: string; roles: string[] }[] } }>().member).toMatchObject({
      companyRoles: ['finance'],
      teams: expect.arrayContaining([{ teamId: sales, teamName: 'Sales', roles: ['hiring_manager', 'recruiter'] }]),
    });

    // Back in the company: the record offers nothing any more, even once they leave again.
    const left = await call(server, 'DELETE', `${base(acme.company.id)}/members/${bea.id}`, await signedIn(server.db, bea));
    expect(left.statusCode, left.body).toBe(204);
    expect((await check(acme.company.id, owner, bea.email, [{ teamId: acme.defaultTeamId, roles: [] }]))?.previous).toBeUndefined();
  });

  it('offers nothing after 90 days, to one who left by themselves, or to one still a member', async () => {
    const { acme, owner, bea } = await withFormerMember();
    await call(server, 'DELETE', `${base(acme.company.id)}/members/${bea.id}`, owner);
    server.clock.now = new Date(START.getTime() + 90 * DAY + 1000);
    expect((await check(acme.company.id, owner, bea.email, [{ teamId: acme.defaultTeamId, roles: [] }]))?.previous).toBeUndefined();

    const leaver = await acme.member();
    await call(server, 'DELETE', `${base(acme.company.id)}/members/${leaver.id}`, await signedIn(server.db, leaver));
    expect((await check(acme.company.id, owner, leaver.email, [{ teamId: acme.defaultTeamId, roles: [] }]))?.previous).toBeUndefined();

    const member = await acme.member();
    const still = await check(acme.company.id, owner, member.email, [{ teamId: acme.defaultTeamId, roles: [] }]);
    expect(still).toMatchObject({ code: 'ALREADY_MEMBER' });
    expect(still?.previous).toBeUndefined();
  });

  it('remembers a removal from the last team, and keeps the inviter’s rank rules on what is given back', async () => {
    const { acme, owner, sales } = await withFormerMember();
    const carl = await acme.member({ teams: { [sales]: ['team_admin'] } });
    const removed = await call(server, 'DELETE', `${base(acme.company.id)}/members/${carl.id}/teams/${sales}`, owner);
    expect(removed.json()).toMatchObject({ leftCompany: true });
    const teamAdmin = await acme.member({ teams: { [sales]: ['team_admin'] } });
    const asTeamAdmin = await signedIn(server.db, teamAdmin);
    const item = await check(acme.company.id, asTeamAdmin, carl.email, [{ teamId: sales, roles: [] }]);
    expect(item?.previous?.teams).toEqual([{ teamId: sales, roles: ['team_admin'] }]);
    // A team admin may not grant team_admin (§2.2): giving it back is refused for that row.
    const given = await check(acme.company.id, asTeamAdmin, carl.email, item?.previous?.teams);
    expect(given).toMatchObject({ result: 'refused', code: 'FORBIDDEN' });
  });
});
