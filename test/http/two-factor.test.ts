import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import { totpCode, totpUri } from '../../src/auth/totp.js';
import type { User } from '../../src/db/schema.js';
import * as OTPAuth from 'otpauth';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeUser, snapshot, TEST_PASSWORD } from '../support/factories.js';
import { expectRefused } from '../support/refusals.js';

// 10:00:00 UTC starts a 30-second time-step.
const START = new Date('2026-01-05T10:00:00.000Z');
const STEP = 30_000;
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
const send = (method: 'GET' | 'POST', url: string, headers: Headers = {}, payload?: object) =>
  server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
const cookieOf = (res: { headers: Record<string, unknown> }): Headers => ({ cookie: String(res.headers['set-cookie']).split(';')[0]! });

/** A code of the secret for the time-step `steps` away from the test clock's. */
const codeAt = (secret: string, steps = 0) => totpCode(secret, new Date(server.clock.now.getTime() + steps * STEP));

async function logIn(user: User): Promise<Headers> {
  const res = await send('POST', '/api/v1/auth/login', {}, { email: user.email, password: TEST_PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  return cookieOf(res);
}

/** A user with two-factor on, enrolled through the routes: their secret and recovery codes. */
async function enrolled(): Promise<{ user: User; secret: string; recoveryCodes: string[]; cookie: Headers }> {
  const user = await makeUser(server.db);
  const cookie = await logIn(user);
  const started = await send('POST', '/api/v1/me/two-factor', cookie);
  expect(started.statusCode, started.body).toBe(201);
  const { secret } = started.json<{ secret: string }>();
  // The code of the step before: enrolment spends it, so that the sign-ins below may use the current one.
  const enabled = await send('POST', '/api/v1/me/two-factor/enable', cookie, { code: codeAt(secret, -1) });
  expect(enabled.statusCode, enabled.body).toBe(200);
  return { user, secret, recoveryCodes: enabled.json<{ recoveryCodes: string[] }>().recoveryCodes, cookie };
}

async function challengeFor(user: User): Promise<string> {
  const res = await send('POST', '/api/v1/auth/login', {}, { email: user.email, password: TEST_PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['set-cookie']).toBeUndefined();
  return res.json<{ twoFactor: { challenge: string } }>().twoFactor.challenge;
}
const secondStep = (challenge: string, proof: { code?: string; recoveryCode?: string }) =>
  send('POST', '/api/v1/auth/login/two-factor', {}, { challenge, ...proof });

const eventsOf = async (user: User) =>
  (await server.db.kysely.selectFrom('securityEvents').selectAll().where('userId', '=', user.id).orderBy('createdAt').execute()).map((event) => ({
    type: event.type,
    data: JSON.parse(event.data) as Record<string, unknown>,
  }));

describe('enrolment', () => {
  it('gives an otpauth URI, and turns on only with a current code; the secret is sealed and the recovery codes hashed', async () => {
    const user = await makeUser(server.db);
    const cookie = await logIn(user);
    const started = await send('POST', '/api/v1/me/two-factor', cookie);
    const { secret, uri } = started.json<{ secret: string; uri: string }>();
    expect(uri).toBe(totpUri(secret, user.email));
    const parsed = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
    expect({ issuer: parsed.issuer, label: parsed.label, digits: parsed.digits, period: parsed.period, secret: parsed.secret.base32 }).toEqual({
      issuer: 'Roster',
      label: user.email,
      digits: 6,
      period: 30,
      secret,
    });
    expect((await send('GET', '/api/v1/me/two-factor', cookie)).json()).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });

    await expectRefused(server.db, () => send('POST', '/api/v1/me/two-factor/enable', cookie, { code: codeAt(secret, 2) }), 400, 'VALIDATION_FAILED');
    const enabled = await send('POST', '/api/v1/me/two-factor/enable', cookie, { code: codeAt(secret) });
    expect(enabled.statusCode, enabled.body).toBe(200);
    const { recoveryCodes } = enabled.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    expect((await send('GET', '/api/v1/me/two-factor', cookie)).json()).toEqual({ enabled: true, enabledAt: START.toISOString(), recoveryCodesLeft: 10 });

    const stored = JSON.stringify(await snapshot(server.db)) + JSON.stringify(await server.db.kysely.selectFrom('twoFactor').selectAll().execute()) +
      JSON.stringify(await server.db.kysely.selectFrom('recoveryCodes').selectAll().execute());
    expect(stored).not.toContain(secret);
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replaceAll('-', ''));
    }
    expect((await server.db.kysely.selectFrom('twoFactor').select('secret').where('userId', '=', user.id).executeTakeFirstOrThrow()).secret).toMatch(/^sealed:v1:/);
    expect((await eventsOf(user)).map((event) => event.type)).toContain('two_factor.enabled');
    // On already: asking for a new secret is refused, and changes nothing.
    await expectRefused(server.db, () => send('POST', '/api/v1/me/two-factor', cookie), 409, 'CONFLICT');
  });
});

