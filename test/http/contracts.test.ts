import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContract } from '../../src/commands/create-contract.js';
import { contractsBlockingRemoval } from '../../src/model/members.js';
import type { User } from '../../src/db/schema.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn, snapshot } from '../support/factories.js';
import { api, call, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());



/** The page of a list answer. */
const pageOf = (res: { json: () => unknown }) => res.json() as { items: { id: string; title: string }[]; nextCursor: string | null };

async function auditEvents(companyId: string) {
  return server.db.kysely.selectFrom('auditEvents').selectAll().where('companyId', '=', companyId).orderBy('seq').execute();
}

/** A company with teams Alpha and Beta and one member of each kind the contract rules tell apart. */
async function setUp() {
  const acme = await makeCompany(server);
  const alpha = await acme.team('Alpha');
  const beta = await acme.team('Beta');
  const people = {
    hmAlpha: await acme.member({ teams: { [alpha]: ['hiring_manager'] } }),
    hmBeta: await acme.member({ teams: { [beta]: ['hiring_manager'] } }),
    hmBoth: await acme.member({ teams: { [alpha]: ['hiring_manager'], [beta]: ['hiring_manager'] } }),
    teamAdminAlpha: await acme.member({ teams: { [alpha]: ['team_admin'] } }),
    admin: await acme.member({ companyRoles: ['admin'] }),
    plainAlpha: await acme.member({ teams: { [alpha]: ['recruiter', 'work_diary'] } }),
  };
  const contractsUrl = `/companies/${acme.company.id}/contracts`;
  /** An active contract in the team, made by the command as this hiring manager. */
  const contract = (creator: User, teamId: string, title = 'Logo design') =>
    createContract(server.as(creator.id), acme.company.id, { teamId, title, freelancerName: 'Fran Freelancer' });
  return { ...acme, alpha, beta, ...people, contractsUrl, contract };
}

