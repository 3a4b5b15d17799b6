import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/auth/secrets.js';
import { acceptInvitation } from '../../src/commands/accept-invitation.js';
import { createApiToken } from '../../src/commands/create-api-token.js';
import { createCompany } from '../../src/commands/create-company.js';
import { deletedEmail, DELETED_USER_NAME } from '../../src/commands/delete-account.js';
import type { User } from '../../src/db/schema.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn, snapshot, TEST_PASSWORD } from '../support/factories.js';
import { api, call, expectRefused } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

type Headers = Record<string, string>;
const send = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) =>
  server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
const deleteAccount = (headers: Headers, password = TEST_PASSWORD) => send('POST', api('/me/delete'), headers, { password });

async function contract(companyId: string, teamId: string, contactPersonId: string, status: 'active' | 'paused' | 'ended') {
  const id = newId();
  const now = new Date().toISOString();
  await server.db.kysely
    .insertInto('contracts')
    .values({ id, companyId, teamId, title: `Contract ${status}`, freelancerName: 'Fran', status, contactPersonId, createdAt: now, updatedAt: now })
    .execute();
  return id;
}

/** Invites `email` into the company's default team as its owner, through the route; returns the invitation's link token. */
async function invite(owner: User, companyId: string, teamId: string, email: string): Promise<string> {
  const res = await call(server, 'POST', api(`/companies/${companyId}/invitations`), owner, { emails: [email], teams: [{ teamId, roles: [] }] });
  expect(res.statusCode, res.body).toBe(201);
  await server.deliverMail();
  const text = server.mailTo(email).at(-1)?.text ?? '';
  const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no invitation link in ${text}`);
  return token;
}

const memberships = (userId: string) => server.db.kysely.selectFrom('companyMembers').select('companyId').where('userId', '=', userId).execute();

describe('deleting one’s account', () => {
  it('leaves every company (one audit event in each), ends sessions and tokens, and replaces the name and email where they are kept', async () => {
    const a = await makeCompany(server, 'Alpha');
    const b = await makeCompany(server, 'Beta');
    const c = await makeCompany(server, 'Gamma');
    const person = await a.member({ teams: { [a.defaultTeamId]: ['hiring_manager', 'team_admin'] }, companyRoles: ['admin'] }, { name: 'Dana Departing' });
    await b.member({}, {});
    await server.db.write(async (tx) => {
      // The person joins Beta as well, directly (as the factory does).
      await tx.insertInto('companyMembers').values({ companyId: b.company.id, userId: person.id, name: person.name, email: person.email, joinedAt: new Date().toISOString() }).execute();
      await tx.insertInto('teamMembers').values({ companyId: b.company.id, teamId: b.defaultTeamId, userId: person.id, name: person.name, joinedAt: new Date().toISOString() }).execute();
    });
    const endedContract = await contract(a.company.id, a.defaultTeamId, person.id, 'ended');
    // An invitation to the person's email from a company they are not in, and one the person sent.
    await invite(c.owner, c.company.id, c.defaultTeamId, person.email);
    await invite(person, a.company.id, a.defaultTeamId, 'newcomer@example.com');
    const session = await signedIn(server.db, person);
    const other = await signedIn(server.db, person);
    const token = await createApiToken({ ...server.as(person.id), signedInWith: 'session' }, { name: 'script' });

    const res = await deleteAccount(session);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ companiesLeft: 2 });
    expect(String(res.headers['set-cookie'])).toMatch(/roster_session=;/);

    // Signed out everywhere; no way back in.
    for (const headers of [session, other, { authorization: `Bearer ${token.token}` }]) expect((await send('GET', api('/me'), headers)).statusCode).toBe(401);
    expect((await send('POST', api('/auth/login'), {}, { email: person.email, password: TEST_PASSWORD })).statusCode).toBe(401);
    expect(await memberships(person.id)).toEqual([]);

    // One `member.left` in each company, by the person, keeping their id.
    const left = await server.db.kysely.selectFrom('auditEvents').selectAll().where('type', '=', 'member.left').where('targetId', '=', person.id).execute();
    expect(left.map((event) => [event.companyId, event.actorId]).sort()).toEqual([[a.company.id, person.id], [b.company.id, person.id]].sort());
    expect(JSON.parse(left.find((event) => event.companyId === a.company.id)!.data)).toEqual({
      scope: 'company',
      before: { companyRoles: ['admin'], teams: [{ teamId: a.defaultTeamId, roles: ['team_admin', 'hiring_manager'] }] },
      revokedInvitations: 1,
      accountDeleted: true,
    });

    // The row stays, as a tombstone; the email and name are gone from every table.
    const row = await server.db.kysely.selectFrom('users').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: DELETED_USER_NAME, email: deletedEmail(person.id), emailVerified: 0, deletedAt: server.clock.now.toISOString() });
    expect(row.passwordHash).not.toBe(person.passwordHash);
    const everything = JSON.stringify(await snapshot(server.db));
    expect(everything).not.toContain(person.email);
    expect(everything).not.toContain(person.name);
    // What points at the person still does.
    expect((await server.db.kysely.selectFrom('contracts').select('contactPersonId').where('id', '=', endedContract).executeTakeFirstOrThrow()).contactPersonId).toBe(person.id);
    const invitations = await server.db.kysely.selectFrom('invitations').select(['email', 'status', 'invitedBy']).where('companyId', 'in', [a.company.id, c.company.id]).execute();
    expect(invitations.map((i) => [i.email, i.status]).sort()).toEqual([[deletedEmail(person.id), 'revoked'], ['newcomer@example.com', 'revoked']].sort());

    // Their security log holds the deletion alone; sessions, tokens, verification links and the last active day (kept since they signed in) are gone.
    const security = await server.db.kysely.selectFrom('securityEvents').select(['type', 'data']).where('userId', '=', person.id).execute();
    expect(security).toEqual([{ type: 'account.deleted', data: JSON.stringify({ companiesLeft: 2 }) }]);
    for (const table of ['sessions', 'apiTokens', 'emailVerifications', 'userActivity'] as const) {
      expect(await server.db.kysely.selectFrom(table).select('userId').where('userId', '=', person.id).execute()).toEqual([]);
    }

    // The email is free again: a new account may be made with it.
    const again = await send('POST', api('/auth/signup'), {}, { email: person.email, name: 'Dana Again', password: 'a brand new passphrase' });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json<{ user: { id: string } }>().user.id).not.toBe(person.id);
  });

  it('is refused while the person owns a company, naming it, and changes nothing', async () => {
    const { company, owner } = await makeCompany(server, 'Owned');
    const session = await signedIn(server.db, owner);
    const res = await expectRefused(server.db, () => deleteAccount(session), 409, 'OWNER_CANNOT_BE_REMOVED');
    expect(res.json<{ companies: unknown }>().companies).toEqual([{ id: company.id, name: 'Owned' }]);
  });

  it('is refused while the person is the contact person of an active or paused contract, listing them all, and changes nothing', async () => {
    const a = await makeCompany(server, 'One');
    const b = await makeCompany(server, 'Two');
    const person = await a.member({ teams: { [a.defaultTeamId]: ['hiring_manager'] } });
    await server.db.write(async (tx) => {
      await tx.insertInto('companyMembers').values({ companyId: b.company.id, userId: person.id, name: person.name, email: person.email, joinedAt: new Date().toISOString() }).execute();
      await tx.insertInto('teamMembers').values({ companyId: b.company.id, teamId: b.defaultTeamId, userId: person.id, name: person.name, joinedAt: new Date().toISOString() }).execute();
      await tx.insertInto('teamMemberRoles').values({ companyId: b.company.id, teamId: b.defaultTeamId, userId: person.id, role: 'hiring_manager' }).execute();
    });
    const active = await contract(a.company.id, a.defaultTeamId, person.id, 'active');
    const paused = await contract(b.company.id, b.defaultTeamId, person.id, 'paused');
    await contract(a.company.id, a.defaultTeamId, person.id, 'ended');
    const session = await signedIn(server.db, person);
    const res = await expectRefused(server.db, () => deleteAccount(session), 409, 'CONTACT_PERSON_ON_ACTIVE_CONTRACT');
    const listed = res.json<{ contracts: { id: string; companyId: string; teamId: string; title: string }[] }>().contracts;
    expect(listed.map((item) => [item.id, item.companyId, item.teamId]).sort()).toEqual(
      [[active, a.company.id, a.defaultTeamId], [paused, b.company.id, b.defaultTeamId]].sort(),
    );
  });

  it('needs the person’s password and a signed-in session: a wrong password, a token or no sign-in change nothing', async () => {
    const keep = await makeCompany(server, 'Keep');
    const person = await keep.member();
    const session = await signedIn(server.db, person);
    const token = await createApiToken({ ...server.as(person.id), signedInWith: 'session' }, { name: 'script' });
    const bearer = { authorization: `Bearer ${token.token}` };
    expect((await send('GET', api('/me'), bearer)).statusCode).toBe(200);
    const before = await snapshot(server.db);
    await expectRefused(server.db, await deleteAccount(session, 'not the password'), 403, 'FORBIDDEN', before);
    await expectRefused(server.db, await deleteAccount(bearer), 403, 'FORBIDDEN', before);
    await expectRefused(server.db, await deleteAccount({}), 401, 'UNAUTHENTICATED', before);
    await expectRefused(server.db, await send('POST', api('/me/delete'), session, {}), 400, 'VALIDATION_FAILED', before);
    expect((await send('GET', api('/me'), session)).statusCode).toBe(200);
  });

  it('leaves a request of the account that was already under way nothing to add to: no company, token or membership', async () => {
    const c = await makeCompany(server, 'Inviting');
    const person = await makeUser(server.db);
    const link = await invite(c.owner, c.company.id, c.defaultTeamId, person.email);
    // Signed in before the deletion: the context of a request already past authentication.
    const asPerson = { ...server.as(person.id), signedInWith: 'session' as const };
    expect((await deleteAccount(await signedIn(server.db, person))).statusCode).toBe(200);
    const before = await snapshot(server.db);
    for (const late of [
      () => createCompany(asPerson, { name: 'Too late' }),
      () => createApiToken(asPerson, { name: 'too late' }),
      () => acceptInvitation(asPerson, link),
    ]) {
      await expect(late()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(await snapshot(server.db)).toEqual(before);
  });
});
