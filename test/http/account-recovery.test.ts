import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import { workAfterAnswers } from '../../src/http/after-answer.js';
import { linkToken, startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, snapshot, TEST_PASSWORD } from '../support/factories.js';
import { expectRefused } from '../support/refusals.js';

const START = new Date('2026-01-05T10:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NEW_PASSWORD = 'a brand new passphrase';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.clock.now = new Date(START);
});

type Headers = Record<string, string>;
const at = (ms: number) => {
  server.clock.now = new Date(START.getTime() + ms);
};
let addressCounter = 1;
/** A client address of its own for each test, so that the per-address limits of one test do not reach another. */
const freshAddress = () => `198.51.100.${addressCounter++}`;
const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers = {}, payload?: object, remoteAddress = '192.0.2.1') =>
  server.app.inject({ method, url, headers, remoteAddress, ...(payload === undefined ? {} : { payload }) });
const me = (headers: Headers) => send('GET', '/api/v1/me', headers);

async function logIn(email: string, password = TEST_PASSWORD): Promise<Headers> {
  const res = await send('POST', '/api/v1/auth/login', {}, { email, password });
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]! };
}
const logInStatus = async (email: string, password: string) => (await send('POST', '/api/v1/auth/login', {}, { email, password })).statusCode;

/** Asks for a reset and waits for the work done after the answer. */
async function forgot(email: string, remoteAddress = freshAddress()) {
  const res = await send('POST', '/api/v1/auth/forgot-password', {}, { email }, remoteAddress);
  await workAfterAnswers(server.services);
  return res;
}

/** The newest delivered mail to the address whose text holds `/path/`. */
async function mailed(address: string, path: string) {
  await server.deliverMail();
  const mail = server.mailTo(address).filter((message) => message.text.includes(`/${path}/`)).at(-1);
  if (!mail) throw new Error(`no /${path}/ mail to ${address}`);
  return { mail, token: linkToken(mail, path) };
}
async function notices(address: string, subject: RegExp) {
  await server.deliverMail();
  return server.mailTo(address).filter((message) => subject.test(message.headers.get('subject') ?? ''));
}

/** The user's security log but for sign-ins (test/http/two-factor.test.ts follows those). */
const eventsOf = async (userId: string) =>
  (
    await server.db.kysely
      .selectFrom('securityEvents')
      .select(['type', 'data'])
      .where('userId', '=', userId)
      .where('type', 'not like', 'sign_in.%')
      .orderBy('createdAt')
      .execute()
  ).map(
    (event) => ({ type: event.type, data: JSON.parse(event.data) as unknown }),
  );
