import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEAM_NAME } from '../../src/commands/create-company.js';
import { addTeamMembership, ensureCompanyMember, replaceCompanyRoles } from '../../src/commands/memberships.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser } from '../support/factories.js';
import { api, call, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
let acme: Awaited<ReturnType<typeof makeCompany>>;
let engineering: string;
beforeAll(async () => {
  server = await startTestServer();
  acme = await makeCompany(server);
  engineering = await acme.team('Engineering');
});
afterAll(() => server.close());

const membersExport = (query = '') => api(`/companies/${acme.company.id}/members/export${query}`);
const auditExport = (query = '') => api(`/companies/${acme.company.id}/audit-events/export${query}`);
const csvRows = (body: string) => parse<Record<string, string>>(body, { bom: true, columns: true });
const jsonLines = (body: string) =>
  body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const auditOfType = (type: string) =>
  server.db.kysely.selectFrom('auditEvents').selectAll().where('companyId', '=', acme.company.id).where('type', '=', type).orderBy('seq').execute();

describe('the members export', () => {
  it('writes every member once, in name order, with email, roles, teams and the day they joined, as CSV and as JSON Lines', async () => {
    const ada = await acme.member({ teams: { [engineering]: ['hiring_manager', 'recruiter'] }, companyRoles: ['finance'] }, { name: 'Ada Lovelace' });
    const csv = await call(server, 'GET', membersExport(), acme.owner);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="members-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(csv.headers['cache-control']).toBe('no-store');
    expect(csv.body.startsWith('\uFEFFuser_id,name,email,owner,company_roles,teams,joined_at,suspended_at\r\n')).toBe(true);
    const rows = csvRows(csv.body);
    expect(rows.map((row) => row.name)).toEqual(['Ada Lovelace', 'Olivia Owner']);
    expect(rows[0]).toEqual({
      user_id: ada.id,
      name: 'Ada Lovelace',
      email: ada.email,
      owner: 'no',
      company_roles: 'finance',
      teams: 'Engineering (hiring_manager, recruiter)',
      joined_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      suspended_at: '',
    });
    expect(rows[1]).toMatchObject({ owner: 'yes', teams: DEFAULT_TEAM_NAME });

    const jsonl = await call(server, 'GET', membersExport('?format=jsonl'), acme.owner);
    expect(jsonl.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = jsonLines(jsonl.body);
    expect(lines[0]).toEqual({
      userId: ada.id,
      name: 'Ada Lovelace',
      email: ada.email,
      isOwner: false,
      companyRoles: ['finance'],
      teams: [{ teamId: engineering, teamName: 'Engineering', roles: ['hiring_manager', 'recruiter'] }],
      joinedAt: rows[0]?.joined_at,
      suspendedAt: null,
    });
  });

  it("takes the list's filters: a search, a team, a role", async () => {
    const grace = await acme.member({ teams: { [engineering]: ['team_admin'] } }, { name: 'Grace Hopper' });
    const byName = csvRows((await call(server, 'GET', membersExport('?q=grace'), acme.owner)).body);
    expect(byName.map((row) => row.user_id)).toEqual([grace.id]);
    const inTeam = csvRows((await call(server, 'GET', membersExport(`?teamId=${engineering}`), acme.owner)).body);
    expect(inTeam.map((row) => row.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    const admins = csvRows((await call(server, 'GET', membersExport('?role=team_admin'), acme.owner)).body);
    expect(admins.map((row) => row.name)).toEqual(['Grace Hopper']);
    const suspended = await call(server, 'POST', api(`/companies/${acme.company.id}/members/${grace.id}/suspend`), acme.owner);
    expect(suspended.statusCode, suspended.body).toBe(200);
    const switchedOff = csvRows((await call(server, 'GET', membersExport('?suspended=true'), acme.owner)).body);
    expect(switchedOff.map((row) => row.user_id)).toEqual([grace.id]);
    expect(switchedOff[0]?.suspended_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(csvRows((await call(server, 'GET', membersExport('?suspended=false&q=grace'), acme.owner)).body)).toEqual([]);
  });

  it('writes a cell a spreadsheet would run as a formula with a leading quote', async () => {
    const sly = await acme.member({}, { name: '=HYPERLINK("http://evil.test","Click")' });
    const rows = csvRows((await call(server, 'GET', membersExport(), acme.owner)).body);
    expect(rows.find((row) => row.user_id === sly.id)?.name).toBe('\'=HYPERLINK("http://evil.test","Click")');
  });

  it('is audited once per export, with its format and filters; an admin may take it', async () => {
    const admin = await acme.member({ companyRoles: ['admin'] });
    const before = (await auditOfType('members.exported')).length;
    expect((await call(server, 'GET', membersExport(`?format=jsonl&teamId=${engineering}`), admin)).statusCode).toBe(200);
    const events = await auditOfType('members.exported');
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ actorId: admin.id, targetId: null });
    expect(JSON.parse(events.at(-1)?.data ?? '{}')).toEqual({ format: 'jsonl', filters: { teamId: engineering } });
  });

  it('is refused, changing nothing and recording nothing, to a team admin, a plain member (403) and an outsider (404)', async () => {
    const teamAdmin = await acme.member({ teams: { [engineering]: ['team_admin'] } });
    const plain = await acme.member();
    const outsider = await makeUser(server.db);
    await expectRefused(server.db, await request(server, 'GET', membersExport(), teamAdmin), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'GET', membersExport(), plain), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'GET', membersExport(), outsider), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'GET', membersExport('?format=xlsx'), acme.owner), 400, 'VALIDATION_FAILED');
    // A team of another company is refused before the download starts, as the list refuses it.
    const elsewhere = await makeCompany(server, 'Elsewhere');
    await expectRefused(server.db, await request(server, 'GET', membersExport(`?teamId=${elsewhere.defaultTeamId}`), acme.owner), 404, 'NOT_FOUND');
  });

  it('reads a large company chunk by chunk: 1,200 members, each exactly once', async () => {
    const big = await makeCompany(server, 'Big');
    const ids = new Set<string>([big.owner.id]);
    for (let start = 0; start < 1200; start += 200) {
      const users = await Promise.all(Array.from({ length: 200 }, () => makeUser(server.db)));
      await server.db.write(async (tx) => {
        const now = new Date();
        for (const user of users) {
          await ensureCompanyMember(tx, big.company.id, user, now);
          await addTeamMembership(tx, { companyId: big.company.id, teamId: big.defaultTeamId, userId: user.id }, [], now);
          ids.add(user.id);
        }
      });
    }
    const lines = jsonLines((await call(server, 'GET', api(`/companies/${big.company.id}/members/export?format=jsonl`), big.owner)).body);
    expect(lines).toHaveLength(ids.size);
    expect(new Set(lines.map((line) => line.userId))).toEqual(ids);
    const names = lines.map((line) => `${String(line.name)}\u0000${String(line.userId)}`);
    expect(names).toEqual([...names].sort());
  });
  it('says what the list says, filtered or not, sorted either way, across chunks: members, teams, roles, suspension', async () => {
    // Over two chunks of the export, with names repeated across them and teams whose names sort by
    // case, so that a chunk's span in name order has ties at its ends.
    const big = await makeCompany(server, 'Agreeing');
    const [alpha, beta, gamma] = [await big.team('alpha'), await big.team('Beta'), await big.team('gamma')];
    const names = ['Ada', 'ada', 'Ben', 'Cleo', 'Dara', 'Émile', 'Zoë'];
    const users = await Promise.all(Array.from({ length: 1_100 }, (_, i) => makeUser(server.db, { name: `${names[i % names.length]} ${i % 13}` })));
    const start = Date.now();
    for (let from = 0; from < users.length; from += 200) {
      await server.db.write(async (tx) => {
        for (const [offset, user] of users.slice(from, from + 200).entries()) {
          const i = from + offset;
          const now = new Date(start - (i % 97) * 60_000);
          await ensureCompanyMember(tx, big.company.id, user, now);
          await addTeamMembership(tx, { companyId: big.company.id, teamId: big.defaultTeamId, userId: user.id }, i % 5 === 0 ? ['recruiter'] : [], now);
          if (i % 3 === 0) await addTeamMembership(tx, { companyId: big.company.id, teamId: alpha, userId: user.id }, i % 2 === 0 ? ['hiring_manager', 'recruiter'] : [], now);
          if (i % 4 === 1) await addTeamMembership(tx, { companyId: big.company.id, teamId: beta, userId: user.id }, ['team_admin'], now);
          if (i % 7 === 2) await addTeamMembership(tx, { companyId: big.company.id, teamId: gamma, userId: user.id }, ['hiring_manager'], now);
          if (i % 11 === 0) await replaceCompanyRoles(tx, big.company.id, user.id, i % 2 === 0 ? ['finance'] : ['admin', 'finance']);
        }
      });
    }
    const suspended = users.filter((_, i) => i % 9 === 4).map((user) => user.id);
    await server.db.kysely
      .updateTable('companyMembers')
      .set({ suspendedAt: new Date(start).toISOString() })
      .where('companyId', '=', big.company.id)
      .where('userId', 'in', suspended)
      .execute();

    const shown = (member: Record<string, unknown>) => {
      const { userId, name, email, isOwner, companyRoles, teams, suspendedAt, joinedAt } = member;
      return { userId, name, email, isOwner, companyRoles, teams, suspendedAt, joinedAt };
    };
    const listed = async (query: string) => {
      const members: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      do {
        const after: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
        const page = await call(server, 'GET', api(`/companies/${big.company.id}/members?limit=200${query}${after}`), big.owner);
        expect(page.statusCode, page.body).toBe(200);
        const body = JSON.parse(page.body) as { items: Record<string, unknown>[]; nextCursor: string | null };
        members.push(...body.items.map(shown));
        cursor = body.nextCursor;
      } while (cursor !== null);
      return members;
    };
    for (const query of [
      '',
      '&order=desc',
      '&sort=joined',
      '&sort=joined&order=desc',
      `&teamId=${alpha}`,
      `&teamId=${beta}&role=team_admin&order=desc`,
      '&role=recruiter',
      '&role=finance',
      '&q=ada',
      '&suspended=false',
      `&suspended=true&teamId=${gamma}&sort=joined`,
    ]) {
      const list = await listed(query);
      const exported = await call(server, 'GET', api(`/companies/${big.company.id}/members/export?format=jsonl${query}`), big.owner);
      expect(exported.statusCode, exported.body).toBe(200);
      expect(jsonLines(exported.body).map(shown), query).toEqual(list);
      if (query === '') expect(list).toHaveLength(1_101);
    }
  });
});

