import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import { createContract } from '../../src/commands/create-contract.js';
import { scimCreateUser } from '../../src/commands/scim-create-user.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn, snapshot } from '../support/factories.js';
import { api, call, expectCommandRefused, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

type Tenant = Awaited<ReturnType<typeof makeCompany>>;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

async function tokenFor(tenant: Tenant): Promise<string> {
  const res = await call(server, 'POST', api(`/companies/${tenant.company.id}/scim-tokens`), tenant.owner, { name: 'IdP' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ token: string }>().token;
}

async function setup() {
  const tenant = await makeCompany(server);
  return { tenant, token: await tokenFor(tenant) };
}

/** A SCIM request with the token (and a body as application/scim+json). */
function scim(token: string | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}) {
  return () =>
    server.app.inject({
      method,
      url: `/scim/v2${path}`,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
}

/** A SCIM error with this status (and scimType, where given). */
function expectScimError(res: LightMyRequestResponse, status: number, scimType?: string): Record<string, unknown> {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
  const body = res.json<Record<string, unknown>>();
  expect(body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  expect(body.status).toBe(String(status));
  if (scimType !== undefined) expect(body.scimType).toBe(scimType);
  return body;
}

/** Proves a SCIM refusal: its status and scimType, and nothing changed. */
async function expectScimRefused(send: () => Promise<LightMyRequestResponse>, status: number, scimType?: string): Promise<Record<string, unknown>> {
  const before = await snapshot(server.db);
  const body = expectScimError(await send(), status, scimType);
  expect(await snapshot(server.db)).toEqual(before);
  return body;
}

async function createUser(
  token: string,
  userName: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Record<string, unknown> & { id: string }> {
  const res = await scim(token, 'POST', '/Users', { schemas: [USER], userName, name: { givenName: 'Ada', familyName: 'Lovelace' }, ...extra }, headers)();
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const patch = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });

describe('SCIM tokens', () => {
  it('the owner makes one, shown once and kept as a hash, lists it without the secret, and revokes it: SCIM answers 401 from then on', async () => {
    const tenant = await makeCompany(server);
    const url = api(`/companies/${tenant.company.id}/scim-tokens`);
    const made = await call(server, 'POST', url, tenant.owner, { name: '  Okta  ' });
    expect(made.statusCode, made.body).toBe(201);
    const { token, scimToken, endpoint } = made.json<{ token: string; scimToken: { id: string; name: string }; endpoint: string }>();
    expect(token).toMatch(/^rscim_[A-Za-z0-9_-]{43}$/);
    expect(scimToken.name).toBe('Okta');
    expect(endpoint).toBe('http://roster.test/scim/v2');
    const row = await server.db.kysely.selectFrom('scimTokens').selectAll().where('id', '=', scimToken.id).executeTakeFirstOrThrow();
    expect(row.tokenHash).toBe(hashSecret(token));
    expect(JSON.stringify(await snapshot(server.db))).not.toContain(token);

    const listed = await call(server, 'GET', url, tenant.owner);
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(token);
    expect(listed.json<{ items: { id: string; revokedAt: null }[] }>().items).toMatchObject([{ id: scimToken.id, revokedAt: null }]);

    expect((await scim(token, 'GET', '/Users')()).statusCode).toBe(200);
    const revoked = await call(server, 'DELETE', `${url}/${scimToken.id}`, tenant.owner);
    expect(revoked.statusCode).toBe(204);
    expectScimError(await scim(token, 'GET', '/Users')(), 401);
    expect((await call(server, 'GET', url, tenant.owner)).json<{ items: { revokedAt: string | null }[] }>().items[0]?.revokedAt).not.toBeNull();
    const events = await server.db.kysely.selectFrom('auditEvents').select(['type', 'actorId', 'targetId']).where('companyId', '=', tenant.company.id).orderBy('seq').execute();
    expect(events.slice(-2)).toEqual([
      { type: 'scim_token.created', actorId: tenant.owner.id, targetId: scimToken.id },
      { type: 'scim_token.revoked', actorId: tenant.owner.id, targetId: scimToken.id },
    ]);
  });

  it('is the owner’s alone: an admin is refused 403, a non-member 404, an API token 403, and nothing changes', async () => {
    const tenant = await makeCompany(server);
    const admin = await tenant.member({ companyRoles: ['admin'] });
    const outsider = await makeUser(server.db);
    const url = api(`/companies/${tenant.company.id}/scim-tokens`);
    await expectRefused(server.db, await request(server, 'POST', url, admin, { name: 'x' }), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'GET', url, admin), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'POST', url, outsider, { name: 'x' }), 404, 'NOT_FOUND');
    const apiToken = (await call(server, 'POST', api('/me/tokens'), tenant.owner, { name: 'script' })).json<{ token: string }>().token;
    await expectRefused(server.db, await request(server, 'POST', url, { authorization: `Bearer ${apiToken}` }, { name: 'x' }), 403, 'FORBIDDEN');
    const token = await tokenFor(tenant);
    const id = (await call(server, 'GET', url, tenant.owner)).json<{ items: { id: string }[] }>().items[0]?.id ?? '';
    await expectRefused(server.db, await request(server, 'DELETE', `${url}/${id}`, admin), 403, 'FORBIDDEN');
    const other = await makeCompany(server);
    await expectRefused(server.db, await request(server, 'DELETE', api(`/companies/${other.company.id}/scim-tokens/${id}`), other.owner), 404, 'NOT_FOUND');
    expect((await scim(token, 'GET', '/Users')()).statusCode).toBe(200);
  });

  it('an old sign-in must sign in again to make one (403 REAUTHENTICATION_REQUIRED), nothing made', async () => {
    const tenant = await makeCompany(server);
    const headers = await signedIn(server.db, tenant.owner);
    server.clock.now = new Date(Date.now() + 3_600_000);
    try {
      await expectRefused(server.db, await request(server, 'POST', api(`/companies/${tenant.company.id}/scim-tokens`), headers, { name: 'x' }), 403, 'REAUTHENTICATION_REQUIRED');
    } finally {
      server.clock.now = new Date('2026-01-05T10:00:00.000Z');
    }
  });
});

describe('SCIM authentication and errors', () => {
  it('answers 401 in SCIM’s form without a token, with an API token, with an unknown one', async () => {
    const tenant = await makeCompany(server);
    const apiToken = (await call(server, 'POST', api('/me/tokens'), tenant.owner, { name: 'script' })).json<{ token: string }>().token;
    for (const token of [null, apiToken, 'rscim_unknown']) {
      const res = await scim(token, 'GET', '/Users')();
      expectScimError(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    await expectScimRefused(scim(null, 'POST', '/Users', { schemas: [USER], userName: 'x@example.com' }), 401);
  });

  it('a token revoked while a request waited for the company’s lock changes nothing (the command reads it again)', async () => {
    const { tenant, token } = await setup();
    const row = await server.db.kysely.selectFrom('scimTokens').select('id').where('tokenHash', '=', hashSecret(token)).executeTakeFirstOrThrow();
    expect((await call(server, 'DELETE', api(`/companies/${tenant.company.id}/scim-tokens/${row.id}`), tenant.owner)).statusCode).toBe(204);
    const input = { email: 'late@example.com', name: 'Late', givenName: null, familyName: null, externalId: null, active: true };
    await expectCommandRefused(server.db, () => scimCreateUser(server.as(null), { tokenId: row.id, companyId: tenant.company.id }, input), 'UNAUTHENTICATED');
  });

  it('sees only its own company: another company’s member and team are 404', async () => {
    const a = await setup();
    const b = await setup();
    const bMember = await b.tenant.member();
    expectScimError(await scim(a.token, 'GET', `/Users/${bMember.id}`)(), 404);
    expectScimError(await scim(a.token, 'GET', `/Groups/${b.tenant.defaultTeamId}`)(), 404);
    await expectScimRefused(scim(a.token, 'DELETE', `/Users/${bMember.id}`), 404);
    await expectScimRefused(scim(a.token, 'PATCH', `/Groups/${b.tenant.defaultTeamId}`, patch({ op: 'add', path: 'members', value: [{ value: bMember.id }] })), 404);
    const list = (await scim(a.token, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${bMember.email}"`)}`)()).json<{ totalResults: number }>();
    expect(list.totalResults).toBe(0);
  });

  it('refuses a malformed body (invalidSyntax), a body that is not JSON, an unknown endpoint, all in SCIM’s form', async () => {
    const { token } = await setup();
    await expectScimRefused(scim(token, 'POST', '/Users', { userName: 'x@example.com' }), 400, 'invalidSyntax');
    await expectScimRefused(scim(token, 'PATCH', '/Users/x', { schemas: ['nope'], Operations: [] }), 400, 'invalidSyntax');
    const notJson = await server.app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, payload: '{' });
    expectScimError(notJson, 400, 'invalidSyntax');
    const text = await server.app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, payload: 'x' });
    expectScimError(text, 415);
    expectScimError(await scim(token, 'GET', '/Nothing')(), 404);
    await expectScimRefused(scim(token, 'POST', '/Users', { schemas: [USER], userName: 'not an email' }), 400, 'invalidValue');
    const ada = await createUser(token, 'paths@example.com');
    await expectScimRefused(scim(token, 'PATCH', `/Users/${ada.id}`, patch({ op: 'replace', path: 'nosuch.attribute', value: 'x' })), 400);
    await expectScimRefused(scim(token, 'PATCH', `/Users/${ada.id}`, patch({ op: 'replace', path: 'active', value: 'perhaps' })), 400);
    await expectScimRefused(scim(token, 'PATCH', `/Users/${ada.id}`, patch({ op: 'frobnicate', path: 'active', value: true })), 400);
  });

  it('describes itself: ServiceProviderConfig (patch, filter with its maximum, etag), Schemas, ResourceTypes', async () => {
    const { token } = await setup();
    const config = (await scim(token, 'GET', '/ServiceProviderConfig')()).json<Record<string, { supported: boolean; maxResults?: number }>>();
    expect(config.patch?.supported).toBe(true);
    expect(config.filter).toEqual({ supported: true, maxResults: 200 });
    expect(config.etag?.supported).toBe(true);
    expect(config.bulk?.supported).toBe(false);
    const schemas = (await scim(token, 'GET', '/Schemas')()).json<{ Resources: { id: string }[] }>();
    expect(schemas.Resources.map((s) => s.id)).toEqual([USER, GROUP]);
    expect((await scim(token, 'GET', `/Schemas/${USER}`)()).statusCode).toBe(200);
    const types = (await scim(token, 'GET', '/ResourceTypes')()).json<{ Resources: { id: string; endpoint: string }[] }>();
    expect(types.Resources.map((t) => [t.id, t.endpoint])).toEqual([['User', '/Users'], ['Group', '/Groups']]);
    expect((await scim(token, 'GET', '/ResourceTypes/Group')()).statusCode).toBe(200);
  });
});

describe('SCIM Users', () => {
  it('creates an account with a verified email and no password, in the default team with no roles; signing in with a password fails', async () => {
    const { tenant, token } = await setup();
    // The directory's request speaks for no one's language: the account has none until its holder chooses.
    const user = await createUser(token, '  Ada.Lovelace@Example.COM ', { externalId: 'ext-1' }, { 'accept-language': 'de' });
    expect(user.userName).toBe('ada.lovelace@example.com');
    const account = await server.db.kysely.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(account).toMatchObject({ email: 'ada.lovelace@example.com', name: 'Ada Lovelace', emailVerified: 1, passwordHash: '!', language: null });
    const teams = await server.db.kysely.selectFrom('teamMembers').select('teamId').where('userId', '=', user.id).execute();
    expect(teams).toEqual([{ teamId: tenant.defaultTeamId }]);
    expect(await server.db.kysely.selectFrom('teamMemberRoles').select('role').where('userId', '=', user.id).execute()).toEqual([]);
    expect((await call(server, 'POST', api('/auth/login'), null, { email: 'ada.lovelace@example.com', password: '!' })).statusCode).toBe(401);
    expect(user.groups).toEqual([{ value: tenant.defaultTeamId, display: 'General', $ref: `http://roster.test/scim/v2/Groups/${tenant.defaultTeamId}` }]);
  });

  it('refuses a member’s email (409 uniqueness) and an unverified account’s, changing nothing; links a verified account without taking it over', async () => {
    const { tenant, token } = await setup();
    const member = await tenant.member();
    await expectScimRefused(scim(token, 'POST', '/Users', { schemas: [USER], userName: member.email.toUpperCase() }), 409, 'uniqueness');
    const unverified = await makeUser(server.db);
    await server.db.kysely.updateTable('users').set({ emailVerified: 0 }).where('id', '=', unverified.id).execute();
    await expectScimRefused(scim(token, 'POST', '/Users', { schemas: [USER], userName: unverified.email }), 409, 'uniqueness');

    const existing = await makeUser(server.db, { name: 'Grace Hopper' });
    const linked = await createUser(token, existing.email, { displayName: 'Someone Else' });
    expect(linked.id).toBe(existing.id);
    expect(linked.displayName).toBe('Grace Hopper');
    // Their account is theirs: SCIM keeps its own names, and may not change the email.
    const renamed = await scim(token, 'PATCH', `/Users/${existing.id}`, patch({ op: 'replace', path: 'displayName', value: 'Other' }))();
    expect(renamed.json<{ displayName: string }>().displayName).toBe('Grace Hopper');
    await expectScimRefused(scim(token, 'PATCH', `/Users/${existing.id}`, patch({ op: 'replace', path: 'userName', value: 'new@example.com' })), 400, 'mutability');
    const created = await server.db.kysely.selectFrom('auditEvents').select('data').where('companyId', '=', tenant.company.id).where('type', '=', 'member.provisioned').where('targetId', '=', existing.id).executeTakeFirstOrThrow();
    expect(JSON.parse(created.data)).toMatchObject({ accountCreated: false, via: 'scim' });
  });

  it('filters by userName (any case), emails.value and externalId, and refuses other filters with invalidFilter', async () => {
    const { token } = await setup();
    const ada = await createUser(token, 'ada@example.com', { externalId: 'E-1' });
    await createUser(token, 'bob@example.com', { externalId: 'E-2' });
    const ids = async (filter: string) =>
      (await scim(token, 'GET', `/Users?filter=${encodeURIComponent(filter)}`)()).json<{ Resources: { id: string }[] }>().Resources.map((r) => r.id);
    expect(await ids('userName eq "ADA@example.com"')).toEqual([ada.id]);
    expect(await ids('emails.value eq "ada@example.com"')).toEqual([ada.id]);
    expect(await ids('externalId eq "E-1"')).toEqual([ada.id]);
    expect(await ids('externalId eq "e-1"')).toEqual([]);
    expect(await ids('userName eq "ada@example.com" and externalId eq "E-1"')).toEqual([ada.id]);
    for (const filter of ['userName co "ada"', 'userName eq "a" or userName eq "b"', 'displayName eq "Ada"', 'not (userName eq "a")', 'userName eq', 'emails[type eq "work"]']) {
      expectScimError(await scim(token, 'GET', `/Users?filter=${encodeURIComponent(filter)}`)(), 400, 'invalidFilter');
    }
  });

  it('pages by startIndex and count, the count capped at 200', async () => {
    const { token } = await setup();
    for (const n of [1, 2, 3, 4]) await createUser(token, `p${n}@example.com`);
    const page = async (query: string) =>
      (await scim(token, 'GET', `/Users?${query}`)()).json<{ totalResults: number; startIndex: number; itemsPerPage: number; Resources: { id: string }[] }>();
    const all = await page('');
    expect(all.totalResults).toBe(5); // the owner too
    const second = await page('startIndex=3&count=2');
    expect(second).toMatchObject({ totalResults: 5, startIndex: 3, itemsPerPage: 2 });
    expect(second.Resources.map((r) => r.id)).toEqual(all.Resources.slice(2, 4).map((r) => r.id));
    expect((await page('count=0')).Resources).toEqual([]);
    expect((await page('startIndex=0&count=1000')).itemsPerPage).toBe(5);
    expect((await page('startIndex=5&count=10')).itemsPerPage).toBe(1);
  });

  it('answers ETags: If-Match with another version is 412 and changes nothing; with the version, the change is made and the version moves', async () => {
    const { token } = await setup();
    const ada = await createUser(token, 'etag@example.com');
    const got = await scim(token, 'GET', `/Users/${ada.id}`)();
    const version = got.headers.etag as string;
    expect(version).toBe(got.json<{ meta: { version: string } }>().meta.version);
    await expectScimRefused(scim(token, 'PATCH', `/Users/${ada.id}`, patch({ op: 'replace', path: 'externalId', value: 'x' }), { 'if-match': 'W/"old"' }), 412);
    await expectScimRefused(scim(token, 'PUT', `/Users/${ada.id}`, { schemas: [USER], userName: 'etag@example.com' }, { 'if-match': 'W/"old"' }), 412);
    const changed = await scim(token, 'PATCH', `/Users/${ada.id}`, patch({ op: 'replace', path: 'externalId', value: 'x' }), { 'if-match': version })();
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).not.toBe(version);
    expect(changed.json<{ meta: { lastModified: string; created: string; location: string; resourceType: string } }>().meta).toMatchObject({
      resourceType: 'User',
      location: `http://roster.test/scim/v2/Users/${ada.id}`,
    });
  });

  it('a change that changes nothing writes nothing; a change is one audit event with before and after', async () => {
    const { tenant, token } = await setup();
    const ada = await createUser(token, 'same@example.com', { externalId: 'E' });
    const before = await snapshot(server.db);
    const same = await scim(token, 'PATCH', `/Users/${ada.id}`, patch({ op: 'replace', path: 'externalId', value: 'E' }))();
    expect(same.statusCode).toBe(200);
    expect(await snapshot(server.db)).toEqual(before);
    await scim(token, 'PATCH', `/Users/${ada.id}`, patch({ op: 'replace', path: 'name.givenName', value: 'Augusta' }))();
    const event = await server.db.kysely.selectFrom('auditEvents').select(['type', 'data']).where('companyId', '=', tenant.company.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(event.type).toBe('member.scim_updated');
    expect(JSON.parse(event.data)).toMatchObject({ before: { givenName: 'Ada', name: 'Ada Lovelace' }, after: { givenName: 'Augusta', name: 'Augusta Lovelace' }, via: 'scim' });
  });

  it('active:false suspends (their session reads the company as 404), active:true reinstates; the owner is never suspended', async () => {
    const { tenant, token } = await setup();
    const member = await tenant.member();
    const headers = await signedIn(server.db, member);
    expect((await call(server, 'GET', api(`/companies/${tenant.company.id}`), headers)).statusCode).toBe(200);
    const off = await scim(token, 'PATCH', `/Users/${member.id}`, patch({ op: 'Replace', path: 'active', value: 'False' }))();
    expect(off.json<{ active: boolean }>().active).toBe(false);
    expect((await call(server, 'GET', api(`/companies/${tenant.company.id}`), headers)).statusCode).toBe(404);
    const types = async () => (await server.db.kysely.selectFrom('auditEvents').select('type').where('targetId', '=', member.id).orderBy('seq').execute()).map((e) => e.type);
    expect((await types()).slice(-1)).toEqual(['member.suspended']);
    // A PUT that leaves `active` out leaves the suspension as it is.
    const put = await scim(token, 'PUT', `/Users/${member.id}`, { schemas: [USER], userName: member.email, externalId: 'kept' })();
    expect(put.json<{ active: boolean; externalId: string }>()).toMatchObject({ active: false, externalId: 'kept' });
    await scim(token, 'PATCH', `/Users/${member.id}`, patch({ op: 'replace', value: { active: true } }))();
    expect((await call(server, 'GET', api(`/companies/${tenant.company.id}`), headers)).statusCode).toBe(200);
    expect((await types()).slice(-1)).toEqual(['member.reinstated']);
    await expectScimRefused(scim(token, 'PATCH', `/Users/${tenant.owner.id}`, patch({ op: 'replace', path: 'active', value: false })), 409);
    const inactive = await createUser(token, 'inactive@example.com', { active: false });
    expect(inactive.active).toBe(false);
  });

  it('DELETE removes from the company; the owner and a contact person are refused 409 (the contracts named), nothing changed', async () => {
    const { tenant, token } = await setup();
    const hm = await tenant.member({ teams: { [tenant.defaultTeamId]: ['hiring_manager'] } });
    const contract = await createContract(server.as(hm.id), tenant.company.id, { teamId: tenant.defaultTeamId, title: 'Logo design', freelancerName: 'F' });
    const refused = await expectScimRefused(scim(token, 'DELETE', `/Users/${hm.id}`), 409);
    expect(refused.detail).toContain('Logo design');
    expect(refused.contracts).toEqual([{ id: contract.id, title: 'Logo design', teamId: tenant.defaultTeamId }]);
    await expectScimRefused(scim(token, 'DELETE', `/Users/${tenant.owner.id}`), 409);
    const member = await tenant.member();
    expect((await scim(token, 'DELETE', `/Users/${member.id}`)()).statusCode).toBe(204);
    expect(await server.db.kysely.selectFrom('companyMembers').select('userId').where('userId', '=', member.id).execute()).toEqual([]);
    const event = await server.db.kysely.selectFrom('auditEvents').select(['type', 'actorId']).where('targetId', '=', member.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(event).toEqual({ type: 'member.removed_from_company', actorId: tenant.owner.id });
  });

  it('two creations of one userName at once: one is made, the other 409 uniqueness, one member and one account', async () => {
    const { tenant, token } = await setup();
    const body = { schemas: [USER], userName: 'twice@example.com' };
    const answers = await Promise.all([scim(token, 'POST', '/Users', body)(), scim(token, 'POST', '/Users', body)()]);
    expect(answers.map((res) => res.statusCode).sort()).toEqual([201, 409]);
    const accounts = await server.db.kysely.selectFrom('users').select('id').where('email', '=', 'twice@example.com').execute();
    expect(accounts).toHaveLength(1);
    const members = await server.db.kysely.selectFrom('companyMembers').select('userId').where('companyId', '=', tenant.company.id).where('email', '=', 'twice@example.com').execute();
    expect(members).toHaveLength(1);
  });

  it('changes the email of an account it made (409 uniqueness for another account’s)', async () => {
    const { token } = await setup();
    const ada = await createUser(token, 'before@example.com');
    const other = await makeUser(server.db);
    await expectScimRefused(scim(token, 'PATCH', `/Users/${ada.id}`, patch({ op: 'replace', path: 'userName', value: other.email })), 409, 'uniqueness');
    const moved = await scim(token, 'PATCH', `/Users/${ada.id}`, patch({ op: 'replace', path: 'userName', value: 'After@example.com' }))();
    expect(moved.json<{ userName: string }>().userName).toBe('after@example.com');
    expect((await server.db.kysely.selectFrom('users').select('email').where('id', '=', ada.id).executeTakeFirstOrThrow()).email).toBe('after@example.com');
  });
});

describe('SCIM Groups', () => {
  it('refuses by the rules of teams, changing nothing: a taken name, a non-member, the owner out of the default team, a contact person out of the team, deleting the default team', async () => {
    const { tenant, token } = await setup();
    await tenant.team('Design');
    await expectScimRefused(scim(token, 'POST', '/Groups', { schemas: [GROUP], displayName: 'design' }), 409, 'uniqueness');
    const group = (await scim(token, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Engineering' })()).json<{ id: string }>();
    await expectScimRefused(scim(token, 'PATCH', `/Groups/${group.id}`, patch({ op: 'replace', path: 'displayName', value: 'DESIGN' })), 409, 'uniqueness');
    const outsider = await makeUser(server.db);
    await expectScimRefused(scim(token, 'PATCH', `/Groups/${group.id}`, patch({ op: 'add', path: 'members', value: [{ value: outsider.id }] })), 400, 'invalidValue');
    await expectScimRefused(scim(token, 'PATCH', `/Groups/${tenant.defaultTeamId}`, patch({ op: 'remove', path: `members[value eq "${tenant.owner.id}"]` })), 409);
    const hm = await tenant.member({ teams: { [tenant.defaultTeamId]: [], [group.id]: ['hiring_manager'] } });
    await createContract(server.as(hm.id), tenant.company.id, { teamId: group.id, title: 'Backend', freelancerName: 'F' });
    const refused = await expectScimRefused(scim(token, 'PATCH', `/Groups/${group.id}`, patch({ op: 'remove', path: 'members', value: [{ value: hm.id }] })), 409);
    expect(refused.code).toBe('CONTACT_PERSON_ON_ACTIVE_CONTRACT');
    await expectScimRefused(scim(token, 'DELETE', `/Groups/${tenant.defaultTeamId}`), 409);
  });

  it('removing a member from their last team takes them out of the company, one audit event saying so', async () => {
    const { tenant, token } = await setup();
    const group = (await scim(token, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Solo' })()).json<{ id: string }>();
    const member = await tenant.member({ teams: { [group.id]: [] } });
    const res = await scim(token, 'PATCH', `/Groups/${group.id}`, patch({ op: 'remove', path: `members[value eq "${member.id}"]` }))();
    expect(res.statusCode, res.body).toBe(200);
    expect(await server.db.kysely.selectFrom('companyMembers').select('userId').where('userId', '=', member.id).execute()).toEqual([]);
    const event = await server.db.kysely.selectFrom('auditEvents').select(['type', 'teamId', 'data']).where('companyId', '=', tenant.company.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(event.type).toBe('team.scim_updated');
    expect(JSON.parse(event.data)).toMatchObject({ removed: [member.id], leftCompany: [member.id], added: [] });
  });

  it('PUT renames and, with members, replaces them; without members leaves them; If-Match guards it', async () => {
    const { tenant, token } = await setup();
    const a = await tenant.member();
    const b = await tenant.member();
    const created = (await scim(token, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Ops', members: [{ value: a.id }] })()).json<{ id: string; meta: { version: string } }>();
    const kept = await scim(token, 'PUT', `/Groups/${created.id}`, { schemas: [GROUP], displayName: 'Operations' })();
    expect(kept.json<{ members: { value: string }[]; displayName: string }>()).toMatchObject({ displayName: 'Operations', members: [{ value: a.id }] });
    await expectScimRefused(scim(token, 'PUT', `/Groups/${created.id}`, { schemas: [GROUP], displayName: 'X', members: [] }, { 'if-match': created.meta.version }), 412);
    const replaced = await scim(token, 'PUT', `/Groups/${created.id}`, { schemas: [GROUP], displayName: 'Operations', members: [{ value: b.id }] }, { 'if-match': kept.headers.etag as string })();
    expect(replaced.json<{ members: { value: string }[] }>().members.map((m) => m.value)).toEqual([b.id]);
    const filtered = (await scim(token, 'GET', `/Groups?filter=${encodeURIComponent('displayName eq "operations"')}`)()).json<{ totalResults: number }>();
    expect(filtered.totalResults).toBe(1);
    expectScimError(await scim(token, 'GET', `/Groups?filter=${encodeURIComponent('displayName sw "O"')}`)(), 400, 'invalidFilter');
  });

  it('DELETE hides the team: it keeps its members, SCIM no longer lists it', async () => {
    const { tenant, token } = await setup();
    const group = (await scim(token, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Temp' })()).json<{ id: string }>();
    const member = await tenant.member({ teams: { [tenant.defaultTeamId]: [], [group.id]: [] } });
    expect((await scim(token, 'DELETE', `/Groups/${group.id}`)()).statusCode).toBe(204);
    const team = await server.db.kysely.selectFrom('teams').select('hidden').where('id', '=', group.id).executeTakeFirstOrThrow();
    expect(team.hidden).toBe(1);
    expect(await server.db.kysely.selectFrom('teamMembers').select('userId').where('teamId', '=', group.id).execute()).toEqual([{ userId: member.id }]);
    const list = (await scim(token, 'GET', '/Groups')()).json<{ Resources: { id: string }[] }>();
    expect(list.Resources.map((g) => g.id)).toEqual([tenant.defaultTeamId]);
  });
});
