import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import { loadConfig } from '../../src/config.js';
import type { User } from '../../src/db/schema.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeUser, signedIn, snapshot, TEST_PASSWORD } from '../support/factories.js';
import { expectRefused } from '../support/refusals.js';

const START = new Date('2026-01-05T10:00:00.000Z');
const SECOND = 1_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SESSION_TTL_DAYS: '3', SESSION_IDLE_DAYS: '1' });
});
afterAll(() => server.close());
afterEach(() => {
  server.clock.now = new Date(START);
});

type Headers = Record<string, string>;
const at = (ms: number) => {
  server.clock.now = new Date(START.getTime() + ms);
};
const request = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Headers = {}, payload?: object) =>
  server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
const me = (headers: Headers) => request('GET', '/api/v1/me', headers);

/** Signs in through the route at the test clock's time; returns the cookie header. */
async function logIn(user: User): Promise<Headers> {
  const res = await request('POST', '/api/v1/auth/login', {}, { email: user.email, password: TEST_PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]! };
}

const sessionOf = (headers: Headers) =>
  server.db.kysely
    .selectFrom('sessions')
    .selectAll()
    .where('tokenHash', '=', hashSecret(headers.cookie!.split('=')[1]!))
    .executeTakeFirst();


async function makeToken(headers: Headers, body: object = { name: 'CI' }) {
  const res = await request('POST', '/api/v1/me/tokens', headers, body);
  expect(res.statusCode, res.body).toBe(201);
  const created = res.json<{ id: string; token: string; expiresAt: string | null }>();
  return { ...created, bearer: { authorization: `Bearer ${created.token}` } };
}

describe('sessions', () => {
  it('last SESSION_TTL_DAYS in the database, and are refused after it even with the cookie, however busy', async () => {
    const cookie = await logIn(await makeUser(server.db));
    expect((await sessionOf(cookie))?.expiresAt).toBe(new Date(START.getTime() + 3 * DAY).toISOString());
    for (const hours of [20, 40, 60, 71]) {
      at(hours * HOUR);
      expect((await me(cookie)).statusCode, `${hours} h`).toBe(200);
    }
    at(3 * DAY);
    const refused = await me(cookie);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('UNAUTHENTICATED');
  });

  it('end when unused for SESSION_IDLE_DAYS', async () => {
    const cookie = await logIn(await makeUser(server.db));
    at(DAY - SECOND);
    const idle = await logIn(await makeUser(server.db));
    at(DAY);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(idle)).statusCode).toBe(200);
  });

  it('are kept alive by use within the idle window', async () => {
    const cookie = await logIn(await makeUser(server.db));
    at(23 * HOUR);
    expect((await me(cookie)).statusCode).toBe(200);
    expect((await sessionOf(cookie))?.lastUsedAt).toBe(new Date(START.getTime() + 23 * HOUR).toISOString());
    at(46 * HOUR);
    expect((await me(cookie)).statusCode).toBe(200);
    at(46 * HOUR + DAY - SECOND);
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('record their last use at most once a minute', async () => {
    const cookie = await logIn(await makeUser(server.db));
    const made = (await sessionOf(cookie))?.lastUsedAt;
    expect(made).toBe(START.toISOString());
    at(30 * SECOND);
    const before = await snapshot(server.db);
    expect((await me(cookie)).statusCode).toBe(200);
    expect(await snapshot(server.db)).toEqual(before);
    at(61 * SECOND);
    expect((await me(cookie)).statusCode).toBe(200);
    expect((await sessionOf(cookie))?.lastUsedAt).toBe(new Date(START.getTime() + 61 * SECOND).toISOString());
  });

  it('take SESSION_IDLE_DAYS up to SESSION_TTL_DAYS, two weeks by default', () => {
    expect(loadConfig({ DATA_DIR: server.mailDir }).sessionIdleDays).toBe(14);
    expect(loadConfig({ DATA_DIR: server.mailDir, SESSION_TTL_DAYS: '7' }).sessionIdleDays).toBe(7);
    expect(() => loadConfig({ DATA_DIR: server.mailDir, SESSION_TTL_DAYS: '7', SESSION_IDLE_DAYS: '8' })).toThrow(/SESSION_IDLE_DAYS \(8\) must not be more than SESSION_TTL_DAYS \(7\)/);
    expect(() => loadConfig({ DATA_DIR: server.mailDir, SESSION_IDLE_DAYS: '0' })).toThrow(/SESSION_IDLE_DAYS must be a whole number ≥ 1/);
  });
});

