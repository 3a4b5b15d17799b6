import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/schema.js';
import { clientName } from '../../src/model/clients.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeUser, snapshot, TEST_PASSWORD } from '../support/factories.js';
import { expectRefused } from '../support/refusals.js';

const START = new Date('2026-01-05T10:00:00.000Z');
const MINUTE = 60_000;
const DAY = 86_400_000;
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SESSION_TTL_DAYS: '30', SESSION_IDLE_DAYS: '14' });
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

/** Signs in through the route from this client; returns the cookie header (and the client's User-Agent, sent on). */
async function logIn(user: User, userAgent?: string): Promise<Headers> {
  const client: Headers = userAgent === undefined ? {} : { 'user-agent': userAgent };
  const res = await request('POST', '/api/v1/auth/login', client, { email: user.email, password: TEST_PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  return { ...client, cookie: String(res.headers['set-cookie']).split(';')[0]! };
}

interface SessionItem {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  client: string | null;
  ip: string | null;
  current: boolean;
}
const sessionsOf = async (headers: Headers) => {
  const res = await request('GET', '/api/v1/me/sessions', headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: SessionItem[] }>().items;
};
const me = (headers: Headers) => request('GET', '/api/v1/me', headers);
async function bearerOf(session: Headers): Promise<Headers> {
  const res = await request('POST', '/api/v1/me/tokens', session, { name: 'script' });
  expect(res.statusCode, res.body).toBe(201);
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
}
const eventsOf = async (headers: Headers) =>
  (await request('GET', '/api/v1/me/security-events?limit=50', headers)).json<{
    items: { type: string; data: Record<string, unknown>; ip: string | null; client: string | null; createdAt: string }[];
  }>().items;

describe('a client’s short form', () => {
  it('names the browser and the system, a program by its first token, nothing when none was sent', () => {
    expect(clientName(FIREFOX)).toBe('Firefox on Windows');
    expect(clientName(SAFARI)).toBe('Safari on iOS');
    expect(clientName(CHROME)).toBe('Chrome on macOS');
    expect(clientName('curl/8.5.0')).toBe('curl');
    expect(clientName(null)).toBeNull();
    expect(clientName('   ')).toBeNull();
  });
});

describe('the list of one’s sessions', () => {
  it('shows each live session’s start, last use, client, address and which one asks, the most recently used first; never a secret', async () => {
    const user = await makeUser(server.db);
    const phone = await logIn(user, SAFARI);
    at(MINUTE);
    const laptop = await logIn(user, FIREFOX);
    at(2 * MINUTE);
    const script = await logIn(user, 'curl/8.5.0');
    await logIn(await makeUser(server.db), CHROME);
    at(4 * MINUTE);
    expect((await me(phone)).statusCode).toBe(200);
    at(5 * MINUTE);

    const items = await sessionsOf(laptop);
    const time = (minutes: number) => new Date(START.getTime() + minutes * MINUTE).toISOString();
    expect(items.map(({ id: _id, ...item }) => item)).toEqual([
      { createdAt: time(1), lastUsedAt: time(5), client: 'Firefox on Windows', ip: '127.0.0.1', current: true },
      { createdAt: time(0), lastUsedAt: time(4), client: 'Safari on iOS', ip: '127.0.0.1', current: false },
      { createdAt: time(2), lastUsedAt: time(2), client: 'curl', ip: '127.0.0.1', current: false },
    ]);
    // Each asks from its own: `current` follows the cookie.
    expect((await sessionsOf(script)).filter((item) => item.current).map((item) => item.client)).toEqual(['curl']);
    const body = (await request('GET', '/api/v1/me/sessions', laptop)).body;
    const hashes = await server.db.kysely.selectFrom('sessions').select('tokenHash').where('userId', '=', user.id).execute();
    for (const { tokenHash } of hashes) expect(body).not.toContain(tokenHash);
    expect(body).not.toContain(laptop.cookie!.split('=')[1]!);
  });

  it('leaves out sessions past their end or idle too long, which no longer sign in', async () => {
    const user = await makeUser(server.db);
    await logIn(user, SAFARI);
    at(10 * DAY);
    const fresh = await logIn(user, FIREFOX);
    at(15 * DAY);
    expect((await sessionsOf(fresh)).map((item) => item.client)).toEqual(['Firefox on Windows']);
  });

  it('is readable with an API token (nothing is current then)', async () => {
    const user = await makeUser(server.db);
    const session = await logIn(user, FIREFOX);
    const bearer = await bearerOf(session);
    expect((await sessionsOf(bearer)).map((item) => [item.client, item.current])).toEqual([['Firefox on Windows', false]]);
    expect((await request('GET', '/api/v1/me/sessions')).statusCode).toBe(401);
  });
});

describe('ending one session', () => {
  it('ends that session only, logged with its client; ending the one asking signs it out', async () => {
    const user = await makeUser(server.db);
    const phone = await logIn(user, SAFARI);
    const laptop = await logIn(user, FIREFOX);
    const phoneId = (await sessionsOf(laptop)).find((item) => item.client === 'Safari on iOS')!.id;
    at(MINUTE);
    const res = await request('DELETE', `/api/v1/me/sessions/${phoneId}`, laptop);
    expect(res.statusCode, res.body).toBe(204);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await me(phone)).statusCode).toBe(401);
    expect((await me(laptop)).statusCode).toBe(200);
    const [event] = await eventsOf(laptop);
    expect(event).toMatchObject({
      type: 'session.ended',
      data: { sessionId: phoneId, client: 'Safari on iOS', ip: '127.0.0.1', createdAt: START.toISOString(), current: false },
      client: 'Firefox on Windows',
      ip: '127.0.0.1',
      createdAt: new Date(START.getTime() + MINUTE).toISOString(),
    });

    const laptopId = (await sessionsOf(laptop))[0]!.id;
    const own = await request('DELETE', `/api/v1/me/sessions/${laptopId}`, laptop);
    expect(own.statusCode).toBe(204);
    expect(String(own.headers['set-cookie'])).toMatch(/roster_session=;/);
    expect((await me(laptop)).statusCode).toBe(401);
  });

  it('answers 404 for another user’s session as for an unknown one, and 403 with an API token, changing nothing', async () => {
    const user = await makeUser(server.db);
    const session = await logIn(user, FIREFOX);
    const other = await logIn(await makeUser(server.db), CHROME);
    const theirs = (await sessionsOf(other))[0]!.id;
    const own = (await sessionsOf(session))[0]!.id;
    const bearer = await bearerOf(session);
    expect((await me(bearer)).statusCode).toBe(200);
    const before = await snapshot(server.db);
    const notFound = await expectRefused(server.db, await request('DELETE', `/api/v1/me/sessions/${theirs}`, session), 404, 'NOT_FOUND', before);
    const unknown = await expectRefused(server.db, await request('DELETE', '/api/v1/me/sessions/no-such-session', session), 404, 'NOT_FOUND', before);
    expect(notFound.json<{ detail: string }>().detail).toBe(unknown.json<{ detail: string }>().detail);
    await expectRefused(server.db, await request('DELETE', `/api/v1/me/sessions/${own}`, bearer), 403, 'FORBIDDEN', before);
    await expectRefused(server.db, await request('DELETE', `/api/v1/me/sessions/${own}`), 401, 'UNAUTHENTICATED', before);
    expect((await me(other)).statusCode).toBe(200);
  });
});

