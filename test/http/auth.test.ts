import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBody } from '../../src/mail/outbox.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeUser, signedIn, snapshot, TEST_PASSWORD } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ LOGIN_ATTEMPTS_PER_15_MIN: '3' });
});
afterAll(() => server.close());

const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
  server.app.inject({ method: 'POST', url, payload, headers });

/** The link of the newest mail to this address, read from the outbox. */
async function linkMailedTo(email: string, path: string): Promise<string> {
  const mail = await server.db.kysely
    .selectFrom('outbox')
    .select(['id', 'bodyText'])
    .where('toAddress', '=', email)
    .orderBy('createdAt', 'desc')
    .executeTakeFirstOrThrow();
  const match = new RegExp(`${path}/(\\S+)`).exec(openBody(server.config.secretKey, mail.id, mail.bodyText));
  return match![1]!;
}

describe('sign-up', () => {
  it('creates an account with a normalised email, signs it in and mails a verification link', async () => {
    const res = await post('/api/v1/auth/signup', { email: '  Sam@Example.COM ', name: 'Sam', password: 'long enough pw' });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ email: 'sam@example.com', name: 'Sam', emailVerified: false });
    const cookie = res.headers['set-cookie'];
    expect(String(cookie)).toMatch(/roster_session=.+HttpOnly/);
    expect(String(cookie)).toMatch(/SameSite=Lax/);

    const token = await linkMailedTo('sam@example.com', '/verify-email');
    const verified = await post('/api/v1/auth/verify-email', { token });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().user.emailVerified).toBe(true);
    const again = await post('/api/v1/auth/verify-email', { token });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
  });

  it('refuses an email that has an account, compared case-insensitively, and changes nothing', async () => {
    const user = await makeUser(server.db);
    const before = await snapshot(server.db);
    const res = await post('/api/v1/auth/signup', { email: user.email.toUpperCase(), name: 'X', password: 'long enough pw' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('EMAIL_TAKEN');
    expect(await snapshot(server.db)).toEqual(before);
  });

  it.each([
    ['a short password', { email: 'a@example.com', name: 'A', password: 'short' }],
    ['a malformed email', { email: 'not-an-email', name: 'A', password: 'long enough pw' }],
    ['a missing name', { email: 'a@example.com', password: 'long enough pw' }],
    ['an unknown field', { email: 'a@example.com', name: 'A', password: 'long enough pw', emailVerified: true }],
  ])('refuses %s with VALIDATION_FAILED', async (_case, body) => {
    const before = await snapshot(server.db);
    const res = await post('/api/v1/auth/signup', body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(res.json().errors.length).toBeGreaterThan(0);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await snapshot(server.db)).toEqual(before);
  });

  it('answers 404 for an unknown verification token', async () => {
    const res = await post('/api/v1/auth/verify-email', { token: 'nope' });
    expect(res.statusCode).toBe(404);
  });
});

describe('sign-in and sign-out', () => {
  it('signs in with the right password, and out again', async () => {
    const user = await makeUser(server.db);
    const res = await post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(200);
    expect((await post('/api/v1/auth/logout', undefined, { cookie })).statusCode).toBe(204);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('answers an unknown email and a wrong password alike', async () => {
    const user = await makeUser(server.db);
    const wrong = await post('/api/v1/auth/login', { email: user.email, password: 'wrong password!' });
    const unknown = await post('/api/v1/auth/login', { email: 'nobody@example.com', password: 'wrong password!' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const { code, detail, title } = wrong.json();
    expect(unknown.json()).toMatchObject({ code, detail, title });
  });

  it('limits sign-in attempts per account with 429 and Retry-After', async () => {
    const user = await makeUser(server.db);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await post('/api/v1/auth/login', { email: user.email, password: 'wrong password!' })).statusCode).toBe(401);
    }
    const limited = await post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('API tokens', () => {
  it('acts as the user until deleted; the token is shown once and stored hashed', async () => {
    const user = await makeUser(server.db);
    const headers = await signedIn(server.db, user);
    const created = await post('/api/v1/me/tokens', { name: 'CI' }, headers);
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^rst_/);
    const stored = await server.db.kysely.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(me.json().user.id).toBe(user.id);
    const deleted = await server.app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers });
    expect(deleted.statusCode).toBe(204);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
  });

  it("answers 404 for another user's token", async () => {
    const owner = await makeUser(server.db);
    const created = await post('/api/v1/me/tokens', { name: 'mine' }, await signedIn(server.db, owner));
    const other = await signedIn(server.db, await makeUser(server.db));
    const before = await snapshot(server.db);
    const res = await server.app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${created.json().id}`, headers: other });
    expect(res.statusCode).toBe(404);
    expect(await snapshot(server.db)).toEqual(before);
  });
});

describe('cross-site protection', () => {
  it.each([
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
    [{ origin: 'https://evil.example' }],
  ])('refuses a cookie-authenticated unsafe request from another site (%o)', async (extra) => {
    const headers = { ...(await signedIn(server.db, await makeUser(server.db))), ...extra };
    const before = await snapshot(server.db);
    const res = await post('/api/v1/companies', { name: 'Evil' }, headers);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_REJECTED');
    expect(await snapshot(server.db)).toEqual(before);
  });

  it('lets same-origin requests, requests without the headers, and Bearer requests through', async () => {
    const user = await makeUser(server.db);
    const headers = await signedIn(server.db, user);
    expect((await post('/api/v1/companies', { name: 'A' }, { ...headers, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect((await post('/api/v1/companies', { name: 'B' }, { ...headers, origin: 'http://roster.test' })).statusCode).toBe(201);
    expect((await post('/api/v1/companies', { name: 'C' }, headers)).statusCode).toBe(201);
    const { token } = (await post('/api/v1/me/tokens', { name: 't' }, headers)).json();
    const bearer = { authorization: `Bearer ${token}`, 'sec-fetch-site': 'cross-site' };
    expect((await post('/api/v1/companies', { name: 'D' }, bearer)).statusCode).toBe(201);
  });
});

describe('the wire format', () => {
  it('answers 415 for a body that is not JSON', async () => {
    const headers = await signedIn(server.db, await makeUser(server.db));
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: { ...headers, 'content-type': 'text/plain' },
      payload: 'name=A',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const headers = await signedIn(server.db, await makeUser(server.db));
    const res = await post('/api/v1/companies', { name: 'x'.repeat(1024 * 1024 + 10) }, headers);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400 for malformed JSON', async () => {
    const headers = await signedIn(server.db, await makeUser(server.db));
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('publishes the OpenAPI document', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toBe('3.1.0');
    expect(Object.keys(res.json().paths)).toContain('/api/v1/companies/{companyId}');
  });

  it('answers unknown routes with a NOT_FOUND problem', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});
