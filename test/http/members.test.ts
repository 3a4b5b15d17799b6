import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/auth/secrets.js';
import type { ContractStatus } from '../../src/db/schema.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, signedIn, snapshot } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function makeContract(companyId: string, teamId: string, contactPersonId: string, status: ContractStatus = 'active') {
  const id = newId();
  const now = new Date().toISOString();
  await server.db.kysely
    .insertInto('contracts')
    .values({ id, companyId, teamId, title: 'Logo design', freelancerName: 'Fay', status, contactPersonId, createdAt: now, updatedAt: now })
    .execute();
  return id;
}

/** A company with a member of every kind, a hidden team, a contact person, and another company beside it. */
async function world() {
  const c = await makeCompany(server);
  const general = c.defaultTeamId;
  const design = await c.team('Design');
  const ops = await c.team('Ops');
  const hidden = await c.team('Archive');
  await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', hidden).execute();
  const other = await makeCompany(server, 'Other');
  const otherTeam = await other.team('Elsewhere');
  const hiring = await c.member({ teams: { [design]: ['hiring_manager'] } });
  await makeContract(c.company.id, design, hiring.id);
  return {
    companyId: c.company.id,
    general,
    design,
    ops,
    hidden,
    otherTeam,
    users: {
      owner: c.owner,
      admin: await c.member({ teams: { [general]: [] }, companyRoles: ['admin'] }),
      designAdmin: await c.member({ teams: { [design]: ['team_admin'] } }),
      plain: await c.member({ teams: { [design]: [], [general]: [] } }),
      designOnly: await c.member({ teams: { [design]: [] } }),
      hiring,
      outsider: other.owner,
      otherMember: await other.member({ teams: { [otherTeam]: [] } }),
    },
  };
}
type World = Awaited<ReturnType<typeof world>>;
type Caller = keyof World['users'] | 'anonymous';

interface Case {
  name: string;
  caller: Caller;
  method: 'GET' | 'PUT' | 'DELETE';
  url: (w: World) => string;
  payload?: (w: World) => unknown;
  status: number;
  code?: string;
}

const base = (w: World) => `/api/v1/companies/${w.companyId}/members`;
// A blank id: trimmed to nothing, it fails the id schema. (Ids over 100 characters never reach the schema: Fastify's router answers 414 first.)
const BLANK_ID = '%20';