const userRow = (id: string) => server.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('asking for a password reset', () => {
  it('answers 202 alike, with no body, whether or not the email has an account; mails only the account', async () => {
    const user = await makeUser(server.db);
    const before = await snapshot(server.db);
    const unknown = await forgot('nobody-here@example.com');
    expect(await snapshot(server.db)).toEqual(before);
    const known = await forgot(user.email);
    for (const res of [unknown, known]) {
      expect(res.statusCode).toBe(202);
      expect(res.body).toBe('');
    }
    const headers = (res: typeof known) => Object.keys(res.headers).filter((name) => !['x-request-id', 'date'].includes(name)).sort();
    expect(headers(known)).toEqual(headers(unknown));
    expect(headers(known).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);

    const { mail, token } = await mailed(user.email, 'reset-password');
    expect(mail.headers.get('subject')).toBe('Reset your Roster password');
    expect(mail.text).toContain(`http://roster.test/reset-password/${token}\n`);
    expect(server.mailTo('nobody-here@example.com')).toEqual([]);
    // 256 random bits; only their hash is stored.
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const rows = await server.db.kysely.selectFrom('passwordResets').selectAll().where('userId', '=', user.id).execute();
    expect(rows).toEqual([
      { tokenHash: hashSecret(token), userId: user.id, email: user.email, createdAt: START.toISOString(), expiresAt: new Date(START.getTime() + HOUR).toISOString(), usedAt: null },
    ]);
    expect(JSON.stringify(await snapshot(server.db))).not.toContain(token);
    expect(await eventsOf(user.id)).toEqual([{ type: 'password.reset_requested', data: {} }]);
  });

  it('refuses a malformed email with 400, and changes nothing', async () => {
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/forgot-password', {}, { email: 'not an email' }), 400, 'VALIDATION_FAILED');
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/forgot-password', {}, { email: 'a@example.com', extra: 1 }), 400, 'VALIDATION_FAILED');
  });

  it('replaces the earlier link: only the newest works', async () => {
    const user = await makeUser(server.db);
    await forgot(user.email);
    const first = (await mailed(user.email, 'reset-password')).token;
    at(MINUTE);
    await forgot(user.email);
    const second = (await mailed(user.email, 'reset-password')).token;
    expect(second).not.toBe(first);
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/reset-password', {}, { token: first, password: NEW_PASSWORD }), 404, 'NOT_FOUND');
    expect((await send('POST', '/api/v1/auth/reset-password', {}, { token: second, password: NEW_PASSWORD })).statusCode).toBe(204);
  });

  it('is limited per email asked for, known or not, and per address: 429 with Retry-After, nothing written', async () => {
    const user = await makeUser(server.db);
    for (const email of [user.email, 'unknown-limited@example.com']) {
      for (let i = 0; i < 5; i++) expect((await forgot(email)).statusCode).toBe(202);
      const before = await snapshot(server.db);
      const refused = await send('POST', '/api/v1/auth/forgot-password', {}, { email }, freshAddress());
      await workAfterAnswers(server.services);
      await expectRefused(server.db, refused, 429, 'RATE_LIMITED', before);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    const address = freshAddress();
    for (let i = 0; i < 20; i++) expect((await forgot(`many-${i}@example.com`, address)).statusCode).toBe(202);
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('POST', '/api/v1/auth/forgot-password', {}, { email: `other-${user.email}` }, address), 429, 'RATE_LIMITED', before);
  });
});