describe('signing out of the other sessions', () => {
  it('ends every session but this one and keeps the API tokens; logged with the number ended', async () => {
    const user = await makeUser(server.db);
    const phone = await logIn(user, SAFARI);
    const tablet = await logIn(user, CHROME);
    const laptop = await logIn(user, FIREFOX);
    const bearer = await bearerOf(laptop);
    const someoneElse = await logIn(await makeUser(server.db), FIREFOX);
    at(MINUTE);
    const res = await request('POST', '/api/v1/me/sessions/end-others', laptop);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sessions: 2 });
    expect(res.headers['set-cookie']).toBeUndefined();
    for (const gone of [phone, tablet]) expect((await me(gone)).statusCode).toBe(401);
    for (const kept of [laptop, bearer, someoneElse]) expect((await me(kept)).statusCode).toBe(200);
    expect((await sessionsOf(laptop)).map((item) => item.current)).toEqual([true]);
    expect((await eventsOf(laptop))[0]).toMatchObject({ type: 'sessions.ended_others', data: { sessions: 2 }, client: 'Firefox on Windows' });
  });

  it('needs a session: refused with an API token or signed out, changing nothing', async () => {
    const user = await makeUser(server.db);
    const session = await logIn(user);
    await logIn(user);
    const bearer = await bearerOf(session);
    expect((await me(bearer)).statusCode).toBe(200);
    const before = await snapshot(server.db);
    await expectRefused(server.db, await request('POST', '/api/v1/me/sessions/end-others', bearer), 403, 'FORBIDDEN', before);
    await expectRefused(server.db, await request('POST', '/api/v1/me/sessions/end-others'), 401, 'UNAUTHENTICATED', before);
  });
});

describe('the security log', () => {
  it('shows each event’s client, and only the last 90 days', async () => {
    const user = await makeUser(server.db);
    const session = await logIn(user, FIREFOX);
    await request('POST', '/api/v1/me/tokens', session, { name: 'old' });
    at(89 * DAY);
    const later = await logIn(user, SAFARI);
    await request('POST', '/api/v1/me/tokens', later, { name: 'recent' });
    const listed = async () => (await eventsOf(later)).map((event) => [event.type, event.data.name, event.client]);
    // Newest first; a sign-in and the token made at the same moment may come in either order.
    expect((await listed()).filter(([type]) => type === 'api_token.created')).toEqual([
      ['api_token.created', 'recent', 'Safari on iOS'],
      ['api_token.created', 'old', 'Firefox on Windows'],
    ]);
    // The sign-ins are logged too, each with its client.
    expect((await listed()).filter(([type]) => type === 'sign_in.succeeded')).toEqual([
      ['sign_in.succeeded', undefined, 'Safari on iOS'],
      ['sign_in.succeeded', undefined, 'Firefox on Windows'],
    ]);
    at(90 * DAY + 1);
    expect((await listed()).map(([type, name]) => [type, name]).sort()).toEqual([
      ['api_token.created', 'recent'],
      ['sign_in.succeeded', undefined],
    ]);
  });

  it('and the session routes appear in the OpenAPI document', async () => {
    const document = (await request('GET', '/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(document.paths['/api/v1/me/sessions']?.get).toBeDefined();
    expect(document.paths['/api/v1/me/sessions/{sessionId}']?.delete).toBeDefined();
    expect(document.paths['/api/v1/me/sessions/end-others']?.post).toBeDefined();
    expect(document.paths['/api/v1/me/delete']?.post).toBeDefined();
  });
});
