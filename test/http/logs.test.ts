import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.js';
import { loadConfig } from '../../src/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { redactUrl, SECRET_PATHS } from '../../src/http/redact.js';
import { workAfterAnswers } from '../../src/http/after-answer.js';
import type { Services } from '../../src/http/services.js';
import { createMailTransport, type MailTransport } from '../../src/mail/transport.js';
import { MailWorker } from '../../src/mail/worker.js';
import { linkToken, readMail } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let app: App;
let worker: MailWorker;
let transport: MailTransport;
let mailDir: string;
let services: Services;
const lines: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  mailDir = join(database.dir, 'mail');
  const config = loadConfig({ BASE_URL: 'http://roster.test', LOG_LEVEL: 'info', RATE_LIMITS: 'off', MAIL_URL: `file:${mailDir}`, DATA_DIR: database.dir });
  services = { db: database.db, config, now: () => new Date() };
  app = await buildApp(services, { logStream: { write: (line) => lines.push(line) } });
  transport = createMailTransport(config.mailUrl, config.mailFrom);
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  worker = new MailWorker({ db: database.db, transport, logger: silent, secretKey: config.secretKey });
});
afterAll(async () => {
  transport.close();
  await app.close();
  await database.drop();
});

/** The token of the newest mail to this address with a `/path/` link. */
async function mailedToken(address: string, path: string): Promise<string> {
  await worker.deliverDue();
  const mail = readMail(mailDir).filter((message) => message.headers.get('to')?.includes(address) && message.text.includes(`/${path}/`)).at(-1);
  if (!mail) throw new Error(`no ${path} mail to ${address}`);
  return linkToken(mail, path);
}

async function signUp(email: string, password: string, invitationToken?: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: { email, name: 'Someone', password, ...(invitationToken === undefined ? {} : { invitationToken }) },
  });
  expect(response.statusCode, response.body).toBe(201);
  return String(response.headers['set-cookie']).split(';')[0]!;
}

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

  it('hold neither the password that confirms an account’s deletion nor the session secrets of the sessions routes', async () => {
    const cookie = await signUp('leaving@example.com', 'leaving password 1');
    const other = await signUp('leaving-too@example.com', 'leaving password 2');
    await app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: { cookie } });
    await app.inject({ method: 'POST', url: '/api/v1/me/sessions/end-others', headers: { cookie } });
    await app.inject({ method: 'POST', url: '/api/v1/me/delete', headers: { cookie }, payload: { password: 'not the password 9' } });
    const deleted = await app.inject({ method: 'POST', url: '/api/v1/me/delete', headers: { cookie }, payload: { password: 'leaving password 1' } });
    expect(deleted.statusCode, deleted.body).toBe(200);
    const log = lines.join('');
    expect(log).toContain('/api/v1/me/delete');
    for (const forbidden of ['leaving password 1', 'not the password 9', cookie.split('=')[1]!, other.split('=')[1]!]) expect(log).not.toContain(forbidden);
  });

  it('hold none of the secrets of a run over every secret-bearing route, and keep ordinary invitation ids', async () => {
    const start = lines.length;
    const ownerEmail = 'owner-logs@example.com';
    const ownerCookie = await signUp(ownerEmail, 'owner password 1');
    const verification = await mailedToken(ownerEmail, 'verify-email');
    // Verified first: an unverified account sends no invitations.
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', headers: { cookie: ownerCookie }, payload: { token: verification } })).statusCode).toBe(200);
    const { company } = (await app.inject({ method: 'POST', url: '/api/v1/companies', headers: { cookie: ownerCookie }, payload: { name: 'Logs Inc' } })).json<{
      company: { id: string; defaultTeamId: string };
    }>();
    const invite = await app.inject({
      method: 'POST',
      url: `/api/v1/companies/${company.id}/invitations`,
      headers: { cookie: ownerCookie },
      payload: { emails: ['accepts@example.com', 'declines@example.com', 'resent@example.com'], teams: [{ teamId: company.defaultTeamId, roles: [] }] },
    });
    expect(invite.statusCode, invite.body).toBe(201);
    const invitations = invite.json<{ items: { id: string; email: string }[] }>().items;
    const accepts = await mailedToken('accepts@example.com', 'invitations');
    const declines = await mailedToken('declines@example.com', 'invitations');
    const resentId = invitations.find((invitation) => invitation.email === 'resent@example.com')!.id;
    const resend = await app.inject({ method: 'POST', url: `/api/v1/companies/${company.id}/invitations/${resentId}/resend`, headers: { cookie: ownerCookie } });
    expect(resend.statusCode, resend.body).toBe(200);
    const resent = await mailedToken('resent@example.com', 'invitations');

    // The page's paths, as a browser asks for them after following a mailed link (each SECRET_PATHS page path).
    for (const url of [
      `/verify-email/${verification}`,
      `/invitations/${accepts}`,
      `/invitations/${resent}?utm=mail`,
      `/signin?next=${encodeURIComponent(`/invitations/${accepts}`)}`,
      `/signup?next=${encodeURIComponent(`/invitations/${declines}`)}`,
      `/reset-password/${verification}`,
      `/verify%2Demail/${verification}`,
    ]) {
      await app.inject({ method: 'GET', url });
    }
    // The API routes those pages call; tokens in bodies are not logged either.
    expect((await app.inject({ method: 'GET', url: `/api/v1/invitations/${accepts}` })).statusCode).toBe(200);
    const inviteeCookie = await signUp('accepts@example.com', 'invitee password 1', accepts);
    expect((await app.inject({ method: 'GET', url: `/api/v1/invitations/${resent}?token=${resent}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/v1/invitations/${declines}/decline` })).statusCode).toBe(204);
    await app.inject({ method: 'POST', url: `/api/v1/invitations/${accepts}/accept`, headers: { cookie: inviteeCookie } });

    const log = lines.slice(start).join('');
    const secrets = [verification, accepts, declines, resent, ownerCookie.split('=')[1]!, inviteeCookie.split('=')[1]!, 'owner password 1', 'invitee password 1'];
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).toContain(`"url":"/verify-email/[token]"`);
    expect(log).toContain(`"url":"/api/v1/invitations/[token]/decline"`);
    // An invitation's id is no secret: who resent what stays traceable.
    expect(log).toContain(`"url":"/api/v1/companies/${company.id}/invitations/${resentId}/resend"`);
  });
});

