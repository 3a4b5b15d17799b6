import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/schema.js';
import { userForSession } from '../../src/auth/authenticate.js';
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
  joinedAt?: string;
  twoFactorEnabled?: boolean;
  lacksTwoFactor?: boolean;
  lastActiveOn?: string | null;
}

async function get(user: User, companyId: string, query = '') {
  const res = await server.app.inject({ method: 'GET', url: `/api/v1/companies/${companyId}/members${query}`, headers: await signedIn(server.db, user) });
  return res;
}

async function list(user: User, companyId: string, query = ''): Promise<{ items: Item[]; nextCursor: string | null }> {
  const res = await get(user, companyId, query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Every item of the list, page by page (`limit` each), following nextCursor. */
async function walk(user: User, companyId: string, query: string, limit: number): Promise<Item[]> {
  const seen: Item[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(user, companyId, `?${query}&limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    seen.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return seen;
}

const setJoined = (companyId: string, userId: string, joinedAt: string) =>
  server.db.kysely.updateTable('companyMembers').set({ joinedAt }).where('companyId', '=', companyId).where('userId', '=', userId).execute();

/** A company whose members joined on known days, with ties of day and of name. */
async function world() {
  const c = await makeCompany(server);
  const design = await c.team('Design');
  const people: User[] = [c.owner];
  const days = ['2026-01-03', '2026-01-01', '2026-01-02', '2026-01-02', '2026-01-04', '2026-01-02', '2026-01-01'];
  for (const [index, day] of days.entries()) {
    const member = await c.member({ teams: { [design]: [] } }, { name: `Person ${String(index % 3)}` });
    await setJoined(c.company.id, member.id, `${day}T10:00:00.000Z`);
    people.push(member);
  }
  await setJoined(c.company.id, c.owner.id, '2025-12-31T10:00:00.000Z');
  const rows = await server.db.kysely.selectFrom('companyMembers').select(['userId', 'name', 'joinedAt']).where('companyId', '=', c.company.id).execute();
  return { ...c, companyId: c.company.id, design, people, rows };
}

const byKey = (key: (row: { name: string; joinedAt: string }) => string, descending: boolean) => (a: { userId: string; name: string; joinedAt: string }, b: typeof a) => {
  const [ka, kb] = [key(a), key(b)];
  const order = ka === kb ? (a.userId < b.userId ? -1 : 1) : ka < kb ? -1 : 1;
  return descending ? -order : order;
};

describe('members list sorted', () => {
  it.each([
    ['joined', 'asc'],
    ['joined', 'desc'],
    ['name', 'desc'],
    ['name', 'asc'],
  ] as const)('by %s, %s, pages through every member exactly once, ties by id, with and without a team', async (sort, order) => {
    const w = await world();
    const key = sort === 'joined' ? (row: { joinedAt: string }) => row.joinedAt : (row: { name: string }) => row.name;
    const expected = [...w.rows].sort(byKey(key, order === 'desc')).map((row) => row.userId);
    for (const limit of [1, 2, 3, 50]) {
      expect((await walk(w.owner, w.companyId, `sort=${sort}&order=${order}`, limit)).map((item) => item.userId)).toEqual(expected);
    }
    // The owner is not in Design.
    const inTeam = expected.filter((userId) => userId !== w.owner.id);
    expect((await walk(w.owner, w.companyId, `sort=${sort}&order=${order}&teamId=${w.design}`, 2)).map((item) => item.userId)).toEqual(inTeam);
  });

  it('exports the members in the list’s sort', async () => {
    const w = await world();
    const expected = [...w.rows].sort(byKey((row) => row.joinedAt, true)).map((row) => row.userId);
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/companies/${w.companyId}/members/export?format=jsonl&sort=joined&order=desc`,
      headers: await signedIn(server.db, w.owner),
    });
    expect(res.statusCode).toBe(200);
    const lines = res.body.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { userId: string });
    expect(lines.map((line) => line.userId)).toEqual(expected);
  });

  it('shows when each member joined the company, to every member', async () => {
    const w = await world();
    const plain = w.people[1] as User;
    const page = await list(plain, w.companyId, '?sort=joined');
    expect(page.items[0]).toMatchObject({ userId: w.owner.id, joinedAt: '2025-12-31T10:00:00.000Z' });
    for (const item of page.items) expect(item.joinedAt).toBe(w.rows.find((row) => row.userId === item.userId)?.joinedAt);
  });

  it('refuses a cursor of another sort or direction, and an unknown sort, with VALIDATION_FAILED', async () => {
    const w = await world();
    const byName = await list(w.owner, w.companyId, '?limit=2');
    const byJoined = await list(w.owner, w.companyId, '?limit=2&sort=joined');
    const refusals = [
      `?sort=joined&cursor=${encodeURIComponent(byName.nextCursor ?? '')}`,
      `?cursor=${encodeURIComponent(byJoined.nextCursor ?? '')}`,
      `?sort=joined&order=desc&cursor=${encodeURIComponent(byJoined.nextCursor ?? '')}`,
      '?sort=email',
      '?order=up',
    ];
    for (const query of refusals) {
      const res = await get(w.owner, w.companyId, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('shows the owner and admins who has two-factor on and the last day each used Roster; nobody else', async () => {
    const c = await makeCompany(server);
    const admin = await c.member({ companyRoles: ['admin'] }, { name: 'Ada Admin' });
    const teamAdmin = await c.member({ teams: { [c.defaultTeamId]: ['team_admin'] } }, { name: 'Tess Teamadmin' });
    const plain = await c.member({}, { name: 'Pia Plain' });
    // Ada turns two-factor on.
    await server.db.kysely.insertInto('twoFactor').values({ userId: admin.id, secret: 'x', createdAt: '2026-01-01T00:00:00.000Z', enabledAt: '2026-01-01T00:00:00.000Z', lastStep: null }).execute();

    const byName = (page: { items: Item[] }) => Object.fromEntries(page.items.map((item) => [item.name, item]));
    // Tess and Pia have not signed in yet; the owner and Ada have (to read the list).
    const seen = byName(await list(admin, c.company.id));
    await list(c.owner, c.company.id);
    const owners = byName(await list(c.owner, c.company.id));
    const today = new Date().toISOString().slice(0, 10);
    expect(owners['Ada Admin']).toMatchObject({ twoFactorEnabled: true, lacksTwoFactor: false, lastActiveOn: today });
    expect(owners['Tess Teamadmin']).toMatchObject({ twoFactorEnabled: false, lacksTwoFactor: true, lastActiveOn: null });
    expect(owners['Pia Plain']).toMatchObject({ twoFactorEnabled: false, lacksTwoFactor: false, lastActiveOn: null });
    expect(seen['Pia Plain']).toHaveProperty('twoFactorEnabled', false);

    for (const viewer of [teamAdmin, plain]) {
      for (const item of (await list(viewer, c.company.id)).items) {
        expect(item).not.toHaveProperty('twoFactorEnabled');
        expect(item).not.toHaveProperty('lastActiveOn');
        expect(item).not.toHaveProperty('lacksTwoFactor');
        expect(item).toHaveProperty('joinedAt');
      }
    }
  });

  it('records a person’s last active day at sign-in and at the first use of a session on a new day, not at each request', async () => {
    const c = await makeCompany(server);
    const pia = await c.member({}, { name: 'Pia Plain' });
    const day = async () =>
      (await server.db.kysely.selectFrom('userActivity').select('lastActiveOn').where('userId', '=', pia.id).executeTakeFirst())?.lastActiveOn ?? null;
    expect(await day()).toBeNull();
    const { cookie } = await signedIn(server.db, pia);
    const secret = cookie.split('=')[1] ?? '';
    const today = new Date().toISOString().slice(0, 10);
    expect(await day()).toBe(today);

    const revision = async () => (await server.db.kysely.selectFrom('companies').select('membershipRevision').where('id', '=', c.company.id).executeTakeFirstOrThrow()).membershipRevision;
    const before = await revision();
    // Used again the same day, later: nothing written, the list unchanged.
    const idle = 14 * 86_400_000;
    await userForSession(server.db, secret, new Date(Date.now() + 5 * 60_000), idle);
    expect(await day()).toBe(today);
    expect(await revision()).toBe(before);
    // Used the next day: the new day, and the company's list is a new one.
    const tomorrow = new Date(Date.now() + 86_400_000);
    await userForSession(server.db, secret, tomorrow, idle);
    expect(await day()).toBe(tomorrow.toISOString().slice(0, 10));
    expect(await revision()).not.toBe(before);
  });
});