describe('POST /companies/:companyId/contracts', () => {
  it('lets a hiring manager of the team create a contract; the contact person defaults to the creator', async () => {
    const t = await setUp();
    const res = await call(server, 'POST', api(t.contractsUrl), t.hmAlpha, { teamId: t.alpha, title: ' Logo ', freelancerName: 'Fran' });
    expect(res.statusCode).toBe(201);
    const contract = res.json().contract;
    expect(contract).toEqual({
      id: expect.any(String),
      teamId: t.alpha,
      title: 'Logo',
      freelancerName: 'Fran',
      status: 'active',
      contactPersonId: t.hmAlpha.id,
    });
    const events = await auditEvents(t.company.id);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ type: 'contract.created', actorId: t.hmAlpha.id, targetId: contract.id, teamId: t.alpha });
    expect(JSON.parse(events[1]!.data)).toEqual({ title: 'Logo', freelancerName: 'Fran', contactPersonId: t.hmAlpha.id });
  });

  it('lets an admin create a contract with a hiring manager of the team as its contact person', async () => {
    const t = await setUp();
    const res = await call(server, 'POST', api(t.contractsUrl), t.admin, {
      teamId: t.alpha,
      title: 'Logo',
      freelancerName: 'Fran',
      contactPersonId: t.hmBoth.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().contract.contactPersonId).toBe(t.hmBoth.id);
  });

  it('lets the owner be the contact person in a team they belong to, without hiring_manager', async () => {
    const t = await setUp();
    const res = await call(server, 'POST', api(t.contractsUrl), t.owner, { teamId: t.defaultTeamId, title: 'Logo', freelancerName: 'Fran' });
    expect(res.statusCode).toBe(201);
    expect(res.json().contract.contactPersonId).toBe(t.owner.id);
  });

  it.each([
    ['the creator by default, an admin without hiring_manager there', 'admin', undefined],
    ['the owner, not a member of the team', 'owner', undefined],
    ['a member of the team without hiring_manager', 'owner', 'plainAlpha'],
    ['a team admin of the team without hiring_manager', 'owner', 'teamAdminAlpha'],
    ['a hiring manager of another team', 'owner', 'hmBeta'],
  ] as const)('refuses a contact person who is %s with NOT_HIRING_MANAGER', async (_case, creator, contact) => {
    const t = await setUp();
    const body = { teamId: t.alpha, title: 'Logo', freelancerName: 'Fran', ...(contact ? { contactPersonId: t[contact].id } : {}) };
    await expectRefused(server.db, await request(server, 'POST', api(t.contractsUrl), t[creator], body), 409, 'NOT_HIRING_MANAGER');
  });

  it('refuses a contact person who is not a member of the company with NOT_FOUND', async () => {
    const t = await setUp();
    const outsider = await makeUser(server.db);
    const body = { teamId: t.alpha, title: 'Logo', freelancerName: 'Fran', contactPersonId: outsider.id };
    await expectRefused(server.db, await request(server, 'POST', api(t.contractsUrl), t.admin, body), 404, 'NOT_FOUND');
  });

  it.each([
    ['a team admin of the team', 'teamAdminAlpha'],
    ['a recruiter of the team', 'plainAlpha'],
    ['a hiring manager of another team', 'hmBeta'],
  ] as const)('refuses %s with FORBIDDEN', async (_case, creator) => {
    const t = await setUp();
    const body = { teamId: t.alpha, title: 'Logo', freelancerName: 'Fran', contactPersonId: t.hmAlpha.id };
    await expectRefused(server.db, await request(server, 'POST', api(t.contractsUrl), t[creator], body), 403, 'FORBIDDEN');
  });

  it('refuses a contract in a hidden team with CONFLICT', async () => {
    const t = await setUp();
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', t.alpha).execute();
    const body = { teamId: t.alpha, title: 'Logo', freelancerName: 'Fran' };
    const res = await expectRefused(server.db, await request(server, 'POST', api(t.contractsUrl), t.hmAlpha, body), 409, 'CONFLICT');
    expect(res.json().detail).toMatch(/hidden/);
  });

  it.each([
    ['a missing title', { freelancerName: 'Fran' }],
    ['an empty freelancer name', { title: 'Logo', freelancerName: ' ' }],
    ['a title too long', { title: 'x'.repeat(201), freelancerName: 'Fran' }],
    ['an unknown field', { title: 'Logo', freelancerName: 'Fran', status: 'paused' }],
  ])('refuses %s with VALIDATION_FAILED', async (_case, body) => {
    const t = await setUp();
    await expectRefused(server.db, await request(server, 'POST', api(t.contractsUrl), t.hmAlpha, { teamId: t.alpha, ...body }), 400, 'VALIDATION_FAILED');
  });

  it('answers 404 for a team of another company, for a non-member, and 401 without a session', async () => {
    const t = await setUp();
    const other = await makeCompany(server);
    const theirs = await other.team('Theirs');
    const body = { teamId: t.alpha, title: 'Logo', freelancerName: 'Fran' };
    await expectRefused(server.db, await request(server, 'POST', api(t.contractsUrl), t.hmAlpha, { ...body, teamId: theirs }), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'POST', api(t.contractsUrl), other.owner, body), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'POST', api(t.contractsUrl), null, body), 401, 'UNAUTHENTICATED');
  });
});

