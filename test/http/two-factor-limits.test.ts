import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeUser, TEST_PASSWORD } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ LOGIN_ATTEMPTS_PER_15_MIN: '3' });
});
afterAll(() => server.close());

describe('the second step of a sign-in', () => {
  it('counts against the account’s sign-in limit, with the password step', async () => {
    const user = await makeUser(server.db);
    const signIn = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD } });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const { secret } = (await server.app.inject({ method: 'POST', url: '/api/v1/me/two-factor', headers: { cookie } })).json<{ secret: string }>();
    const enable = await server.app.inject({ method: 'POST', url: '/api/v1/me/two-factor/enable', headers: { cookie }, payload: { code: totpCode(secret, server.clock.now) } });
    expect(enable.statusCode, enable.body).toBe(200);

    // Attempt 2 of 3 for this account: the password.
    const first = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD } });
    const { challenge } = first.json<{ twoFactor: { challenge: string } }>().twoFactor;
    const wrong = () => server.app.inject({ method: 'POST', url: '/api/v1/auth/login/two-factor', payload: { challenge, code: '000000' } });
    // Attempt 3: a wrong code; the next one is past the limit, though the challenge takes five.
    expect((await wrong()).statusCode).toBe(401);
    const limited = await wrong();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