describe('API tokens', () => {
  it('are made from a signed-in session only: a token may not make another', async () => {
    const session = await signedIn(server.db, await makeUser(server.db));
    const { bearer } = await makeToken(session);
    // Its first use is recorded (authentication, not the refused request, writes it).
    expect((await me(bearer)).statusCode).toBe(200);
    const before = await snapshot(server.db);
    await expectRefused(server.db, await request('POST', '/api/v1/me/tokens', bearer, { name: 'another' }), 403, 'FORBIDDEN', before);
  });

  it('are listed, with a token too, without their secret or its hash, and only the user’s own', async () => {
    const user = await makeUser(server.db);
    const session = await signedIn(server.db, user);
    const first = await makeToken(session, { name: 'first' });
    at(HOUR);
    const second = await makeToken(session, { name: 'second', expiresInDays: 30 });
    await makeToken(await signedIn(server.db, await makeUser(server.db)), { name: 'someone else’s' });

    for (const headers of [session, second.bearer]) {
      const res = await request('GET', '/api/v1/me/tokens', headers);
      expect(res.statusCode).toBe(200);
      const { items } = res.json<{ items: Record<string, unknown>[] }>();
      expect(items.map((item) => item.name)).toEqual(['second', 'first']);
      expect(Object.keys(items[0]!).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name']);
      expect(items[0]).toMatchObject({ id: second.id, createdAt: new Date(START.getTime() + HOUR).toISOString(), expiresAt: new Date(START.getTime() + HOUR + 30 * DAY).toISOString() });
      expect(items[1]).toMatchObject({ id: first.id, createdAt: START.toISOString(), expiresAt: null, lastUsedAt: null });
      for (const secret of [first.token, second.token, hashSecret(first.token), hashSecret(second.token)]) expect(res.body).not.toContain(secret);
    }
  });

  it('may expire: refused from then on; a bad expiry is refused and changes nothing', async () => {
    const session = await signedIn(server.db, await makeUser(server.db));
    const { bearer, expiresAt } = await makeToken(session, { name: 'a day', expiresInDays: 1 });
    expect(expiresAt).toBe(new Date(START.getTime() + DAY).toISOString());
    at(DAY - SECOND);
    expect((await me(bearer)).statusCode).toBe(200);
    at(DAY);
    expect((await me(bearer)).statusCode).toBe(401);

    const before = await snapshot(server.db);
    for (const expiresInDays of [0, -1, 1.5, 3651, '7']) {
      await expectRefused(server.db, await request('POST', '/api/v1/me/tokens', session, { name: 'bad', expiresInDays }), 400, 'VALIDATION_FAILED', before);
    }
  });

  it('record their last use, at most once a minute', async () => {
    const session = await signedIn(server.db, await makeUser(server.db));
    const { id, bearer } = await makeToken(session);
    const lastUsed = async () => (await server.db.kysely.selectFrom('apiTokens').select('lastUsedAt').where('id', '=', id).executeTakeFirstOrThrow()).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    expect((await me(bearer)).statusCode).toBe(200);
    expect(await lastUsed()).toBe(START.toISOString());
    at(59 * SECOND);
    const before = await snapshot(server.db);
    expect((await me(bearer)).statusCode).toBe(200);
    expect(await snapshot(server.db)).toEqual(before);
    at(61 * SECOND);
    expect((await me(bearer)).statusCode).toBe(200);
    expect(await lastUsed()).toBe(new Date(START.getTime() + 61 * SECOND).toISOString());
  });

  it('are revoked from a session, any of them; with a token, only that token itself', async () => {
    const session = await signedIn(server.db, await makeUser(server.db));
    const one = await makeToken(session, { name: 'one' });
    const two = await makeToken(session, { name: 'two' });
    const three = await makeToken(session, { name: 'three' });
    expect((await me(one.bearer)).statusCode).toBe(200);

    const before = await snapshot(server.db);
    await expectRefused(server.db, await request('DELETE', `/api/v1/me/tokens/${two.id}`, one.bearer), 403, 'FORBIDDEN', before);

    expect((await request('DELETE', `/api/v1/me/tokens/${one.id}`, one.bearer)).statusCode).toBe(204);
    expect((await me(one.bearer)).statusCode).toBe(401);
    expect((await request('DELETE', `/api/v1/me/tokens/${two.id}`, session)).statusCode).toBe(204);
    expect((await me(two.bearer)).statusCode).toBe(401);
    expect((await me(three.bearer)).statusCode).toBe(200);
  });
});

describe('signing out everywhere', () => {
  it('needs a session, not a token, and signed in', async () => {
    const session = await signedIn(server.db, await makeUser(server.db));
    const { bearer } = await makeToken(session);
    expect((await me(bearer)).statusCode).toBe(200);
    const before = await snapshot(server.db);
    await expectRefused(server.db, await request('POST', '/api/v1/auth/logout-everywhere', bearer, { tokens: true }), 403, 'FORBIDDEN', before);
    await expectRefused(server.db, await request('POST', '/api/v1/auth/logout-everywhere', {}, {}), 401, 'UNAUTHENTICATED', before);
    await expectRefused(server.db, await request('POST', '/api/v1/auth/logout-everywhere', session, { tokens: 'yes' }), 400, 'VALIDATION_FAILED', before);
  });

  it('ends every session of the user, this one included, and keeps the tokens unless asked', async () => {
    const user = await makeUser(server.db);
    const [here, there] = [await logIn(user), await logIn(user)];
    const { bearer } = await makeToken(here);
    const someoneElse = await logIn(await makeUser(server.db));

    const res = await request('POST', '/api/v1/auth/logout-everywhere', here);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sessions: 2, tokens: 0 });
    expect(String(res.headers['set-cookie'])).toMatch(/roster_session=;/);
    expect((await me(here)).statusCode).toBe(401);
    expect((await me(there)).statusCode).toBe(401);
    expect((await me(bearer)).statusCode).toBe(200);
    expect((await me(someoneElse)).statusCode).toBe(200);
  });

  it('ends the API tokens too when asked', async () => {
    const user = await makeUser(server.db);
    const session = await logIn(user);
    const tokens = [await makeToken(session), await makeToken(session)];
    const res = await request('POST', '/api/v1/auth/logout-everywhere', session, { tokens: true });
    expect(res.json()).toEqual({ sessions: 1, tokens: 2 });
    for (const { bearer } of tokens) expect((await me(bearer)).statusCode).toBe(401);
    expect(await server.db.kysely.selectFrom('apiTokens').select('id').where('userId', '=', user.id).execute()).toEqual([]);
  });
});