describe('logs of one’s own account', () => {
  it('hold no reset or email-change link, and no password, old or new', async () => {
    const start = lines.length;
    const cookie = await signUp('resets@example.com', 'first password 1');
    const forgot = await app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email: 'resets@example.com' } });
    expect(forgot.statusCode).toBe(202);
    await workAfterAnswers(services);
    const reset = await mailedToken('resets@example.com', 'reset-password');
    await app.inject({ method: 'GET', url: `/reset-password/${reset}` });
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/reset-password', payload: { token: reset, password: 'second password 2' } })).statusCode).toBe(204);
    const signIn = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'resets@example.com', password: 'second password 2' } });
    const session = String(signIn.headers['set-cookie']).split(';')[0]!;
    const changed = await app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { cookie: session }, payload: { currentPassword: 'second password 2', newPassword: 'third password 3' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/v1/me/email', headers: { cookie: session }, payload: { email: 'moved@example.com' } })).statusCode).toBe(202);
    const confirm = await mailedToken('moved@example.com', 'confirm-email');
    await app.inject({ method: 'GET', url: `/confirm-email/${confirm}` });
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/confirm-email', payload: { token: confirm } })).statusCode).toBe(200);

    const log = lines.slice(start).join('');
    for (const secret of [reset, confirm, 'first password 1', 'second password 2', 'third password 3', cookie.split('=')[1]!, session.split('=')[1]!]) {
      expect(log).not.toContain(secret);
    }
    expect(log).toContain(`"url":"/reset-password/[token]"`);
    expect(log).toContain(`"url":"/confirm-email/[token]"`);
  });
});

describe('logs of two-factor authentication', () => {
  it('hold no authenticator secret, code, recovery code or sign-in challenge', async () => {
    const start = lines.length;
    const cookie = await signUp('two-factor-logs@example.com', 'two-factor password 1');
    const started = (await app.inject({ method: 'POST', url: '/api/v1/me/two-factor', headers: { cookie } })).json<{ secret: string; uri: string }>();
    const enrolCode = totpCode(started.secret, new Date(Date.now() - 30_000));
    const enabled = await app.inject({ method: 'POST', url: '/api/v1/me/two-factor/enable', headers: { cookie }, payload: { code: enrolCode } });
    expect(enabled.statusCode, enabled.body).toBe(200);
    const { recoveryCodes } = enabled.json<{ recoveryCodes: string[] }>();
    const login = () => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'two-factor-logs@example.com', password: 'two-factor password 1' } });
    const challenge = (await login()).json<{ twoFactor: { challenge: string } }>().twoFactor.challenge;
    const code = totpCode(started.secret, new Date());
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/login/two-factor', payload: { challenge, code } })).statusCode).toBe(200);
    const second = (await login()).json<{ twoFactor: { challenge: string } }>().twoFactor.challenge;
    const recovered = await app.inject({ method: 'POST', url: '/api/v1/auth/login/two-factor', payload: { challenge: second, recoveryCode: recoveryCodes[0] } });
    expect(recovered.statusCode).toBe(200);

    const log = lines.slice(start).join('');
    for (const secret of [started.secret, started.uri, enrolCode, code, challenge, second, ...recoveryCodes]) expect(log).not.toContain(secret);
  });
});

describe('redactUrl', () => {
  it('redacts the token of each secret-bearing path and nothing else', () => {
    for (const path of SECRET_PATHS) {
      expect(redactUrl(path.replace(':token', 'SeCrEt'))).toBe(path.replace(':token', '[token]'));
    }
    expect(redactUrl('/api/v1/companies/c1/invitations/i1/resend')).toBe('/api/v1/companies/c1/invitations/i1/resend');
    expect(redactUrl('/api/v1/companies/c1/invitations/i1')).toBe('/api/v1/companies/c1/invitations/i1');
    expect(redactUrl('/companies/c1/members?q=invitations%2Fx')).toBe('/companies/c1/members?q=invitations%2Fx');
    expect(redactUrl('/signin?next=%2Fverify-email%2FSeCrEt&x=1')).toBe(`/signin?next=${encodeURIComponent('/verify-email/[token]')}&x=1`);
    expect(redactUrl('/anything?token=SeCrEt')).toBe('/anything?token=[token]');
    expect(redactUrl('/Invitations/SeCrEt/')).toBe('/Invitations/[token]/');
  });
});