describe('resetting the password with the link', () => {
  it('sets the password, ends every session, starts none, verifies the email and mails a notice', async () => {
    const user = await makeUser(server.db);
    await server.db.kysely.updateTable('users').set({ emailVerified: 0 }).where('id', '=', user.id).execute();
    const sessions = [await logIn(user.email), await logIn(user.email)];
    const token = await makeApiToken(sessions[0]!);
    at(MINUTE);
    await forgot(user.email);
    const link = (await mailed(user.email, 'reset-password')).token;
    at(59 * MINUTE);

    const res = await send('POST', '/api/v1/auth/reset-password', {}, { token: link, password: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(204);
    expect(res.headers['set-cookie']).toBeUndefined();
    for (const session of sessions) expect((await me(session)).statusCode).toBe(401);
    // API tokens stay (docs/DECISIONS.md): they are ended from the sessions list or everywhere.
    expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
    expect(await logInStatus(user.email, TEST_PASSWORD)).toBe(401);
    expect(await logInStatus(user.email, NEW_PASSWORD)).toBe(200);
    expect((await userRow(user.id)).emailVerified).toBe(1);

    const [notice] = await notices(user.email, /password was changed/);
    expect(notice?.text).toContain('was reset with a link sent to this address');
    expect(notice?.text).toContain('http://roster.test/forgot-password');
    expect(await eventsOf(user.id)).toEqual([
      { type: 'api_token.created', data: expect.any(Object) as unknown },
      { type: 'password.reset_requested', data: {} },
      { type: 'password.reset', data: { sessionsEnded: 2 } },
    ]);
    // Used once: a second use changes nothing.
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/reset-password', {}, { token: link, password: 'yet another passphrase' }), 409, 'CONFLICT');
  });

  it('works for one hour', async () => {
    const user = await makeUser(server.db);
    await forgot(user.email);
    const { token } = await mailed(user.email, 'reset-password');
    at(HOUR);
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/reset-password', {}, { token, password: NEW_PASSWORD }), 409, 'CONFLICT');
    expect(await logInStatus(user.email, TEST_PASSWORD)).toBe(200);
  });

  it('refuses a new password that breaks §6, an unknown token, a malformed body: nothing changes', async () => {
    const user = await makeUser(server.db);
    await forgot(user.email);
    const { token } = await mailed(user.email, 'reset-password');
    for (const password of ['short', '          ', 'iloveyou', 'x'.repeat(257)]) {
      await expectRefused(server.db, () => send('POST', '/api/v1/auth/reset-password', {}, { token, password }), 400, 'VALIDATION_FAILED');
    }
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/reset-password', {}, { token: `${token}x`, password: NEW_PASSWORD }), 404, 'NOT_FOUND');
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/reset-password', {}, { token }), 400, 'VALIDATION_FAILED');
    expect((await send('POST', '/api/v1/auth/reset-password', {}, { token, password: NEW_PASSWORD })).statusCode).toBe(204);
  });

  it('works only while the account’s email is the address the link went to, and drops an email change waiting', async () => {
    const user = await makeUser(server.db);
    const session = await logIn(user.email);
    await forgot(user.email);
    const { token } = await mailed(user.email, 'reset-password');
    const newEmail = `moved-${user.email}`;
    expect((await send('POST', '/api/v1/me/email', session, { email: newEmail })).statusCode).toBe(202);
    const confirm = (await mailed(newEmail, 'confirm-email')).token;
    expect((await send('POST', '/api/v1/auth/confirm-email', {}, { token: confirm })).statusCode).toBe(200);
    // The email moved: the link sent to the old address is gone with it.
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/reset-password', {}, { token, password: NEW_PASSWORD }), 404, 'NOT_FOUND');

    // A reset drops a change of email waiting for its link.
    const session2 = await logIn(newEmail);
    expect((await send('POST', '/api/v1/me/email', session2, { email: `thief-${user.email}` })).statusCode).toBe(202);
    const thiefLink = (await mailed(`thief-${user.email}`, 'confirm-email')).token;
    await forgot(newEmail);
    const reset = (await mailed(newEmail, 'reset-password')).token;
    expect((await send('POST', '/api/v1/auth/reset-password', {}, { token: reset, password: NEW_PASSWORD })).statusCode).toBe(204);
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/confirm-email', {}, { token: thiefLink }), 404, 'NOT_FOUND');
    expect((await userRow(user.id)).email).toBe(newEmail);
  });
});

async function makeApiToken(session: Headers): Promise<string> {
  const res = await send('POST', '/api/v1/me/tokens', session, { name: 'script' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ token: string }>().token;
}

describe('changing the password', () => {
  it('needs the current one; ends every other session, keeps this one, kills earlier reset links, mails a notice', async () => {
    const user = await makeUser(server.db);
    const [mine, other] = [await logIn(user.email), await logIn(user.email)];
    await forgot(user.email);
    const { token: resetLink } = await mailed(user.email, 'reset-password');
    at(MINUTE);
    const res = await send('POST', '/api/v1/me/password', mine, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sessionsEnded: 1 });
    expect((await me(mine)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    expect(await logInStatus(user.email, TEST_PASSWORD)).toBe(401);
    expect(await logInStatus(user.email, NEW_PASSWORD)).toBe(200);
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/reset-password', {}, { token: resetLink, password: 'yet another passphrase' }), 404, 'NOT_FOUND');
    const [notice] = await notices(user.email, /password was changed/);
    expect(notice?.text).toContain('Every other session of your account was signed out.');
    expect((await eventsOf(user.id)).at(-1)).toEqual({ type: 'password.changed', data: { sessionsEnded: 1 } });
  });

  it('refuses a wrong current password (403), a new one that breaks §6 (400), an API token (403), nobody (401): nothing changes', async () => {
    const user = await makeUser(server.db);
    const session = await logIn(user.email);
    const bearer = { authorization: `Bearer ${await makeApiToken(session)}` };
    await me(bearer);
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('POST', '/api/v1/me/password', session, { currentPassword: 'not the password', newPassword: NEW_PASSWORD }), 403, 'FORBIDDEN', before);
    for (const newPassword of ['short', 'qwertyuiop', ' '.repeat(9)]) {
      await expectRefused(server.db, await send('POST', '/api/v1/me/password', session, { currentPassword: TEST_PASSWORD, newPassword }), 400, 'VALIDATION_FAILED', before);
    }
    await expectRefused(server.db, await send('POST', '/api/v1/me/password', bearer, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }), 403, 'FORBIDDEN', before);
    await expectRefused(server.db, await send('POST', '/api/v1/me/password', {}, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }), 401, 'UNAUTHENTICATED', before);
  });
});

describe('the profile', () => {
  it('changes one’s name, normalised, and every company lists it', async () => {
    const acme = await makeCompany(server);
    const member = await acme.member();
    const session = await logIn(member.email);
    const res = await send('PATCH', '/api/v1/me', session, { name: '  Ada   Lovelace ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ id: member.id, name: 'Ada Lovelace', email: member.email });
    const list = await send('GET', `/api/v1/companies/${acme.company.id}/members?teamId=${acme.defaultTeamId}&q=Ada`, await logIn(acme.owner.email));
    expect(list.json<{ items: { name: string }[] }>().items.map((item) => item.name)).toEqual(['Ada Lovelace']);
    const team = await server.db.kysely.selectFrom('teamMembers').select('name').where('userId', '=', member.id).executeTakeFirstOrThrow();
    expect(team.name).toBe('Ada Lovelace');
  });

  it('refuses an empty or invisible-character name, and unknown fields: nothing changes', async () => {
    const session = await logIn((await makeUser(server.db)).email);
    for (const body of [{ name: '   ' }, { name: 'A\u200bB' }, { name: 'x'.repeat(201) }, { email: 'x@example.com' }, { name: 'Ok', isOwner: true }]) {
      await expectRefused(server.db, () => send('PATCH', '/api/v1/me', session, body), 400, 'VALIDATION_FAILED');
    }
  });
});

describe('changing the email', () => {
  it('happens only when the link mailed to the new address is opened; the old address gets a notice', async () => {
    const acme = await makeCompany(server);
    const member = await acme.member();
    const session = await logIn(member.email);
    const newEmail = `new-${member.email}`;
    const asked = await send('POST', '/api/v1/me/email', session, { email: ` ${newEmail.toUpperCase()} ` });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toEqual({ pending: { email: newEmail, expiresAt: new Date(START.getTime() + 24 * HOUR).toISOString() } });
    expect((await send('GET', '/api/v1/me/email', session)).json()).toEqual({ email: member.email, emailVerified: true, pending: asked.json().pending });

    // Until the link is opened the old email stands.
    expect((await userRow(member.id)).email).toBe(member.email);
    expect(await logInStatus(newEmail, TEST_PASSWORD)).toBe(401);
    const { mail, token } = await mailed(newEmail, 'confirm-email');
    expect(mail.headers.get('subject')).toBe('Confirm your new email address for Roster');
    expect(await notices(member.email, /email of your Roster account was changed/)).toEqual([]);
    expect(JSON.stringify(await snapshot(server.db))).not.toContain(token);

    at(23 * HOUR);
    const confirmed = await send('POST', '/api/v1/auth/confirm-email', {}, { token });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().user).toMatchObject({ id: member.id, email: newEmail, emailVerified: true });
    expect(await logInStatus(member.email, TEST_PASSWORD)).toBe(401);
    expect(await logInStatus(newEmail, TEST_PASSWORD)).toBe(200);
    const listed = await server.db.kysely.selectFrom('companyMembers').select('email').where('userId', '=', member.id).executeTakeFirstOrThrow();
    expect(listed.email).toBe(newEmail);
    const [notice] = await notices(member.email, /email of your Roster account was changed/);
    expect(notice?.text).toContain(`changed from this address to ${newEmail}`);
    expect((await eventsOf(member.id)).slice(-2)).toEqual([
      { type: 'email.change_requested', data: { newEmail } },
      { type: 'email.changed', data: { from: member.email, to: newEmail } },
    ]);
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/confirm-email', {}, { token }), 409, 'CONFLICT');
  });

  it('refuses another account’s email without saying whose, one’s own, a token, nobody: nothing changes', async () => {
    const user = await makeUser(server.db);
    const other = await makeUser(server.db, { name: 'Secret Sigrid' });
    const session = await logIn(user.email);
    const bearer = { authorization: `Bearer ${await makeApiToken(session)}` };
    await me(bearer);
    const before = await snapshot(server.db);
    const taken = await expectRefused(server.db, await send('POST', '/api/v1/me/email', session, { email: other.email }), 409, 'EMAIL_TAKEN', before);
    for (const secret of [other.id, other.name]) expect(taken.body).not.toContain(secret);
    await expectRefused(server.db, await send('POST', '/api/v1/me/email', session, { email: user.email.toUpperCase() }), 409, 'CONFLICT', before);
    await expectRefused(server.db, await send('POST', '/api/v1/me/email', bearer, { email: `x-${user.email}` }), 403, 'FORBIDDEN', before);
    await expectRefused(server.db, await send('POST', '/api/v1/me/email', {}, { email: `x-${user.email}` }), 401, 'UNAUTHENTICATED', before);
    await expectRefused(server.db, await send('POST', '/api/v1/me/email', session, { email: 'nope' }), 400, 'VALIDATION_FAILED', before);
  });

  it('is refused at the link when another account took the address meanwhile', async () => {
    const user = await makeUser(server.db);
    const session = await logIn(user.email);
    const wanted = `wanted-${user.email}`;
    expect((await send('POST', '/api/v1/me/email', session, { email: wanted })).statusCode).toBe(202);
    const { token } = await mailed(wanted, 'confirm-email');
    const signUp = await send('POST', '/api/v1/auth/signup', {}, { email: wanted, name: 'Quick', password: NEW_PASSWORD }, freshAddress());
    expect(signUp.statusCode).toBe(201);
    const refused = await expectRefused(server.db, () => send('POST', '/api/v1/auth/confirm-email', {}, { token }), 409, 'EMAIL_TAKEN');
    expect(refused.body).not.toContain('Quick');
    expect((await userRow(user.id)).email).toBe(user.email);
  });

  it('links: a newer request replaces the older (404), they expire after 24 hours (409), unknown ones are 404', async () => {
    const user = await makeUser(server.db);
    const session = await logIn(user.email);
    expect((await send('POST', '/api/v1/me/email', session, { email: `one-${user.email}` })).statusCode).toBe(202);
    const first = (await mailed(`one-${user.email}`, 'confirm-email')).token;
    expect((await send('POST', '/api/v1/me/email', session, { email: `two-${user.email}` })).statusCode).toBe(202);
    const second = (await mailed(`two-${user.email}`, 'confirm-email')).token;
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/confirm-email', {}, { token: first }), 404, 'NOT_FOUND');
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/confirm-email', {}, { token: 'unknown' }), 404, 'NOT_FOUND');
    at(24 * HOUR);
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/confirm-email', {}, { token: second }), 409, 'CONFLICT');
    expect((await send('GET', '/api/v1/me/email', await logIn(user.email))).json().pending).toBeNull();
  });

  it('waiting, can be dropped: its link is then gone; with nothing waiting, nothing changes', async () => {
    const user = await makeUser(server.db);
    const session = await logIn(user.email);
    expect((await send('POST', '/api/v1/me/email', session, { email: `dropped-${user.email}` })).statusCode).toBe(202);
    const { token } = await mailed(`dropped-${user.email}`, 'confirm-email');
    expect((await send('DELETE', '/api/v1/me/email/pending', session)).statusCode).toBe(204);
    expect((await send('GET', '/api/v1/me/email', session)).json().pending).toBeNull();
    await expectRefused(server.db, () => send('POST', '/api/v1/auth/confirm-email', {}, { token }), 404, 'NOT_FOUND');
    const before = await snapshot(server.db);
    expect((await send('DELETE', '/api/v1/me/email/pending', session)).statusCode).toBe(204);
    expect(await snapshot(server.db)).toEqual(before);
    await expectRefused(server.db, await send('DELETE', '/api/v1/me/email/pending'), 401, 'UNAUTHENTICATED', before);
    expect((await userRow(user.id)).email).toBe(user.email);
  });

  it('is asked at most 5 times in 24 hours', async () => {
    const user = await makeUser(server.db);
    // Each request from a fresh sign-in: an email change needs a recent one.
    for (let i = 0; i < 5; i++) {
      at(i * HOUR);
      expect((await send('POST', '/api/v1/me/email', await logIn(user.email), { email: `n${i}-${user.email}` })).statusCode).toBe(202);
    }
    at(23 * HOUR);
    const session = await logIn(user.email);
    const refused = await expectRefused(server.db, () => send('POST', '/api/v1/me/email', session, { email: `n9-${user.email}` }), 429, 'RATE_LIMITED');
    expect(refused.headers['retry-after']).toBe(String(HOUR / 1000));
    at(24 * HOUR + 1);
    expect((await send('POST', '/api/v1/me/email', await logIn(user.email), { email: `n9-${user.email}` })).statusCode).toBe(202);
  });
});

