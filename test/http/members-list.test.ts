import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import type { Db } from '../../src/db/database.js';
import type { User } from '../../src/db/schema.js';
import { listMembers } from '../../src/queries/members.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, signedIn } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

interface Item {
  userId: string;
  name: string;
  email?: string;
  isOwner: boolean;
  companyRoles: string[];
  teams: { teamId: string; teamName: string; roles: string[] }[];
}

/** A company with named people in two teams, with roles to filter by. */
async function world() {
  const c = await makeCompany(server);
  const general = c.defaultTeamId;
  const design = await c.team('Design');
  const ops = await c.team('Ops');
  const people = {
    alice: await c.member({ teams: { [design]: ['hiring_manager'] } }, { name: 'Alice Smith', email: `alice.${c.company.id}@corp.test` }),
    khalid: await c.member({ teams: { [ops]: ['hiring_manager'] } }, { name: 'KHALID Omar', email: `ko.${c.company.id}@corp.test` }),
    bob: await c.member({ teams: { [design]: ['team_admin'] } }, { name: 'Bob Jones', email: `bob.${c.company.id}@corp.test` }),
    carol: await c.member({ teams: { [ops]: [], [general]: [] }, companyRoles: ['admin'] }, { name: 'Carol King', email: `carol.${c.company.id}@corp.test` }),
    dave: await c.member({ teams: { [design]: [], [ops]: ['recruiter'] }, companyRoles: ['finance'] }, { name: 'Dave 100% Sure', email: `dave.${c.company.id}@corp.test` }),
    erin: await c.member({ teams: { [ops]: [] } }, { name: 'Erin_Underscore', email: `zz-secret.${c.company.id}@corp.test` }),
  };
  return { ...c, companyId: c.company.id, general, design, ops, people };
}