describe('the security log', () => {
  it('lists token creation, revocation and signing out everywhere, newest first, page by page, the user’s own only', async () => {
    const user = await makeUser(server.db);
    const session = await signedIn(server.db, user);
    const kept = await makeToken(session, { name: 'kept', expiresInDays: 7 });
    at(SECOND);
    const gone = await makeToken(session, { name: 'gone' });
    at(2 * SECOND);
    expect((await request('DELETE', `/api/v1/me/tokens/${gone.id}`, gone.bearer)).statusCode).toBe(204);
    at(3 * SECOND);
    const other = await signedIn(server.db, await makeUser(server.db));
    await makeToken(other, { name: 'not theirs' });
    expect((await request('POST', '/api/v1/auth/logout-everywhere', session, { tokens: true })).statusCode).toBe(200);

    // With a token of its own: the log is readable by a token too (listing changes nothing).
    at(4 * SECOND);
    const reader = await makeToken(await signedIn(server.db, user), { name: 'reader' });
    const all = await request('GET', '/api/v1/me/security-events?limit=10', reader.bearer);
    expect(all.statusCode, all.body).toBe(200);
    const events = all.json<{ items: { type: string; data: Record<string, unknown>; ip: string | null; createdAt: string }[]; nextCursor: string | null }>();
    expect(events.items.map((event) => [event.type, event.data])).toEqual([
      ['api_token.created', { tokenId: reader.id, name: 'reader', expiresAt: null }],
      ['sessions.ended_everywhere', { sessions: 1, tokens: 1, includingTokens: true }],
      ['api_token.revoked', { tokenId: gone.id, name: 'gone', by: 'itself' }],
      ['api_token.created', { tokenId: gone.id, name: 'gone', expiresAt: null }],
      ['api_token.created', { tokenId: kept.id, name: 'kept', expiresAt: new Date(START.getTime() + 7 * DAY).toISOString() }],
    ]);
    expect(events.items.every((event) => event.ip === '127.0.0.1')).toBe(true);
    expect(events.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: LightMyRequestResponse = await request('GET', `/api/v1/me/security-events?limit=2${cursor ? `&cursor=${cursor}` : ''}`, reader.bearer);
      const body = res.json<{ items: { type: string }[]; nextCursor: string | null }>();
      seen.push(...body.items.map((event) => event.type));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(events.items.map((event) => event.type));

    const bad = await request('GET', '/api/v1/me/security-events?cursor=nonsense', reader.bearer);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect((await request('GET', '/api/v1/me/security-events')).statusCode).toBe(401);
  });

  it('appear in the OpenAPI document with their schemas', async () => {
    const document = (await request('GET', '/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(document.paths['/api/v1/me/tokens'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(document.paths['/api/v1/me/security-events']?.get).toBeDefined();
    expect(document.paths['/api/v1/auth/logout-everywhere']?.post).toBeDefined();
  });
});