describe('the audit log export', () => {
  it('writes the events oldest first within a time range, as CSV and JSON Lines, and records itself', async () => {
    const all = jsonLines((await call(server, 'GET', auditExport('?format=jsonl'), acme.owner)).body);
    expect(all.length).toBeGreaterThan(3);
    const seqOrder = all.map((event) => String(event.createdAt));
    expect(seqOrder).toEqual([...seqOrder].sort());
    // The export is recorded before its rows are read: it is its own last line.
    expect(all.at(-1)).toMatchObject({ type: 'audit_events.exported', actorId: acme.owner.id, data: { format: 'jsonl', filters: {} } });

    const future = jsonLines((await call(server, 'GET', auditExport('?format=jsonl&from=2999-01-01'), acme.owner)).body);
    expect(future).toEqual([]);
    const past = jsonLines((await call(server, 'GET', auditExport('?format=jsonl&to=2000-01-01T00:00:00Z'), acme.owner)).body);
    expect(past).toEqual([]);

    const csv = await call(server, 'GET', auditExport('?type=members.exported'), acme.owner);
    expect(csv.headers['content-disposition']).toMatch(/filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = csvRows(csv.body);
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0] ?? {})).toEqual(['id', 'created_at', 'type', 'actor_id', 'target_id', 'team_id', 'data']);
    expect(rows.every((row) => row.type === 'members.exported')).toBe(true);
  });

  it("gives a team admin their teams' events only; refuses a plain member, changing nothing", async () => {
    const sales = await acme.team('Sales');
    const lead = await acme.member({ teams: { [engineering]: ['team_admin'] } });
    // An event in Sales, which the Engineering team admin does not read.
    const res = await call(server, 'PATCH', api(`/companies/${acme.company.id}/teams/${sales}`), acme.owner, { name: 'Sales EMEA' });
    expect(res.statusCode, res.body).toBe(200);
    const ours = await call(server, 'PATCH', api(`/companies/${acme.company.id}/teams/${engineering}`), acme.owner, { name: 'Engineering Core' });
    expect(ours.statusCode, ours.body).toBe(200);
    const theirs = jsonLines((await call(server, 'GET', auditExport('?format=jsonl'), lead)).body);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((event) => event.teamId === engineering)).toBe(true);
    expect(theirs.map((event) => event.type)).toContain('team.renamed');
    await expectRefused(server.db, await request(server, 'GET', auditExport(), await acme.member()), 403, 'FORBIDDEN');
  });
});
