import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import type { User } from '../../src/db/schema.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, TEST_PASSWORD } from '../support/factories.js';
import { expectRefused } from '../support/refusals.js';

const START = new Date('2026-01-05T10:00:00.000Z');
const MINUTE = 60_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ LOGIN_ATTEMPTS_PER_15_MIN: '1000' });
});
afterAll(() => server.close());
afterEach(() => {
  server.clock.now = new Date(START);
});

type Headers = Record<string, string>;
const at = (ms: number) => {
  server.clock.now = new Date(START.getTime() + ms);
};
const send = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) =>
  server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });

/** Signs in through the route at the test clock's time; returns the cookie header. */
async function logIn(user: User): Promise<Headers> {
  const res = await send('POST', '/api/v1/auth/login', {}, { email: user.email, password: TEST_PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]! };
}

const sessionOf = (headers: Headers) =>
  server.db.kysely
    .selectFrom('sessions')
    .selectAll()
    .where('tokenHash', '=', hashSecret(headers.cookie!.split('=')[1]!))
    .executeTakeFirstOrThrow();

const makeToken = (headers: Headers) => send('POST', '/api/v1/me/tokens', headers, { name: 'CI' });

describe('recent authentication', () => {
  it('lets a session make an API token for 10 minutes after signing in, and then refuses it unchanged', async () => {
    const cookie = await logIn(await makeUser(server.db));
    at(10 * MINUTE);
    expect((await makeToken(cookie)).statusCode).toBe(201);
    at(10 * MINUTE + 1);
    const refused = await expectRefused(server.db, () => makeToken(cookie), 403, 'REAUTHENTICATION_REQUIRED');
    expect(refused.json().reauthenticate).toBe('/api/v1/me/reauthenticate');
  });

  it('signing in again with the password moves the session’s moment, logs it, and allows the change again', async () => {
    const user = await makeUser(server.db);
    const cookie = await logIn(user);
    at(60 * MINUTE);
    await expectRefused(server.db, () => makeToken(cookie), 403, 'REAUTHENTICATION_REQUIRED');
    const again = await send('POST', '/api/v1/me/reauthenticate', cookie, { password: TEST_PASSWORD });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ authenticatedAt: server.clock.now.toISOString() });
    const session = await sessionOf(cookie);
    expect(session.authenticatedAt).toBe(server.clock.now.toISOString());
    expect(session.createdAt).toBe(START.toISOString());
    const events = await server.db.kysely.selectFrom('securityEvents').selectAll().where('userId', '=', user.id).execute();
    expect(events.map((event) => event.type)).toContain('session.reauthenticated');
    expect(JSON.parse(events.find((event) => event.type === 'session.reauthenticated')!.data)).toEqual({ sessionId: session.id });
    expect((await makeToken(cookie)).statusCode).toBe(201);
  });

  it('a wrong password changes nothing; an API token may not sign in again', async () => {
    const user = await makeUser(server.db);
    const cookie = await logIn(user);
    at(60 * MINUTE);
    await expectRefused(server.db, () => send('POST', '/api/v1/me/reauthenticate', cookie, { password: 'not the password' }), 403, 'FORBIDDEN');
    at(0);
    const made = await makeToken(cookie);
    const bearer = { authorization: `Bearer ${made.json<{ token: string }>().token}` };
    await expectRefused(server.db, () => send('POST', '/api/v1/me/reauthenticate', bearer, { password: TEST_PASSWORD }), 403, 'FORBIDDEN');
  });

  it('guards the ownership transfer, after the owner check and before the password', async () => {
    const acme = await makeCompany(server);
    const heir = await acme.member();
    const url = `/api/v1/companies/${acme.company.id}/ownership`;
    const owner = await logIn(acme.owner);
    const member = await logIn(heir);
    at(11 * MINUTE);
    // Not the owner: FORBIDDEN, whatever the session's age.
    await expectRefused(server.db, () => send('POST', url, member, { userId: heir.id, password: TEST_PASSWORD }), 403, 'FORBIDDEN');
    // Even a wrong password is not tested before the session proves itself.
    await expectRefused(server.db, () => send('POST', url, owner, { userId: heir.id, password: 'wrong' }), 403, 'REAUTHENTICATION_REQUIRED');
    await expectRefused(server.db, () => send('POST', url, owner, { userId: heir.id, password: TEST_PASSWORD }), 403, 'REAUTHENTICATION_REQUIRED');
    expect((await send('POST', '/api/v1/me/reauthenticate', owner, { password: TEST_PASSWORD })).statusCode).toBe(200);
    const moved = await send('POST', url, owner, { userId: heir.id, password: TEST_PASSWORD });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().company.ownerId).toBe(heir.id);
  });

  it('guards changing the password and the email: refused unchanged when the sign-in is old, allowed after signing in again', async () => {
    const user = await makeUser(server.db);
    const cookie = await logIn(user);
    at(11 * MINUTE);
    const changePassword = () => send('POST', '/api/v1/me/password', cookie, { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' });
    const changeEmail = () => send('POST', '/api/v1/me/email', cookie, { email: 'elsewhere@example.com' });
    await expectRefused(server.db, changePassword, 403, 'REAUTHENTICATION_REQUIRED');
    await expectRefused(server.db, changeEmail, 403, 'REAUTHENTICATION_REQUIRED');
    expect((await send('POST', '/api/v1/me/reauthenticate', cookie, { password: TEST_PASSWORD })).statusCode).toBe(200);
    const emailChange = await changeEmail();
    expect(emailChange.statusCode, emailChange.body).toBe(202);
    const passwordChange = await changePassword();
    expect(passwordChange.statusCode, passwordChange.body).toBe(200);
  });
});