const CASES: Record<string, Case[]> = {
  'GET /members': [
    { name: 'lists for any member', caller: 'plain', method: 'GET', url: base, status: 200 },
    { name: 'no session', caller: 'anonymous', method: 'GET', url: base, status: 401, code: 'UNAUTHENTICATED' },
    // Every member may list the members (§2.5): there is no 403 case for this route.
    { name: 'non-member', caller: 'outsider', method: 'GET', url: base, status: 404, code: 'NOT_FOUND' },
    { name: 'unknown company', caller: 'plain', method: 'GET', url: () => `/api/v1/companies/${newId()}/members`, status: 404, code: 'NOT_FOUND' },
    { name: 'team of another company', caller: 'plain', method: 'GET', url: (w) => `${base(w)}?teamId=${w.otherTeam}`, status: 404, code: 'NOT_FOUND' },
    { name: 'limit 0', caller: 'plain', method: 'GET', url: (w) => `${base(w)}?limit=0`, status: 400, code: 'VALIDATION_FAILED' },
    { name: 'limit not a number', caller: 'plain', method: 'GET', url: (w) => `${base(w)}?limit=many`, status: 400, code: 'VALIDATION_FAILED' },
    { name: 'limit over 200', caller: 'plain', method: 'GET', url: (w) => `${base(w)}?limit=201`, status: 400, code: 'VALIDATION_FAILED' },
    { name: 'unknown query field', caller: 'plain', method: 'GET', url: (w) => `${base(w)}?sort=email`, status: 400, code: 'VALIDATION_FAILED' },
    { name: 'unknown role', caller: 'plain', method: 'GET', url: (w) => `${base(w)}?role=superuser`, status: 400, code: 'VALIDATION_FAILED' },
    { name: 'damaged cursor', caller: 'plain', method: 'GET', url: (w) => `${base(w)}?cursor=not-a-cursor`, status: 400, code: 'VALIDATION_FAILED' },
  ],
  'GET /members/:userId': [
    { name: 'details for any member', caller: 'plain', method: 'GET', url: (w) => `${base(w)}/${w.users.hiring.id}`, status: 200 },
    { name: 'no session', caller: 'anonymous', method: 'GET', url: (w) => `${base(w)}/${w.users.hiring.id}`, status: 401, code: 'UNAUTHENTICATED' },
    { name: 'non-member', caller: 'outsider', method: 'GET', url: (w) => `${base(w)}/${w.users.hiring.id}`, status: 404, code: 'NOT_FOUND' },
    { name: 'member of another company', caller: 'admin', method: 'GET', url: (w) => `${base(w)}/${w.users.otherMember.id}`, status: 404, code: 'NOT_FOUND' },
    { name: 'unknown user', caller: 'admin', method: 'GET', url: (w) => `${base(w)}/${newId()}`, status: 404, code: 'NOT_FOUND' },
    { name: 'malformed id', caller: 'admin', method: 'GET', url: (w) => `${base(w)}/${BLANK_ID}`, status: 400, code: 'VALIDATION_FAILED' },
  ],
  'PUT /members/:userId/teams/:teamId': [
    ...putTeam('team admin edits roles', 'designAdmin', (w) => [w.users.plain.id, w.design], ['recruiter'], 200),
    ...putTeam('owner adds to another team', 'owner', (w) => [w.users.plain.id, w.ops], ['team_admin'], 200),
    ...putTeam('no session', 'anonymous', (w) => [w.users.plain.id, w.design], [], 401, 'UNAUTHENTICATED'),
    ...putTeam('plain member', 'plain', (w) => [w.users.designOnly.id, w.design], ['recruiter'], 403, 'FORBIDDEN'),
    ...putTeam('team admin grants team_admin', 'designAdmin', (w) => [w.users.plain.id, w.design], ['team_admin'], 403, 'FORBIDDEN'),
    ...putTeam('own roles', 'designAdmin', (w) => [w.users.designAdmin.id, w.design], ['team_admin', 'recruiter'], 403, 'FORBIDDEN'),
    ...putTeam('non-member caller', 'outsider', (w) => [w.users.plain.id, w.design], [], 404, 'NOT_FOUND'),
    ...putTeam('member of another company', 'admin', (w) => [w.users.otherMember.id, w.design], [], 404, 'NOT_FOUND'),
    ...putTeam('team of another company', 'admin', (w) => [w.users.plain.id, w.otherTeam], [], 404, 'NOT_FOUND'),
    ...putTeam('roles not a list', 'admin', (w) => [w.users.plain.id, w.design], 'recruiter', 400, 'VALIDATION_FAILED'),
    ...putTeam('unknown role', 'admin', (w) => [w.users.plain.id, w.design], ['superuser'], 400, 'VALIDATION_FAILED'),
    ...putTeam('company role as a team role', 'admin', (w) => [w.users.plain.id, w.design], ['admin'], 400, 'VALIDATION_FAILED'),
    {
      name: 'unknown field',
      caller: 'admin',
      method: 'PUT',
      url: (w) => `${base(w)}/${w.users.plain.id}/teams/${w.design}`,
      payload: () => ({ roles: [], isOwner: true }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'roles missing',
      caller: 'admin',
      method: 'PUT',
      url: (w) => `${base(w)}/${w.users.plain.id}/teams/${w.design}`,
      payload: () => ({}),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    ...putTeam('hidden team', 'admin', (w) => [w.users.plain.id, w.hidden], [], 409, 'CONFLICT'),
    ...putTeam('revoke hiring_manager from a contact person', 'designAdmin', (w) => [w.users.hiring.id, w.design], [], 409, 'CONTACT_PERSON_ON_ACTIVE_CONTRACT'),
  ],
  'DELETE /members/:userId/teams/:teamId': [
    deleteTeam('team admin removes', 'designAdmin', (w) => [w.users.plain.id, w.design], 200),
    deleteTeam('member leaves', 'plain', (w) => [w.users.plain.id, w.design], 200),
    deleteTeam('no session', 'anonymous', (w) => [w.users.plain.id, w.design], 401, 'UNAUTHENTICATED'),
    deleteTeam('plain member', 'plain', (w) => [w.users.designOnly.id, w.design], 403, 'FORBIDDEN'),
    deleteTeam('team admin on a team admin of the company', 'designAdmin', (w) => [w.users.admin.id, w.general], 403, 'FORBIDDEN'),
    deleteTeam('non-member caller', 'outsider', (w) => [w.users.plain.id, w.design], 404, 'NOT_FOUND'),
    deleteTeam('member of another company', 'admin', (w) => [w.users.otherMember.id, w.otherTeam], 404, 'NOT_FOUND'),
    deleteTeam('team of another company', 'admin', (w) => [w.users.plain.id, w.otherTeam], 404, 'NOT_FOUND'),
    deleteTeam('not in the team', 'admin', (w) => [w.users.designOnly.id, w.ops], 404, 'NOT_FOUND'),
    deleteTeam('malformed team id', 'admin', (w) => [w.users.plain.id, BLANK_ID], 400, 'VALIDATION_FAILED'),
    deleteTeam('owner removed by an admin', 'admin', (w) => [w.users.owner.id, w.general], 409, 'OWNER_CANNOT_BE_REMOVED'),
    deleteTeam('owner leaves the default team', 'owner', (w) => [w.users.owner.id, w.general], 409, 'OWNER_CANNOT_BE_REMOVED'),
    deleteTeam('contact person', 'designAdmin', (w) => [w.users.hiring.id, w.design], 409, 'CONTACT_PERSON_ON_ACTIVE_CONTRACT'),
  ],
  'PUT /members/:userId/company-roles': [
    putCompany('owner grants', 'owner', (w) => w.users.plain.id, ['admin', 'finance'], 200),
    putCompany('no session', 'anonymous', (w) => w.users.plain.id, ['finance'], 401, 'UNAUTHENTICATED'),
    putCompany('company admin', 'admin', (w) => w.users.plain.id, ['finance'], 403, 'FORBIDDEN'),
    putCompany('owner on themselves', 'owner', (w) => w.users.owner.id, ['admin'], 403, 'FORBIDDEN'),
    putCompany('non-member caller', 'outsider', (w) => w.users.plain.id, [], 404, 'NOT_FOUND'),
    putCompany('member of another company', 'owner', (w) => w.users.otherMember.id, [], 404, 'NOT_FOUND'),
    putCompany('roles not a list', 'owner', (w) => w.users.plain.id, 'admin', 400, 'VALIDATION_FAILED'),
    putCompany('owner is not a grantable role', 'owner', (w) => w.users.plain.id, ['owner'], 400, 'VALIDATION_FAILED'),
    putCompany('team role as a company role', 'owner', (w) => w.users.plain.id, ['team_admin'], 400, 'VALIDATION_FAILED'),
    {
      name: 'unknown field',
      caller: 'owner',
      method: 'PUT',
      url: (w) => `${base(w)}/${w.users.plain.id}/company-roles`,
      payload: () => ({ roles: [], companyId: 'x' }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
  ],
  'DELETE /members/:userId': [
    deleteMember('admin removes', 'admin', (w) => w.users.plain.id, 204),
    deleteMember('team admin removes a member of their team only', 'designAdmin', (w) => w.users.designOnly.id, 204),
    deleteMember('member leaves', 'plain', (w) => w.users.plain.id, 204),
    deleteMember('no session', 'anonymous', (w) => w.users.plain.id, 401, 'UNAUTHENTICATED'),
    deleteMember('plain member', 'plain', (w) => w.users.designOnly.id, 403, 'FORBIDDEN'),
    deleteMember('team admin, member also in another team', 'designAdmin', (w) => w.users.plain.id, 403, 'FORBIDDEN'),
    deleteMember('non-member caller', 'outsider', (w) => w.users.plain.id, 404, 'NOT_FOUND'),
    deleteMember('member of another company', 'admin', (w) => w.users.otherMember.id, 404, 'NOT_FOUND'),
    deleteMember('malformed id', 'admin', () => BLANK_ID, 400, 'VALIDATION_FAILED'),
    deleteMember('owner removed by an admin', 'admin', (w) => w.users.owner.id, 409, 'OWNER_CANNOT_BE_REMOVED'),
    deleteMember('owner leaves', 'owner', (w) => w.users.owner.id, 409, 'OWNER_CANNOT_BE_REMOVED'),
    deleteMember('contact person', 'admin', (w) => w.users.hiring.id, 409, 'CONTACT_PERSON_ON_ACTIVE_CONTRACT'),
  ],
};

function putTeam(
  name: string,
  caller: Caller,
  target: (w: World) => [string, string],
  roles: unknown,
  status: number,
  code?: string,
): Case[] {
  return [
    {
      name,
      caller,
      method: 'PUT',
      url: (w) => `${base(w)}/${target(w)[0]}/teams/${target(w)[1]}`,
      payload: () => ({ roles }),
      status,
      code,
    },
  ];
}

function deleteTeam(name: string, caller: Caller, target: (w: World) => [string, string], status: number, code?: string): Case {
  return { name, caller, method: 'DELETE', url: (w) => `${base(w)}/${target(w)[0]}/teams/${target(w)[1]}`, status, code };
}

function putCompany(name: string, caller: Caller, target: (w: World) => string, roles: unknown, status: number, code?: string): Case {
  return {
    name,
    caller,
    method: 'PUT',
    url: (w) => `${base(w)}/${target(w)}/company-roles`,
    payload: () => ({ roles }),
    status,
    code,
  };
}

function deleteMember(name: string, caller: Caller, target: (w: World) => string, status: number, code?: string): Case {
  return { name, caller, method: 'DELETE', url: (w) => `${base(w)}/${target(w)}`, status, code };
}

const headersFor = async (w: World, caller: Caller) =>
  caller === 'anonymous' ? {} : await signedIn(server.db, w.users[caller]);

for (const [route, cases] of Object.entries(CASES)) {
  describe(route, () => {
    it.each(cases)('$name → $status', async (c) => {
      const w = await world();
      const headers = await headersFor(w, c.caller);
      const before = await snapshot(server.db);
      const res = await server.app.inject({ method: c.method, url: c.url(w), headers, payload: c.payload?.(w) as object | undefined });
      expect(res.statusCode, res.body).toBe(c.status);
      if (c.code !== undefined) {
        expect(res.json().code).toBe(c.code);
        expect(await snapshot(server.db)).toEqual(before);
      }
      if (c.status === 409 && c.code === 'CONTACT_PERSON_ON_ACTIVE_CONTRACT') {
        expect(res.json().contracts).toEqual([expect.objectContaining({ teamId: w.design, title: 'Logo design' })]);
      }
    });
  });
}

describe('answers', () => {
  it('PUT answers the member with team names; DELETE of the last team answers member null', async () => {
    const w = await world();
    const headers = await signedIn(server.db, w.users.admin);
    const put = await server.app.inject({
      method: 'PUT',
      url: `${base(w)}/${w.users.designOnly.id}/teams/${w.ops}`,
      headers,
      payload: { roles: ['work_diary', 'recruiter', 'recruiter'] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().member).toMatchObject({
      userId: w.users.designOnly.id,
      email: w.users.designOnly.email,
      isOwner: false,
      companyRoles: [],
      teams: [
        { teamId: w.design, teamName: 'Design', roles: [] },
        { teamId: w.ops, teamName: 'Ops', roles: ['recruiter', 'work_diary'] },
      ],
    });
    await server.app.inject({ method: 'DELETE', url: `${base(w)}/${w.users.designOnly.id}/teams/${w.ops}`, headers });
    const last = await server.app.inject({ method: 'DELETE', url: `${base(w)}/${w.users.designOnly.id}/teams/${w.design}`, headers });
    expect(last.statusCode).toBe(200);
    expect(last.json()).toEqual({ member: null, leftCompany: true });
  });

  it('details list the active and paused contracts the member is contact person of, and what the viewer may do', async () => {
    const w = await world();
    const paused = await makeContract(w.companyId, w.design, w.users.hiring.id, 'paused');
    await makeContract(w.companyId, w.design, w.users.hiring.id, 'ended');
    const asTeamAdmin = await server.app.inject({
      method: 'GET',
      url: `${base(w)}/${w.users.hiring.id}`,
      headers: await signedIn(server.db, w.users.designAdmin),
    });
    expect(asTeamAdmin.statusCode).toBe(200);
    const body = asTeamAdmin.json<{ member: unknown; contracts: { id: string; status: string }[]; can: unknown; teams: unknown }>();
    expect(body.member).toMatchObject({ userId: w.users.hiring.id, email: w.users.hiring.email });
    expect(body.contracts.map((c) => c.status).sort()).toEqual(['active', 'paused']);
    expect(body.contracts.map((c) => c.id)).toContain(paused);
    expect(body.can).toMatchObject({ 'member.removeFromCompany': true, 'member.setCompanyRoles': false, 'ownership.transfer': false });
    expect(body.teams).toEqual([
      { teamId: w.design, canSetRoles: true, canRemove: true, grantableRoles: ['hiring_manager', 'recruiter', 'work_diary'] },
    ]);

    const asPlain = await server.app.inject({
      method: 'GET',
      url: `${base(w)}/${w.users.hiring.id}`,
      headers: await signedIn(server.db, w.users.plain),
    });
    expect(asPlain.json().member.email).toBeUndefined();
    expect(asPlain.json().can).toMatchObject({ 'member.removeFromCompany': false });
    expect(asPlain.json().teams).toEqual([{ teamId: w.design, canSetRoles: false, canRemove: false, grantableRoles: [] }]);
  });
});

describe('access ends at once', () => {
  it('after removal from the company, the person’s own session gets 404 from the company', async () => {
    const w = await world();
    const theirs = await signedIn(server.db, w.users.plain);
    const before = await server.app.inject({ method: 'GET', url: base(w), headers: theirs });
    expect(before.statusCode).toBe(200);

    const removed = await server.app.inject({
      method: 'DELETE',
      url: `${base(w)}/${w.users.plain.id}`,
      headers: await signedIn(server.db, w.users.admin),
    });
    expect(removed.statusCode).toBe(204);
    for (const url of [base(w), `/api/v1/companies/${w.companyId}`, `${base(w)}/${w.users.plain.id}`]) {
      const after = await server.app.inject({ method: 'GET', url, headers: theirs });
      expect(after.statusCode).toBe(404);
      expect(after.json().code).toBe('NOT_FOUND');
    }
    const retry = await server.app.inject({ method: 'DELETE', url: `${base(w)}/${w.users.designOnly.id}/teams/${w.design}`, headers: theirs });
    expect(retry.statusCode).toBe(404);
  });

  it('after removal from their last team, the person’s own session gets 404 from the company', async () => {
    const w = await world();
    const theirs = await signedIn(server.db, w.users.designOnly);
    const removed = await server.app.inject({
      method: 'DELETE',
      url: `${base(w)}/${w.users.designOnly.id}/teams/${w.design}`,
      headers: await signedIn(server.db, w.users.designAdmin),
    });
    expect(removed.json()).toEqual({ member: null, leftCompany: true });
    const after = await server.app.inject({ method: 'GET', url: base(w), headers: theirs });
    expect(after.statusCode).toBe(404);
  });
});