describe('GET /companies/:companyId/contracts', () => {
  it('lists the contracts to any member, newest first, page by page', async () => {
    const t = await setUp();
    const made = [];
    for (const title of ['One', 'Two', 'Three']) {
      made.push(await t.contract(t.hmAlpha, t.alpha, title));
      server.clock.now = new Date(server.clock.now.getTime() + 1000);
    }
    const first = await call(server, 'GET', api(`${t.contractsUrl}?limit=2`), t.plainAlpha);
    expect(first.statusCode).toBe(200);
    expect(pageOf(first).items.map((c) => c.title)).toEqual(['Three', 'Two']);
    const cursor = pageOf(first).nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const second = await call(server, 'GET', api(`${t.contractsUrl}?limit=2&cursor=${cursor!}`), t.plainAlpha);
    expect(second.json()).toEqual({
      items: [expect.objectContaining({ id: made[0]!.id, title: 'One' })],
      nextCursor: null,
      policies: [{ contractId: made[0]!.id, can: expect.any(Object) }],
    });
  });

  it('pages through contracts created at the same instant by id', async () => {
    const t = await setUp();
    for (const title of ['A', 'B', 'C', 'D', 'E']) await t.contract(t.hmAlpha, t.alpha, title);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      expect(++pages).toBeLessThanOrEqual(3);
      const res = await call(server, 'GET', api(`${t.contractsUrl}?limit=2${cursor ? `&cursor=${cursor}` : ''}`), t.hmAlpha);
      seen.push(...pageOf(res).items.map((c) => c.id));
      cursor = pageOf(res).nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('filters by team, contact person and status', async () => {
    const t = await setUp();
    const alphaOne = await t.contract(t.hmAlpha, t.alpha);
    const betaOne = await t.contract(t.hmBeta, t.beta);
    const both = await t.contract(t.hmBoth, t.beta);
    await server.db.kysely.updateTable('contracts').set({ status: 'paused' }).where('id', '=', both.id).execute();
    const ids = async (query: string) =>
      pageOf(await call(server, 'GET', api(`${t.contractsUrl}?${query}`), t.plainAlpha))
        .items.map((c) => c.id)
        .sort();
    expect(await ids(`teamId=${t.alpha}`)).toEqual([alphaOne.id]);
    expect(await ids(`teamId=${t.beta}`)).toEqual([betaOne.id, both.id].sort());
    expect(await ids(`contactPersonId=${t.hmBoth.id}`)).toEqual([both.id]);
    expect(await ids('status=paused')).toEqual([both.id]);
    expect(await ids(`status=active&teamId=${t.beta}`)).toEqual([betaOne.id]);
  });

  it('answers 404 for a teamId filter naming a team of another company', async () => {
    const t = await setUp();
    const other = await makeCompany(server);
    const res = await call(server, 'GET', api(`${t.contractsUrl}?teamId=${other.defaultTeamId}`), t.owner);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });

  it('never lists the contracts of another company', async () => {
    const t = await setUp();
    const other = await makeCompany(server);
    const theirs = { teamId: other.defaultTeamId, title: 'Theirs', freelancerName: 'X' };
    await createContract(server.as(other.owner.id), other.company.id, theirs);
    const res = await call(server, 'GET', api(t.contractsUrl), t.owner);
    expect(res.json()).toEqual({ items: [], nextCursor: null, policies: [] });
  });

  it('names each contract\'s contact person, null once they are no member', async () => {
    const t = await setUp();
    const kept = await t.contract(t.hmAlpha, t.alpha, 'Kept');
    const left = await t.contract(t.hmBoth, t.beta, 'Left');
    expect((await call(server, 'PATCH', api(`${t.contractsUrl}/${left.id}`), t.owner, { status: 'ended' })).statusCode).toBe(200);
    expect((await call(server, 'DELETE', api(`/companies/${t.company.id}/members/${t.hmBoth.id}`), t.owner)).statusCode).toBe(204);
    const items = (await call(server, 'GET', api(t.contractsUrl), t.plainAlpha)).json<{ items: { id: string; contactPersonName: string | null }[] }>().items;
    expect(Object.fromEntries(items.map(({ id, contactPersonName }) => [id, contactPersonName]))).toEqual({
      [left.id]: null,
      [kept.id]: t.hmAlpha.name,
    });
  });

  // §4 "Contracts": what each member may do to each contract, by the policy the commands enforce.
  it.each([
    ['the owner', 'owner', { reassign: true, manage: true }],
    ['an admin', 'admin', { reassign: true, manage: true }],
    ['a team admin of its team (reassigns only)', 'teamAdminAlpha', { reassign: true, manage: false }],
    ['its contact person, a hiring manager there', 'hmAlpha', { reassign: true, manage: true }],
    ['another hiring manager of its team', 'hmBoth', { reassign: false, manage: true }],
    ['a hiring manager of another team', 'hmBeta', { reassign: false, manage: false }],
    ['a plain member of its team', 'plainAlpha', { reassign: false, manage: false }],
  ] as const)('tells %s what they may do to a contract (policies)', async (_case, viewer, expected) => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    const res = await call(server, 'GET', api(t.contractsUrl), t[viewer]);
    expect(res.json().policies).toEqual([
      { contractId: contract.id, can: { 'contract.reassign': expected.reassign, 'contract.manage': expected.manage } },
    ]);
  });

  it('offers nothing on an ended contract, which never changes again', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    expect((await call(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.owner, { status: 'ended' })).statusCode).toBe(200);
    const res = await call(server, 'GET', api(t.contractsUrl), t.owner);
    expect(res.json().policies).toEqual([{ contractId: contract.id, can: { 'contract.reassign': false, 'contract.manage': false } }]);
  });

  it.each([
    ['an unknown status', 'status=done'],
    ['a limit above 200', 'limit=201'],
    ['a limit of 0', 'limit=0'],
    ['a malformed cursor', 'cursor=not-a-cursor'],
    ['an unknown parameter', 'sort=title'],
  ])('refuses %s with VALIDATION_FAILED', async (_case, query) => {
    const t = await setUp();
    const res = await call(server, 'GET', api(`${t.contractsUrl}?${query}`), t.owner);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers 401 without a session and 404 to a non-member', async () => {
    const t = await setUp();
    const outsider = await makeUser(server.db);
    expect((await call(server, 'GET', api(t.contractsUrl), null)).statusCode).toBe(401);
    const res = await call(server, 'GET', api(t.contractsUrl), outsider);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});

describe('PATCH /companies/:companyId/contracts/:contractId — contact person', () => {
  it.each([
    ['the owner', 'owner'],
    ['an admin', 'admin'],
    ['a team admin of the team', 'teamAdminAlpha'],
    ['the current contact person', 'hmAlpha'],
  ] as const)('lets %s reassign the contact person, recorded as contract.contact_person_changed', async (_case, actor) => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    const res = await call(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t[actor], { contactPersonId: t.hmBoth.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().contract).toMatchObject({ id: contract.id, contactPersonId: t.hmBoth.id, teamId: t.alpha, status: 'active' });
    const events = await auditEvents(t.company.id);
    expect(events).toHaveLength(3);
    expect(events[2]).toMatchObject({
      type: 'contract.contact_person_changed',
      actorId: t[actor].id,
      targetId: contract.id,
      teamId: t.alpha,
    });
    expect(JSON.parse(events[2]!.data)).toEqual({
      before: { contactPersonId: t.hmAlpha.id },
      after: { contactPersonId: t.hmBoth.id },
    });
  });

  it.each([
    ['another hiring manager of the team', 'hmBoth'],
    ['a recruiter of the team', 'plainAlpha'],
    ['a hiring manager of another team', 'hmBeta'],
  ] as const)('refuses a reassignment by %s with FORBIDDEN', async (_case, actor) => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t[actor], { contactPersonId: t.hmBoth.id }), 403, 'FORBIDDEN');
  });

  it.each([
    ['a member of the team without hiring_manager', 'plainAlpha'],
    ['a team admin of the team', 'teamAdminAlpha'],
    ['a hiring manager of another team', 'hmBeta'],
    ['the owner, not a member of the team', 'owner'],
  ] as const)('refuses a new contact person who is %s with NOT_HIRING_MANAGER', async (_case, contact) => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    const body = { contactPersonId: t[contact].id };
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.admin, body), 409, 'NOT_HIRING_MANAGER');
  });

  it('refuses a new contact person who is not a member of the company with NOT_FOUND', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    const outsider = await makeUser(server.db);
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.admin, { contactPersonId: outsider.id }), 404, 'NOT_FOUND');
  });

  it('reassigns the contract of a hidden team, so that its people can be freed', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', t.alpha).execute();
    const res = await call(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.admin, { contactPersonId: t.hmBoth.id });
    expect(res.statusCode).toBe(200);
  });

  it('answers a reassignment to the current contact person with the contract and records nothing', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    const headers = await signedIn(server.db, t.admin);
    const before = await snapshot(server.db);
    const res = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1${t.contractsUrl}/${contract.id}`,
      headers,
      payload: { contactPersonId: t.hmAlpha.id },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().contract.contactPersonId).toBe(t.hmAlpha.id);
    expect(await snapshot(server.db)).toEqual(before);
  });
});

describe('PATCH /companies/:companyId/contracts/:contractId — move to another team', () => {
  it('lets a hiring manager of both teams move a contract whose contact person qualifies there, recorded as contract.moved', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmBoth, t.alpha);
    const res = await call(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.hmBoth, { teamId: t.beta });
    expect(res.statusCode).toBe(200);
    expect(res.json().contract).toMatchObject({ teamId: t.beta, contactPersonId: t.hmBoth.id });
    const events = await auditEvents(t.company.id);
    expect(events).toHaveLength(3);
    expect(events[2]).toMatchObject({ type: 'contract.moved', targetId: contract.id, teamId: t.beta });
    expect(JSON.parse(events[2]!.data)).toEqual({ before: { teamId: t.alpha }, after: { teamId: t.beta } });
  });

  it('moves and reassigns at once, recorded as one contract.moved event carrying both', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    const res = await call(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.admin, { teamId: t.beta, contactPersonId: t.hmBeta.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().contract).toMatchObject({ teamId: t.beta, contactPersonId: t.hmBeta.id });
    const events = await auditEvents(t.company.id);
    expect(events).toHaveLength(3);
    expect(events[2]!.type).toBe('contract.moved');
    expect(JSON.parse(events[2]!.data)).toEqual({
      before: { teamId: t.alpha, contactPersonId: t.hmAlpha.id },
      after: { teamId: t.beta, contactPersonId: t.hmBeta.id },
    });
  });

  it('refuses a move when the contact person does not qualify in the new team with NOT_HIRING_MANAGER', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.admin, { teamId: t.beta }), 409, 'NOT_HIRING_MANAGER');
    // The new contact person given with the move must qualify in the new team, not the old one.
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.admin, { teamId: t.beta, contactPersonId: t.plainAlpha.id }), 409, 'NOT_HIRING_MANAGER');
  });

  it.each([
    ['a hiring manager of the old team only', 'hmAlpha'],
    ['a team admin of the old team', 'teamAdminAlpha'],
  ] as const)('refuses a move by %s with FORBIDDEN', async (_case, actor) => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t[actor], { teamId: t.beta }), 403, 'FORBIDDEN');
  });

  it('refuses a move by a hiring manager of the new team only with FORBIDDEN', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmBoth, t.alpha);
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.hmBeta, { teamId: t.beta }), 403, 'FORBIDDEN');
  });

  it('refuses a move into a hidden team with CONFLICT', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmBoth, t.alpha);
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', t.beta).execute();
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.hmBoth, { teamId: t.beta }), 409, 'CONFLICT');
  });

  it('refuses a team of another company with NOT_FOUND', async () => {
    const t = await setUp();
    const other = await makeCompany(server);
    const contract = await t.contract(t.hmAlpha, t.alpha);
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.owner, { teamId: other.defaultTeamId }), 404, 'NOT_FOUND');
  });
});

describe('PATCH /companies/:companyId/contracts/:contractId — status', () => {
  it('pauses, resumes and ends a contract, each recorded; ending frees the contact person', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    const url = `${t.contractsUrl}/${contract.id}`;
    for (const [status, actor] of [['paused', t.hmAlpha], ['active', t.admin], ['ended', t.owner]] as const) {
      const res = await call(server, 'PATCH', api(url), actor, { status });
      expect(res.statusCode).toBe(200);
      expect(res.json().contract.status).toBe(status);
    }
    const events = await auditEvents(t.company.id);
    expect(events.map((event) => event.type)).toEqual([
      'company.created',
      'contract.created',
      'contract.paused',
      'contract.resumed',
      'contract.ended',
    ]);
    expect(JSON.parse(events[4]!.data)).toEqual({ before: { status: 'active' }, after: { status: 'ended' } });
    expect(await contractsBlockingRemoval(server.db.kysely, t.company.id, t.hmAlpha.id)).toEqual([]);
  });

  it('ends a paused contract', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    await call(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.hmAlpha, { status: 'paused' });
    const res = await call(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.hmAlpha, { status: 'ended' });
    expect(res.json().contract.status).toBe('ended');
  });

  it('answers a status the contract has already with the contract and records nothing', async () => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    await call(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.hmAlpha, { status: 'paused' });
    const headers = await signedIn(server.db, t.hmAlpha);
    const before = await snapshot(server.db);
    const res = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1${t.contractsUrl}/${contract.id}`,
      headers,
      payload: { status: 'paused' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().contract.status).toBe('paused');
    expect(await snapshot(server.db)).toEqual(before);
  });

  it.each([
    ['a reassignment', (t: Awaited<ReturnType<typeof setUp>>) => ({ contactPersonId: t.hmBoth.id })],
    ['a move', (t: Awaited<ReturnType<typeof setUp>>) => ({ teamId: t.beta })],
    ['a resumption', () => ({ status: 'active' })],
    ['ending it again', () => ({ status: 'ended' })],
  ])('refuses %s of an ended contract with CONFLICT', async (_case, body) => {
    const t = await setUp();
    const contract = await t.contract(t.hmBoth, t.alpha);
    await call(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.hmBoth, { status: 'ended' });
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.owner, body(t)), 409, 'CONFLICT');
  });

  it.each([
    ['a team admin of the team', 'teamAdminAlpha'],
    ['a recruiter of the team', 'plainAlpha'],
    ['a hiring manager of another team', 'hmBeta'],
  ] as const)('refuses a status change by %s with FORBIDDEN', async (_case, actor) => {
    const t = await setUp();
    const contract = await t.contract(t.hmAlpha, t.alpha);
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t[actor], { status: 'ended' }), 403, 'FORBIDDEN');
  });

  it.each([
    ['an empty body', () => ({})],
    ['a status with a reassignment', (t: Awaited<ReturnType<typeof setUp>>) => ({ status: 'paused', contactPersonId: t.hmBoth.id })],
    ['a status with a move', (t: Awaited<ReturnType<typeof setUp>>) => ({ status: 'ended', teamId: t.beta })],
    ['an unknown status', () => ({ status: 'cancelled' })],
    ['an unknown field', () => ({ title: 'New title' })],
  ])('refuses %s with VALIDATION_FAILED', async (_case, body) => {
    const t = await setUp();
    const contract = await t.contract(t.hmBoth, t.alpha);
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${contract.id}`), t.owner, body(t)), 400, 'VALIDATION_FAILED');
  });

  it('answers 404 for a contract of another company, for a non-member, and 401 without a session', async () => {
    const t = await setUp();
    const other = await makeCompany(server);
    const theirs = await createContract(server.as(other.owner.id), other.company.id, {
      teamId: other.defaultTeamId,
      title: 'Theirs',
      freelancerName: 'X',
    });
    const mine = await t.contract(t.hmAlpha, t.alpha);
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${theirs.id}`), t.owner, { status: 'ended' }), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${mine.id}`), other.owner, { status: 'ended' }), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'PATCH', api(`${t.contractsUrl}/${mine.id}`), null, { status: 'ended' }), 401, 'UNAUTHENTICATED');
  });
});