async function list(user: User, companyId: string, query = ''): Promise<{ items: Item[]; nextCursor: string | null }> {
  const res = await server.app.inject({
    method: 'GET',
    url: `/api/v1/companies/${companyId}/members${query}`,
    headers: await signedIn(server.db, user),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const names = (page: { items: Item[] }) => page.items.map((item) => item.name);

describe('members list', () => {
  it('pages through every member exactly once, in name order then id, ties included', async () => {
    const c = await makeCompany(server);
    const made: User[] = [c.owner];
    for (let i = 0; i < 11; i++) made.push(await c.member({}, { name: `Member ${String(i % 8).padStart(2, '0')}` }));
    const expected = made
      .map((user) => ({ name: user.name, userId: user.id }))
      .sort((a, b) => (a.name === b.name ? (a.userId < b.userId ? -1 : 1) : a.name < b.name ? -1 : 1));

    const seen: { name: string; userId: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=5${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = await list(c.owner, c.company.id, query);
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((item) => ({ name: item.name, userId: item.userId })));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  it("pages through a team's members exactly once, in name order then id, ties included, and none of the others", async () => {
    const c = await makeCompany(server);
    const ops = await c.team('Ops');
    const inTeam: User[] = [];
    for (let i = 0; i < 11; i++) {
      // Names out of join order, with ties, and members outside the team between them.
      const name = `Member ${String((i * 5) % 8).padStart(2, '0')}`;
      inTeam.push(await c.member({ teams: { [ops]: i % 3 === 0 ? ['recruiter'] : [] } }, { name }));
      await c.member({}, { name });
    }
    const expected = inTeam
      .map((user) => ({ name: user.name, userId: user.id }))
      .sort((a, b) => (a.name === b.name ? (a.userId < b.userId ? -1 : 1) : a.name < b.name ? -1 : 1));

    const seen: { name: string; userId: string }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?teamId=${ops}&limit=4${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = await list(c.owner, c.company.id, query);
      seen.push(...page.items.map((item) => ({ name: item.name, userId: item.userId })));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(expected);
  });

  it("lists a team's members under the names the company holds, should a member's name change", async () => {
    const c = await makeCompany(server);
    const ops = await c.team('Ops');
    const ann = await c.member({ teams: { [ops]: [] } }, { name: 'Ann' });
    await c.member({ teams: { [ops]: [] } }, { name: 'Bea' });
    expect(names(await list(c.owner, c.company.id, `?teamId=${ops}`))).toEqual(['Ann', 'Bea']);
    // No command renames a member; a change made to the row anyway reaches the team's order
    // (the copy in team_members is kept by a trigger, migration 0006).
    await server.db.kysely.updateTable('companyMembers').set({ name: 'Zoe' }).where('companyId', '=', c.company.id).where('userId', '=', ann.id).execute();
    expect(names(await list(c.owner, c.company.id, `?teamId=${ops}`))).toEqual(['Bea', 'Zoe']);
    expect(names(await list(c.owner, c.company.id, `?teamId=${ops}&limit=1`))).toEqual(['Bea']);
  });

  it('answers no cursor when the last page is exactly full', async () => {
    const c = await makeCompany(server);
    await c.member();
    const page = await list(c.owner, c.company.id, '?limit=2');
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });

  it('shows teams in name order, ignoring case, with their names and roles, company roles and the owner, in the list and in details', async () => {
    const w = await world();
    const page = await list(w.people.alice, w.companyId);
    const dave = {
      isOwner: false,
      companyRoles: ['finance'],
      teams: [
        { teamId: w.design, teamName: 'Design', roles: [] },
        { teamId: w.ops, teamName: 'Ops', roles: ['recruiter'] },
      ],
    };
    const carol = {
      isOwner: false,
      companyRoles: ['admin'],
      teams: [
        { teamId: w.general, teamName: 'General', roles: [] },
        { teamId: w.ops, teamName: 'Ops', roles: [] },
      ],
    };
    // Six teams, one named in lower case: by name ignoring case, which neither storage order (1 in
    // 720) nor a case-sensitive sort gives.
    const teamNames = ['Zeta', 'Gamma', 'Epsilon', 'Delta', 'beta', 'Alpha'];
    const teamIds = await Promise.all(teamNames.map((name) => w.team(name)));
    const frank = await w.member({ teams: Object.fromEntries(teamIds.map((id, i) => [id, i === 0 ? ['recruiter'] : []])) }, { name: 'Frank Six' });
    const frankTeams = teamNames.map((teamName, i) => ({ teamId: teamIds[i], teamName, roles: i === 0 ? ['recruiter'] : [] })).reverse();
    const withFrank = await list(w.people.alice, w.companyId, `?q=frank`);
    expect(withFrank.items).toMatchObject([{ userId: frank.id, teams: frankTeams }]);
    expect(page.items.find((item) => item.userId === w.people.dave.id)).toMatchObject(dave);
    expect(page.items.find((item) => item.userId === w.people.carol.id)).toMatchObject(carol);
    expect(page.items.find((item) => item.userId === w.owner.id)).toMatchObject({ isOwner: true, teams: [{ teamName: 'General', roles: [] }] });
    for (const [person, expected] of [[w.people.dave, dave], [w.people.carol, carol], [frank, { teams: frankTeams }]] as const) {
      const details = await server.app.inject({
        method: 'GET',
        url: `/api/v1/companies/${w.companyId}/members/${person.id}`,
        headers: await signedIn(server.db, w.people.alice),
      });
      expect(details.statusCode, details.body).toBe(200);
      expect(details.json()).toMatchObject({ member: expected });
    }
  });

  it('searches names case-insensitively, anywhere in the name', async () => {
    const w = await world();
    expect(names(await list(w.people.alice, w.companyId, '?q=ALI'))).toEqual(['Alice Smith', 'KHALID Omar']);
    expect(names(await list(w.people.alice, w.companyId, '?q=%20king%20'))).toEqual(['Carol King']);
  });

  it('takes quotes and the search index syntax literally', async () => {
    const w = await world();
    for (const term of ['ali"', '"smith"', 'ali*', 'smith OR king', '{email}: ali', 'NOT king', 'ki^ng']) {
      expect(names(await list(w.people.alice, w.companyId, `?q=${encodeURIComponent(term)}`))).toEqual([]);
    }
    expect(names(await list(w.people.alice, w.companyId, `?q=${encodeURIComponent('e s')}`))).toEqual(['Alice Smith']);
  });

  it('matches % and _ literally', async () => {
    const w = await world();
    expect(names(await list(w.people.alice, w.companyId, `?q=${encodeURIComponent('%')}`))).toEqual(['Dave 100% Sure']);
    expect(names(await list(w.people.alice, w.companyId, '?q=_'))).toEqual(['Erin_Underscore']);
    expect(names(await list(w.people.alice, w.companyId, `?q=${encodeURIComponent('0% s')}`))).toEqual(['Dave 100% Sure']);
    expect(names(await list(w.people.alice, w.companyId, `?q=${encodeURIComponent('a%e')}`))).toEqual([]);
  });

  it('searches emails only where the viewer may see them', async () => {
    const w = await world();
    const secret = '?q=zz-secret';
    // Erin is in Ops: the company admin sees her email, a plain member and Design's team admin do not.
    expect(names(await list(w.people.carol, w.companyId, secret))).toEqual(['Erin_Underscore']);
    expect(names(await list(w.people.alice, w.companyId, secret))).toEqual([]);
    expect(names(await list(w.people.bob, w.companyId, secret))).toEqual([]);
    // Design's team admin finds the members of Design by email.
    expect(names(await list(w.people.bob, w.companyId, `?q=alice.${w.companyId}`))).toEqual(['Alice Smith']);
    // Everyone finds themselves by email.
    expect(names(await list(w.people.erin, w.companyId, secret))).toEqual(['Erin_Underscore']);
  });

  it('filters by team', async () => {
    const w = await world();
    expect(names(await list(w.people.alice, w.companyId, `?teamId=${w.design}`))).toEqual(['Alice Smith', 'Bob Jones', 'Dave 100% Sure']);
  });

  it('filters by role: a team role in the team, or in any team; company roles; the owner', async () => {
    const w = await world();
    const as = w.people.alice;
    expect(names(await list(as, w.companyId, '?role=hiring_manager'))).toEqual(['Alice Smith', 'KHALID Omar']);
    expect(names(await list(as, w.companyId, `?role=hiring_manager&teamId=${w.ops}`))).toEqual(['KHALID Omar']);
    expect(names(await list(as, w.companyId, `?role=recruiter&teamId=${w.design}`))).toEqual([]);
    expect(names(await list(as, w.companyId, '?role=admin'))).toEqual(['Carol King']);
    expect(names(await list(as, w.companyId, '?role=finance'))).toEqual(['Dave 100% Sure']);
    expect(names(await list(as, w.companyId, `?role=finance&teamId=${w.general}`))).toEqual([]);
    expect(names(await list(as, w.companyId, '?role=owner'))).toEqual(['Olivia Owner']);
    expect(names(await list(as, w.companyId, `?role=owner&teamId=${w.design}`))).toEqual([]);
  });

  it('lists who may be the contact person of a contract in a team (§3.3): its hiring managers, and the owner if in it', async () => {
    const w = await world();
    const as = w.people.bob;
    expect(names(await list(as, w.companyId, `?qualifies=contact_person&teamId=${w.design}`))).toEqual(['Alice Smith']);
    expect(names(await list(as, w.companyId, `?qualifies=contact_person&teamId=${w.general}`))).toEqual(['Olivia Owner']);
    expect(names(await list(as, w.companyId, `?qualifies=contact_person&teamId=${w.ops}&q=omar`))).toEqual(['KHALID Omar']);
    expect(names(await list(as, w.companyId, '?qualifies=contact_person'))).toEqual(['Alice Smith', 'KHALID Omar', 'Olivia Owner']);
  });

  it('answers beside the items what the viewer may do to each, as the member’s own page does', async () => {
    const w = await world();
    const as = w.people.bob; // team admin of Design
    const page = await server.app.inject({
      method: 'GET',
      url: `/api/v1/companies/${w.companyId}/members?teamId=${w.design}`,
      headers: await signedIn(server.db, as),
    });
    const body = page.json<{ items: Item[]; policies: { userId: string; can: Record<string, boolean> }[] }>();
    expect(body.policies.map((policy) => policy.userId)).toEqual(body.items.map((item) => item.userId));
    const canOf = (userId: string) => body.policies.find((policy) => policy.userId === userId)?.can;
    expect(canOf(w.people.alice.id)).toMatchObject({ 'member.removeFromCompany': true, 'member.leave': false });
    expect(canOf(w.people.dave.id)).toMatchObject({ 'member.removeFromCompany': false }); // also in Ops
    expect(canOf(as.id)).toMatchObject({ 'member.removeFromCompany': false, 'member.leave': true });
    for (const policy of body.policies) {
      const details = await server.app.inject({
        method: 'GET',
        url: `/api/v1/companies/${w.companyId}/members/${policy.userId}`,
        headers: await signedIn(server.db, as),
      });
      expect({ userId: policy.userId, can: details.json<{ can: unknown }>().can }).toEqual(policy);
    }
  });

  it('combines search, filters and pagination', async () => {
    const w = await world();
    const first = await list(w.people.alice, w.companyId, `?teamId=${w.ops}&q=a&limit=1`);
    expect(names(first)).toEqual(['Carol King']);
    const second = await list(w.people.alice, w.companyId, `?teamId=${w.ops}&q=a&limit=1&cursor=${first.nextCursor ?? ''}`);
    expect(names(second)).toEqual(['Dave 100% Sure']);
    const third = await list(w.people.alice, w.companyId, `?teamId=${w.ops}&q=a&limit=1&cursor=${second.nextCursor ?? ''}`);
    expect(names(third)).toEqual(['KHALID Omar']);
    expect(third.nextCursor).toBeNull();
  });

  it('shows emails to those who manage members: all to admins, their teams’ to team admins, only one’s own to others', async () => {
    const w = await world();
    const withEmail = (page: { items: Item[] }) => page.items.filter((item) => item.email !== undefined).map((item) => item.name);
    expect(withEmail(await list(w.people.carol, w.companyId))).toHaveLength(7);
    expect(withEmail(await list(w.owner, w.companyId))).toHaveLength(7);
    expect(withEmail(await list(w.people.bob, w.companyId))).toEqual(['Alice Smith', 'Bob Jones', 'Dave 100% Sure']);
    expect(withEmail(await list(w.people.alice, w.companyId))).toEqual(['Alice Smith']);
    expect(withEmail(await list(w.people.dave, w.companyId))).toEqual(['Dave 100% Sure']);
  });

  it('reads a page in a fixed number of queries, whatever its size (no query per member)', async () => {
    const c = await makeCompany(server);
    const team = await c.team('Design');
    for (let i = 0; i < 12; i++) await c.member({ teams: { [c.defaultTeamId]: ['recruiter'], [team]: [] }, companyRoles: ['finance'] });
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    const counted: Db = { ...server.db, kysely: server.db.kysely.withPlugin(counter) };
    const countFor = async (limit: number) => {
      queries = 0;
      const page = await listMembers(counted, c.owner.id, c.company.id, { limit });
      expect(page.items).toHaveLength(limit);
      return queries;
    };
    expect(await countFor(2)).toBe(await countFor(12));
  });
});