describe('two-step sign-in', () => {
  it('gives a challenge, not a session, for the password, stored only hashed; the code then makes the session', async () => {
    const { user, secret } = await enrolled();
    const challenge = await challengeFor(user);
    const row = await server.db.kysely.selectFrom('signInChallenges').selectAll().where('userId', '=', user.id).executeTakeFirstOrThrow();
    expect(row.tokenHash).toBe(hashSecret(challenge));
    expect(row.expiresAt).toBe(new Date(START.getTime() + 5 * MINUTE).toISOString());
    const sessionsBefore = await server.db.kysely.selectFrom('sessions').select('id').where('userId', '=', user.id).execute();

    const done = await secondStep(challenge, { code: codeAt(secret) });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().user.id).toBe(user.id);
    const me = await send('GET', '/api/v1/me', cookieOf(done));
    expect(me.statusCode).toBe(200);
    const sessionsAfter = await server.db.kysely.selectFrom('sessions').select('id').where('userId', '=', user.id).execute();
    expect(sessionsAfter).toHaveLength(sessionsBefore.length + 1);
    expect(await server.db.kysely.selectFrom('signInChallenges').selectAll().where('userId', '=', user.id).execute()).toEqual([]);
    expect((await eventsOf(user)).filter((event) => event.type === 'sign_in.succeeded').map((event) => event.data.method).sort()).toEqual(['password', 'totp']);
  });

  it('accepts the codes of the step before and after, not two steps away', async () => {
    const { user, secret } = await enrolled();
    at(10 * STEP);
    for (const steps of [-2, 2]) {
      const challenge = await challengeFor(user);
      const refused = await secondStep(challenge, { code: codeAt(secret, steps) });
      expect(refused.statusCode, `${steps}`).toBe(401);
      expect(refused.json()).toMatchObject({ code: 'UNAUTHENTICATED', attemptsLeft: 4 });
    }
    // The last second of a step still takes the code of the step before it.
    at(11 * STEP - 1);
    expect((await secondStep(await challengeFor(user), { code: codeAt(secret, -1) })).statusCode).toBe(200);
    at(20 * STEP);
    expect((await secondStep(await challengeFor(user), { code: codeAt(secret, 1) })).statusCode).toBe(200);
  });

  it('does not accept a code twice, nor one of a step before the last accepted', async () => {
    const { user, secret } = await enrolled();
    at(10 * STEP);
    const code = codeAt(secret);
    expect((await secondStep(await challengeFor(user), { code })).statusCode).toBe(200);
    const replayed = await secondStep(await challengeFor(user), { code });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().attemptsLeft).toBe(4);
    // A step earlier, still within the window, is spent too.
    expect((await secondStep(await challengeFor(user), { code: codeAt(secret, -1) })).statusCode).toBe(401);
    at(11 * STEP);
    expect((await secondStep(await challengeFor(user), { code: codeAt(secret) })).statusCode).toBe(200);
  });

  it('lets only one of two requests with the same code at once through', async () => {
    const { user, secret } = await enrolled();
    at(10 * STEP);
    const [first, second] = [await challengeFor(user), await challengeFor(user)];
    const code = codeAt(secret);
    const answers = await Promise.all([secondStep(first, { code }), secondStep(second, { code })]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 401]);
  });

  it('ends the challenge at the fifth wrong code, logging each; the right code then is refused too', async () => {
    const { user, secret } = await enrolled();
    const challenge = await challengeFor(user);
    const left = [];
    for (let i = 0; i < 5; i++) left.push((await secondStep(challenge, { code: codeAt(secret, 5) })).json().attemptsLeft);
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect(await server.db.kysely.selectFrom('signInChallenges').selectAll().where('userId', '=', user.id).execute()).toEqual([]);
    const ended = await expectRefused(server.db, () => secondStep(challenge, { code: codeAt(secret) }), 401, 'UNAUTHENTICATED');
    expect(ended.json().attemptsLeft).toBe(0);
    const failures = (await eventsOf(user)).filter((event) => event.type === 'sign_in.failed');
    expect(failures).toHaveLength(5);
    expect(failures[0]!.data).toMatchObject({ reason: 'code' });
  });

  it('ends the challenge after 5 minutes', async () => {
    const { user, secret } = await enrolled();
    const challenge = await challengeFor(user);
    at(5 * MINUTE);
    const ended = await expectRefused(server.db, () => secondStep(challenge, { code: codeAt(secret) }), 401, 'UNAUTHENTICATED');
    expect(ended.json().attemptsLeft).toBe(0);
  });

  it('takes each recovery code once, whatever its case and dashes, and logs its use', async () => {
    const { user, recoveryCodes } = await enrolled();
    const [code] = recoveryCodes as [string];
    const done = await secondStep(await challengeFor(user), { recoveryCode: ` ${code.toUpperCase().replaceAll('-', ' ')} ` });
    expect(done.statusCode, done.body).toBe(200);
    expect((await eventsOf(user)).filter((event) => event.type === 'recovery_code.used')).toEqual([{ type: 'recovery_code.used', data: { left: 9 } }]);
    expect((await eventsOf(user)).filter((event) => event.type === 'sign_in.succeeded').map((event) => event.data.method).sort()).toEqual(['password', 'recovery_code']);
    const again = await secondStep(await challengeFor(user), { recoveryCode: code });
    expect(again.statusCode).toBe(401);
    expect((await send('GET', '/api/v1/me/two-factor', cookieOf(done))).json().recoveryCodesLeft).toBe(9);
  });

  it('answers a wrong password as before, logging it for the existing account only', async () => {
    const { user } = await enrolled();
    const wrong = await send('POST', '/api/v1/auth/login', {}, { email: user.email, password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect((await eventsOf(user)).filter((event) => event.type === 'sign_in.failed')).toEqual([{ type: 'sign_in.failed', data: { reason: 'password', userAgent: 'lightMyRequest' } }]);
    const unknown = await expectRefused(
      server.db,
      () => send('POST', '/api/v1/auth/login', {}, { email: 'nobody@example.com', password: 'not the password' }),
      401,
      'UNAUTHENTICATED',
    );
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('logs a sign-in without two-factor as a success with its session', async () => {
    const user = await makeUser(server.db);
    await logIn(user);
    const session = await server.db.kysely.selectFrom('sessions').select('id').where('userId', '=', user.id).executeTakeFirstOrThrow();
    expect(await eventsOf(user)).toEqual([{ type: 'sign_in.succeeded', data: { sessionId: session.id, method: 'password', userAgent: 'lightMyRequest' } }]);
  });

  it('refuses a body with both a code and a recovery code, or neither', async () => {
    const { user, secret, recoveryCodes } = await enrolled();
    const challenge = await challengeFor(user);
    await expectRefused(server.db, () => secondStep(challenge, { code: codeAt(secret), recoveryCode: recoveryCodes[0]! }), 400, 'VALIDATION_FAILED');
    await expectRefused(server.db, () => secondStep(challenge, {}), 400, 'VALIDATION_FAILED');
  });
});

describe('with two-factor on', () => {
  it('signing in again needs a code too', async () => {
    const { secret, cookie } = await enrolled();
    at(30 * MINUTE);
    await expectRefused(server.db, () => send('POST', '/api/v1/me/reauthenticate', cookie, { password: TEST_PASSWORD }), 403, 'FORBIDDEN');
    await expectRefused(server.db, () => send('POST', '/api/v1/me/reauthenticate', cookie, { password: TEST_PASSWORD, code: codeAt(secret, 3) }), 403, 'FORBIDDEN');
    expect((await send('POST', '/api/v1/me/reauthenticate', cookie, { password: TEST_PASSWORD, code: codeAt(secret) })).statusCode).toBe(200);
  });

  it('turning off needs a recent sign-in, the password and a code; it deletes the secret and the codes', async () => {
    const { user, secret, cookie } = await enrolled();
    const off = (body: object) => send('POST', '/api/v1/me/two-factor/disable', cookie, body);
    at(11 * MINUTE);
    await expectRefused(server.db, () => off({ password: TEST_PASSWORD, code: codeAt(secret) }), 403, 'REAUTHENTICATION_REQUIRED');
    expect((await send('POST', '/api/v1/me/reauthenticate', cookie, { password: TEST_PASSWORD, code: codeAt(secret) })).statusCode).toBe(200);
    at(12 * MINUTE);
    await expectRefused(server.db, () => off({ password: 'not the password', code: codeAt(secret) }), 403, 'FORBIDDEN');
    await expectRefused(server.db, () => off({ password: TEST_PASSWORD, code: codeAt(secret, 3) }), 403, 'FORBIDDEN');
    await expectRefused(server.db, () => off({ password: TEST_PASSWORD }), 400, 'VALIDATION_FAILED');
    const done = await off({ password: TEST_PASSWORD, code: codeAt(secret) });
    expect(done.statusCode, done.body).toBe(204);
    expect(await server.db.kysely.selectFrom('twoFactor').selectAll().where('userId', '=', user.id).execute()).toEqual([]);
    expect(await server.db.kysely.selectFrom('recoveryCodes').selectAll().where('userId', '=', user.id).execute()).toEqual([]);
    expect((await eventsOf(user)).map((event) => event.type)).toContain('two_factor.disabled');
    // The password alone signs in again.
    expect((await logIn(user)).cookie).toMatch(/^roster_session=/);
    await expectRefused(server.db, () => off({ password: TEST_PASSWORD, code: codeAt(secret, 1) }), 409, 'CONFLICT');
  });

  it('new recovery codes replace the old ones, after a recent sign-in', async () => {
    const { user, recoveryCodes, cookie } = await enrolled();
    const made = await send('POST', '/api/v1/me/two-factor/recovery-codes', cookie);
    expect(made.statusCode, made.body).toBe(200);
    const fresh = made.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect((await secondStep(await challengeFor(user), { recoveryCode: recoveryCodes[0]! })).statusCode).toBe(401);
    expect((await secondStep(await challengeFor(user), { recoveryCode: fresh[0]! })).statusCode).toBe(200);
    expect((await eventsOf(user)).map((event) => event.type)).toContain('recovery_codes.regenerated');
    at(11 * MINUTE);
    await expectRefused(server.db, () => send('POST', '/api/v1/me/two-factor/recovery-codes', cookie), 403, 'REAUTHENTICATION_REQUIRED');
  });
});
