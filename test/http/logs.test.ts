import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let app: App;
const lines: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  const config = loadConfig({ BASE_URL: 'http://roster.test', LOG_LEVEL: 'info', RATE_LIMITS: 'off' });
  app = await buildApp({ db: database.db, config, now: () => new Date() }, { logStream: { write: (line) => lines.push(line) } });
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('logs', () => {
  it('carry a request id on every line and never a secret (§6)', async () => {
    const signup = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: { 'x-request-id': 'req-signup-1' },
      payload: { email: 'logs@example.com', name: 'Logs', password: 'a long password' },
    });
    const cookie = String(signup.headers['set-cookie']).split(';')[0]!;
    const secret = cookie.split('=')[1]!;
    const token = (await app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie }, payload: { name: 't' } })).json().token as string;
    await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    await app.inject({ method: 'GET', url: '/api/v1/invitations/a-secret-looking-invitation-token' });

    const log = lines.join('');
    expect(log).toContain('"reqId":"req-signup-1"');
    expect(signup.headers['x-request-id']).toBe('req-signup-1');
    for (const forbidden of [secret, token, 'a-secret-looking-invitation-token', 'a long password']) {
      expect(log).not.toContain(forbidden);
    }
    const requestLines = lines.map((line) => JSON.parse(line) as { msg: string; reqId?: string }).filter((line) => line.msg === 'incoming request');
    expect(requestLines.length).toBeGreaterThanOrEqual(4);
    expect(requestLines.every((line) => typeof line.reqId === 'string')).toBe(true);
  });
});
