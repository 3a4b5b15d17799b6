import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/auth/secrets.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeContract, snapshot } from '../support/factories.js';
import { api, call, expectProblem, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

interface Outcome {
  userId: string;
  name: string | null;
  result: 'done' | 'refused';
  changed?: boolean;
  leftCompany?: boolean;
  code?: string;
  detail?: string;
  contracts?: { id: string; title: string; teamId: string }[];
}

/** A company with an admin, a team admin, plain members, a contact person, a hidden team, and another company. */
async function world() {
  const c = await makeCompany(server);
  const general = c.defaultTeamId;
  const design = await c.team('Design');
  const ops = await c.team('Ops');
  const hidden = await c.team('Archive');
  await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', hidden).execute();
  const other = await makeCompany(server, 'Other');
  const otherTeam = await other.team('Elsewhere');
  const hiring = await c.member({ teams: { [design]: ['hiring_manager'] } }, { name: 'Hana Hiring' });
  const contractId = await makeContract(server.db, c.company.id, design, hiring.id);
  return {
    c,
    companyId: c.company.id,
    general,
    design,
    ops,
    hidden,
    otherTeam,
    contractId,
    owner: c.owner,
    admin: await c.member({ teams: { [general]: [] }, companyRoles: ['admin'] }, { name: 'Ada Admin' }),
    admin2: await c.member({ teams: { [general]: [] }, companyRoles: ['admin'] }, { name: 'Abe Admin' }),
    designAdmin: await c.member({ teams: { [design]: ['team_admin'] } }, { name: 'Dee Designadmin' }),
    plain: await c.member({ teams: { [design]: [], [general]: [] } }, { name: 'Pat Plain' }),
    designOnly: await c.member({ teams: { [design]: [] } }, { name: 'Dora Designonly' }),
    hiring,
    outsider: other.owner,
    otherMember: await other.member({ teams: { [otherTeam]: [] } }),
  };
}

const bulkUrl = (companyId: string) => api(`/companies/${companyId}/members/bulk`);

async function bulk(w: { companyId: string }, caller: Parameters<typeof call>[3], body: unknown): Promise<Outcome[]> {
  const res = await call(server, 'POST', bulkUrl(w.companyId), caller, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Outcome[] }>().items;
}

const byId = (items: Outcome[]) => new Map(items.map((item) => [item.userId, item]));

async function memberIds(companyId: string): Promise<string[]> {
  const rows = await server.db.kysely.selectFrom('companyMembers').select('userId').where('companyId', '=', companyId).execute();
  return rows.map((row) => row.userId).sort();
}

async function auditOf(companyId: string, type: string) {
  return server.db.kysely.selectFrom('auditEvents').selectAll().where('companyId', '=', companyId).where('type', '=', type).execute();
}

describe('POST /members/bulk: remove_from_company', () => {
  it('removes each person it may, refuses the others each with the single action’s code, and audits each removal as the single one', async () => {
    const w = await world();
    const unknown = newId();
    const items = await bulk(w, w.admin, {
      action: 'remove_from_company',
      userIds: [w.plain.id, w.owner.id, w.hiring.id, w.admin.id, w.admin2.id, w.designOnly.id, w.otherMember.id, unknown, w.plain.id],
    });
    // Each person once, in the order given.
    expect(items.map((item) => item.userId)).toEqual([w.plain.id, w.owner.id, w.hiring.id, w.admin.id, w.admin2.id, w.designOnly.id, w.otherMember.id, unknown]);
    const got = byId(items);
    expect(got.get(w.plain.id)).toMatchObject({ result: 'done', changed: true, leftCompany: true, name: 'Pat Plain' });
    expect(got.get(w.designOnly.id)).toMatchObject({ result: 'done', changed: true });
    expect(got.get(w.owner.id)).toMatchObject({ result: 'refused', code: 'OWNER_CANNOT_BE_REMOVED', name: 'Olivia Owner' });
    expect(got.get(w.hiring.id)).toMatchObject({
      result: 'refused',
      code: 'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
      contracts: [{ id: w.contractId, title: 'Logo design', teamId: w.design }],
    });
    // Leaving is done alone, from one's own page; an admin does not remove another admin (§2.4).
    expect(got.get(w.admin.id)).toMatchObject({ result: 'refused', code: 'FORBIDDEN' });
    expect(got.get(w.admin2.id)).toMatchObject({ result: 'refused', code: 'FORBIDDEN' });
    // Another company's member and an unknown id are no members here: NOT_FOUND, with no name.
    expect(got.get(w.otherMember.id)).toMatchObject({ result: 'refused', code: 'NOT_FOUND', name: null });
    expect(got.get(unknown)).toMatchObject({ result: 'refused', code: 'NOT_FOUND', name: null });

    const left = await memberIds(w.companyId);
    expect(left).not.toContain(w.plain.id);
    expect(left).not.toContain(w.designOnly.id);
    for (const stays of [w.owner, w.hiring, w.admin, w.admin2, w.designAdmin]) expect(left).toContain(stays.id);
    expect(await memberIds((await server.db.kysely.selectFrom('companies').select('id').where('name', '=', 'Other').executeTakeFirstOrThrow()).id)).toContain(w.otherMember.id);

    const events = await auditOf(w.companyId, 'member.removed_from_company');
    expect(events.map((event) => event.targetId).sort()).toEqual([w.plain.id, w.designOnly.id].sort());
    expect(events.every((event) => event.actorId === w.admin.id)).toBe(true);
  });

  it('writes for each person the audit event the single removal writes, field for field', async () => {
    const w = await world();
    const twin = await w.c.member({ teams: { [w.design]: [], [w.general]: [] } });
    const single = await call(server, 'DELETE', api(`/companies/${w.companyId}/members/${w.plain.id}`), w.admin);
    expect(single.statusCode).toBe(204);
    await bulk(w, w.admin, { action: 'remove_from_company', userIds: [twin.id] });
    const [one, other] = await auditOf(w.companyId, 'member.removed_from_company');
    const shape = (event: typeof one) => ({ ...event, seq: undefined, id: undefined, targetId: undefined, requestId: undefined, createdAt: undefined });
    expect(one && other).toBeTruthy();
    expect(shape(other)).toEqual(shape(one));
  });

  it('removes every member a filter matches, as the list shows them to the caller', async () => {
    const w = await world();
    const items = await bulk(w, w.owner, { action: 'remove_from_company', filter: { teamId: w.design, role: 'team_admin' } });
    expect(items).toEqual([expect.objectContaining({ userId: w.designAdmin.id, name: 'Dee Designadmin', result: 'done' })]);
    expect(await memberIds(w.companyId)).not.toContain(w.designAdmin.id);
  });

  it('answers an empty report when the filter matches nobody', async () => {
    const w = await world();
    expect(await bulk(w, w.owner, { action: 'remove_from_company', filter: { q: 'nobody by this name' } })).toEqual([]);
  });
});

describe('POST /members/bulk: teams', () => {
  it('adds existing members to a team with roles; one in the team already stays as they are', async () => {
    const w = await world();
    const items = byId(await bulk(w, w.owner, { action: 'add_to_team', teamId: w.ops, roles: ['recruiter'], userIds: [w.plain.id, w.admin.id] }));
    expect(items.get(w.plain.id)).toMatchObject({ result: 'done', changed: true });
    const again = byId(await bulk(w, w.owner, { action: 'add_to_team', teamId: w.ops, roles: ['team_admin'], userIds: [w.plain.id] }));
    expect(again.get(w.plain.id)).toMatchObject({ result: 'done', changed: false });
    const roles = await server.db.kysely.selectFrom('teamMemberRoles').select(['userId', 'role']).where('teamId', '=', w.ops).orderBy('userId').execute();
    expect(roles).toEqual(expect.arrayContaining([{ userId: w.plain.id, role: 'recruiter' }, { userId: w.admin.id, role: 'recruiter' }]));
    expect(roles).toHaveLength(2);
    expect(await auditOf(w.companyId, 'member.added_to_team')).toHaveLength(2);
  });

  it('refuses per person what the single action refuses: rank, a hidden team', async () => {
    const w = await world();
    const byTeamAdmin = byId(await bulk(w, w.designAdmin, { action: 'add_to_team', teamId: w.design, roles: [], userIds: [w.admin.id, w.owner.id] }));
    expect(byTeamAdmin.get(w.admin.id)).toMatchObject({ result: 'refused', code: 'FORBIDDEN' });
    expect(byTeamAdmin.get(w.owner.id)).toMatchObject({ result: 'refused', code: 'FORBIDDEN' });
    const hidden = byId(await bulk(w, w.owner, { action: 'add_to_team', teamId: w.hidden, roles: [], userIds: [w.plain.id] }));
    expect(hidden.get(w.plain.id)).toMatchObject({ result: 'refused', code: 'CONFLICT' });
  });

  it('sets roles only of those in the team, and keeps a contact person’s hiring_manager (§3.3)', async () => {
    const w = await world();
    const send = await request(server, 'POST', bulkUrl(w.companyId), w.owner, { action: 'set_team_roles', teamId: w.design, roles: ['recruiter'], userIds: [w.hiring.id, w.admin.id] });
    const before = await snapshot(server.db);
    const res = await send();
    expect(res.statusCode).toBe(200);
    const items = byId(res.json<{ items: Outcome[] }>().items);
    expect(items.get(w.hiring.id)).toMatchObject({ result: 'refused', code: 'CONTACT_PERSON_ON_ACTIVE_CONTRACT', contracts: [expect.objectContaining({ id: w.contractId })] });
    expect(items.get(w.admin.id)).toMatchObject({ result: 'refused', code: 'NOT_FOUND' });
    expect(await snapshot(server.db)).toEqual(before);
    const set = byId(await bulk(w, w.owner, { action: 'set_team_roles', teamId: w.design, roles: ['recruiter'], userIds: [w.plain.id] }));
    expect(set.get(w.plain.id)).toMatchObject({ result: 'done', changed: true });
    expect(await auditOf(w.companyId, 'member.roles_changed')).toHaveLength(1);
  });

  it('removes from a team; one whose last team it was leaves the company', async () => {
    const w = await world();
    const items = byId(await bulk(w, w.designAdmin, { action: 'remove_from_team', teamId: w.design, userIds: [w.plain.id, w.designOnly.id, w.hiring.id, w.designAdmin.id] }));
    expect(items.get(w.plain.id)).toMatchObject({ result: 'done', leftCompany: false });
    expect(items.get(w.designOnly.id)).toMatchObject({ result: 'done', leftCompany: true });
    expect(items.get(w.hiring.id)).toMatchObject({ result: 'refused', code: 'CONTACT_PERSON_ON_ACTIVE_CONTRACT' });
    expect(items.get(w.designAdmin.id)).toMatchObject({ result: 'refused', code: 'FORBIDDEN' });
    expect(await memberIds(w.companyId)).not.toContain(w.designOnly.id);
    expect(await auditOf(w.companyId, 'member.removed_from_team')).toHaveLength(2);
  });
});

describe('POST /members/bulk: suspend', () => {
  it('suspends each person it may; the owner is refused, one suspended already is done unchanged', async () => {
    const w = await world();
    const first = byId(await bulk(w, w.admin, { action: 'suspend', userIds: [w.plain.id, w.owner.id, w.admin2.id] }));
    expect(first.get(w.plain.id)).toMatchObject({ result: 'done', changed: true });
    expect(first.get(w.owner.id)).toMatchObject({ result: 'refused', code: 'OWNER_CANNOT_BE_SUSPENDED' });
    expect(first.get(w.admin2.id)).toMatchObject({ result: 'refused', code: 'FORBIDDEN' });
    const again = byId(await bulk(w, w.admin, { action: 'suspend', userIds: [w.plain.id] }));
    expect(again.get(w.plain.id)).toMatchObject({ result: 'done', changed: false });
    expect(await auditOf(w.companyId, 'member.suspended')).toHaveLength(1);
  });
});

describe('POST /members/bulk: refusals of the whole request, nothing changed', () => {
  it('answers 401, 404 and 400 as API.md says', async () => {
    const w = await world();
    const send = (caller: Parameters<typeof request>[3], body: unknown, companyId = w.companyId) =>
      request(server, 'POST', bulkUrl(companyId), caller, body);
    const remove = { action: 'remove_from_company', userIds: [w.plain.id] };
    await expectRefused(server.db, await send(null, remove), 401, 'UNAUTHENTICATED');
    await expectRefused(server.db, await send(w.outsider, remove), 404, 'NOT_FOUND');
    await expectRefused(server.db, await send(w.admin, remove, newId()), 404, 'NOT_FOUND');
    await expectRefused(server.db, await send(w.admin, { action: 'add_to_team', teamId: w.otherTeam, roles: [], userIds: [w.plain.id] }), 404, 'NOT_FOUND');
    await expectRefused(server.db, await send(w.admin, { action: 'remove_from_company', filter: { teamId: w.otherTeam } }), 404, 'NOT_FOUND');
    for (const body of [
      { action: 'remove_from_company' },
      { action: 'remove_from_company', userIds: [w.plain.id], filter: {} },
      { action: 'remove_from_company', userIds: [] },
      { action: 'remove_from_company', userIds: Array.from({ length: 1001 }, () => newId()) },
      { action: 'add_to_team', userIds: [w.plain.id], roles: [] },
      { action: 'add_to_team', userIds: [w.plain.id], teamId: w.ops },
      { action: 'remove_from_company', userIds: [w.plain.id], teamId: w.ops },
      { action: 'suspend', userIds: [w.plain.id], roles: [] },
      { action: 'promote', userIds: [w.plain.id] },
      { action: 'remove_from_company', filter: { sort: 'name' } },
      { action: 'remove_from_company', userIds: [w.plain.id], isOwner: true },
    ]) {
      await expectRefused(server.db, await send(w.admin, body), 400, 'VALIDATION_FAILED');
    }
  });
});

describe('GET /members/count', () => {
  it('counts the members the list’s filters choose, for any member', async () => {
    const w = await world();
    const count = async (query: string) => {
      const res = await call(server, 'GET', api(`/companies/${w.companyId}/members/count${query}`), w.plain);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ total: number }>().total;
    };
    expect(await count('')).toBe(7);
    expect(await count(`?teamId=${w.design}`)).toBe(4);
    expect(await count(`?teamId=${w.design}&role=hiring_manager`)).toBe(1);
    expect(await count('?role=admin')).toBe(2);
    expect(await count('?q=pat')).toBe(1);
    expect(await count('?suspended=true')).toBe(0);
  });

  it('answers 404 to a non-member and for a team of another company, 400 for an unknown field', async () => {
    const w = await world();
    expectProblem(await call(server, 'GET', api(`/companies/${w.companyId}/members/count`), w.outsider), 404, 'NOT_FOUND');
    expectProblem(await call(server, 'GET', api(`/companies/${w.companyId}/members/count?teamId=${w.otherTeam}`), w.plain), 404, 'NOT_FOUND');
    expectProblem(await call(server, 'GET', api(`/companies/${w.companyId}/members/count?limit=5`), w.plain), 400, 'VALIDATION_FAILED');
  });
});
