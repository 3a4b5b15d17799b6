import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../src/auth/seal.js';
import { newId } from '../../src/auth/secrets.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, snapshot, TEST_PASSWORD } from '../support/factories.js';
import { startOidcProvider, throughProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { api, call, expectProblem, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
let provider: TestOidcProvider;
beforeAll(async () => {
  server = await startTestServer();
  provider = await startOidcProvider([`${server.config.baseUrl}/api/v1/auth/sso/callback`]);
});
afterAll(async () => {
  await server.close();
  await provider.close();
});

type Tenant = Awaited<ReturnType<typeof makeCompany>>;
let counter = 0;
const fresh = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A verified domain of the company, written directly (checking one through DNS is domains.test.ts's). */
async function verifiedDomain(tenant: Tenant, domain = `sso-${fresh()}.test`): Promise<string> {
  const at = new Date().toISOString();
  await server.db.kysely
    .insertInto('companyDomains')
    .values({ id: newId(), companyId: tenant.company.id, domain, token: 't', status: 'verified', createdBy: tenant.owner.id, createdAt: at, verifiedAt: at })
    .execute();
  return domain;
}

const ssoUrl = (tenant: Tenant) => api(`/companies/${tenant.company.id}/sso`);
const settings = (domains: string[], extra: Record<string, unknown> = {}) => ({
  issuer: provider.issuer,
  clientId: provider.clientId,
  clientSecret: provider.clientSecret,
  domains,
  enforced: false,
  ...extra,
});

/** A company with a verified domain, its single sign-on set by the owner, and joining straight into "SSO people". */
async function ssoCompany(options: { enforced?: boolean; joining?: 'team' | 'request' | 'off' } = {}) {
  const tenant = await makeCompany(server);
  const domain = await verifiedDomain(tenant);
  const teamId = await tenant.team('SSO people');
  const joining = options.joining ?? 'team';
  if (joining !== 'off') expect((await call(server, 'PUT', api(`/companies/${tenant.company.id}/joining`), tenant.owner, { mode: joining, teamId })).statusCode).toBe(200);
  const res = await call(server, 'PUT', ssoUrl(tenant), tenant.owner, settings([domain], { enforced: options.enforced ?? false }));
  expect(res.statusCode, res.body).toBe(200);
  return { tenant, domain, teamId };
}

/** `POST /auth/sso/start`: the provider's URL and the browser's cookie. */
async function start(email: string): Promise<{ redirect: string; cookie: string }> {
  const res = await server.app.inject({ method: 'POST', url: api('/auth/sso/start'), payload: { email } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'roster_sso');
  expect(cookie?.httpOnly).toBe(true);
  return { redirect: res.json<{ redirect: string }>().redirect, cookie: cookie?.value ?? '' };
}

/** Roster's callback, as the browser brings it back from the provider (with its cookie, or another). */
// A German browser's: an account the callback makes still has no language chosen (API.md "Mail").
const callback = (url: URL, cookie: string | undefined) =>
  server.app.inject({
    method: 'GET',
    url: `${url.pathname}${url.search}`,
    headers: { 'accept-language': 'de-DE,de;q=0.9' },
    cookies: cookie === undefined ? {} : { roster_sso: cookie },
  });

/** A person of the provider, with an email at the domain; `verified` false: the provider does not vouch for it. */
function personAt(domain: string, verified = true): { login: string; email: string } {
  const login = `p-${fresh()}`;
  const email = `${login}@${domain}`;
  provider.accounts.set(login, { email, email_verified: verified, name: `Pat ${login}` });
  return { login, email };
}

async function signInThroughProvider(email: string, login: string): Promise<LightMyRequestResponse> {
  const started = await start(email);
  return callback(await throughProvider(started.redirect, { login }), started.cookie);
}

const sessionCookie = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'roster_session')?.value;

/** What a refused callback must leave as it was: accounts, sessions, links, memberships, logs. */
const state = async () => ({ ...(await snapshot(server.db)) });

describe('the company’s single sign-on settings', () => {
  it('are the owner’s: set after discovery, the secret sealed and never answered, audited once per change, removed', async () => {
    const tenant = await makeCompany(server);
    const domain = await verifiedDomain(tenant);
    const admin = await tenant.member({ companyRoles: ['admin'] });
    const outsider = await makeUser(server.db);
    expect((await call(server, 'GET', ssoUrl(tenant), tenant.owner)).json()).toEqual({ sso: null, redirectUri: 'http://roster.test/api/v1/auth/sso/callback' });
    await expectRefused(server.db, await request(server, 'PUT', ssoUrl(tenant), admin, settings([domain])), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'GET', ssoUrl(tenant), admin), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'PUT', ssoUrl(tenant), outsider, settings([domain])), 404, 'NOT_FOUND');
    // Only the company's verified domains; https, or http on a loopback host; a provider that answers.
    await expectRefused(server.db, await request(server, 'PUT', ssoUrl(tenant), tenant.owner, settings(['elsewhere.test'])), 409, 'CONFLICT');
    await expectRefused(server.db, await request(server, 'PUT', ssoUrl(tenant), tenant.owner, settings([domain], { issuer: 'http://idp.example.com' })), 400, 'VALIDATION_FAILED');
    await expectRefused(server.db, await request(server, 'PUT', ssoUrl(tenant), tenant.owner, settings([domain], { issuer: 'http://127.0.0.1:9' })), 502, 'SSO_DISCOVERY_FAILED');
    await expectRefused(server.db, await request(server, 'PUT', ssoUrl(tenant), tenant.owner, settings([domain], { clientSecret: undefined })), 400, 'VALIDATION_FAILED');

    const saved = await call(server, 'PUT', ssoUrl(tenant), tenant.owner, settings([domain.toUpperCase()], { enforced: true }));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({
      sso: { issuer: provider.issuer, clientId: provider.clientId, clientSecretSet: true, domains: [domain], enforced: true, updatedAt: expect.any(String) },
      redirectUri: 'http://roster.test/api/v1/auth/sso/callback',
    });
    expect(saved.body).not.toContain(provider.clientSecret);
    const stored = await server.db.kysely.selectFrom('companySso').select('clientSecret').where('companyId', '=', tenant.company.id).executeTakeFirstOrThrow();
    expect(stored.clientSecret).toMatch(/^sealed:v1:/);
    expect(stored.clientSecret).not.toContain(provider.clientSecret);
    // The same again, without the secret (it stays): nothing recorded.
    expect((await call(server, 'PUT', ssoUrl(tenant), tenant.owner, settings([domain], { enforced: true, clientSecret: undefined }))).statusCode).toBe(200);
    expect((await call(server, 'DELETE', ssoUrl(tenant), tenant.owner)).statusCode).toBe(204);
    expect((await call(server, 'DELETE', ssoUrl(tenant), tenant.owner)).statusCode).toBe(204);
    expect((await call(server, 'GET', ssoUrl(tenant), tenant.owner)).json<{ sso: unknown }>().sso).toBeNull();
    const events = await server.db.kysely.selectFrom('auditEvents').select(['type', 'data']).where('companyId', '=', tenant.company.id).where('type', 'like', 'sso.%').orderBy('seq').execute();
    expect(events.map((e) => e.type)).toEqual(['sso.configured', 'sso.removed']);
    for (const event of events) expect(event.data).not.toContain(provider.clientSecret);
  });
});

describe('signing in through the provider', () => {
  it('the first time makes the account just in time and joins the company; the second finds it by subject', async () => {
    const { tenant, domain, teamId } = await ssoCompany();
    const person = personAt(domain);
    const first = await signInThroughProvider(person.email, person.login);
    expect(first.statusCode, first.body).toBe(302);
    expect(first.headers.location).toBe('/');
    const secret = sessionCookie(first);
    expect(secret).toBeDefined();
    const me = await server.app.inject({ method: 'GET', url: api('/me'), cookies: { roster_session: secret ?? '' } });
    expect(me.json()).toMatchObject({ user: { email: person.email, name: `Pat ${person.login}`, emailVerified: true, language: null }, companies: [{ company: { id: tenant.company.id } }] });
    const user = await server.db.kysely.selectFrom('users').selectAll().where('email', '=', person.email).executeTakeFirstOrThrow();
    expect(user.passwordHash).toBe('!');
    expect(await server.db.kysely.selectFrom('teamMembers').select('teamId').where('userId', '=', user.id).execute()).toEqual([{ teamId }]);
    const audit = await server.db.kysely.selectFrom('auditEvents').select('type').where('companyId', '=', tenant.company.id).where('targetId', '=', user.id).execute();
    expect(audit.map((e) => e.type)).toEqual(['member.joined_by_domain']);
    const signIns = await server.db.kysely.selectFrom('securityEvents').select('data').where('userId', '=', user.id).where('type', '=', 'sign_in.succeeded').execute();
    expect(JSON.parse(signIns[0]?.data ?? '{}')).toMatchObject({ method: 'sso', issuer: provider.issuer, accountCreated: true });
    // No password to sign in with.
    expectProblem(await call(server, 'POST', api('/auth/login'), null, { email: person.email, password: '!' }), 401, 'UNAUTHENTICATED');

    // The provider's email changes; the subject finds the same account.
    provider.accounts.set(person.login, { email: `renamed-${person.email}`, email_verified: true });
    const second = await signInThroughProvider(person.email, person.login);
    expect(second.statusCode).toBe(302);
    expect(second.headers.location).toBe('/');
    expect(await server.db.kysely.selectFrom('users').select('id').where('email', 'like', `%${person.login}%`).execute()).toEqual([{ id: user.id }]);
    expect(await server.db.kysely.selectFrom('ssoIdentities').select(['userId', 'subject']).where('userId', '=', user.id).execute()).toEqual([{ userId: user.id, subject: person.login }]);
    expect((await server.db.kysely.selectFrom('sessions').select('id').where('userId', '=', user.id).execute()).length).toBe(2);
  });

  it('links an existing account whose email is confirmed; refuses one never confirmed; asks to join where joining is by request', async () => {
    const { tenant, domain } = await ssoCompany({ joining: 'request' });
    const person = personAt(domain);
    const existing = await makeUser(server.db, { email: person.email });
    const res = await signInThroughProvider(person.email, person.login);
    expect(res.headers.location).toBe('/');
    expect(await server.db.kysely.selectFrom('ssoIdentities').select('userId').where('subject', '=', person.login).execute()).toEqual([{ userId: existing.id }]);
    expect(await server.db.kysely.selectFrom('joinRequests').select(['userId', 'status']).where('companyId', '=', tenant.company.id).execute()).toEqual([{ userId: existing.id, status: 'pending' }]);

    const squatted = personAt(domain);
    await makeUser(server.db, { email: squatted.email });
    await server.db.kysely.updateTable('users').set({ emailVerified: 0 }).where('email', '=', squatted.email).execute();
    const started = await start(squatted.email);
    const back = await throughProvider(started.redirect, { login: squatted.login });
    const before = await state();
    const refused = await callback(back, started.cookie);
    expect(refused.statusCode).toBe(302);
    expect(refused.headers.location).toBe('/signin/sso?error=unconfirmed');
    expect(sessionCookie(refused)).toBeUndefined();
    expect(await state()).toEqual(before);
  });

  it('goes on to the page asked for (`next`, a path of this site only, kept sealed)', async () => {
    const { domain } = await ssoCompany();
    const person = personAt(domain);
    for (const next of ['//evil.test/x', 'https://evil.test/', '/\\evil.test']) {
      expectProblem(await server.app.inject({ method: 'POST', url: api('/auth/sso/start'), payload: { email: person.email, next } }), 400, 'VALIDATION_FAILED');
    }
    const res = await server.app.inject({ method: 'POST', url: api('/auth/sso/start'), payload: { email: person.email, next: '/invitations/secret-token-here' } });
    expect(res.statusCode).toBe(200);
    const stored = await server.db.kysely.selectFrom('ssoLogins').select('secrets').where('email', '=', person.email).executeTakeFirstOrThrow();
    expect(stored.secrets).toMatch(/^sealed:v1:/);
    expect(stored.secrets).not.toContain('secret-token-here');
    const cookie = res.cookies.find((c) => c.name === 'roster_sso')?.value ?? '';
    const back = await throughProvider(res.json<{ redirect: string }>().redirect, { login: person.login });
    expect((await callback(back, cookie)).headers.location).toBe('/invitations/secret-token-here');
  });

  it('answers an email no provider covers SSO_NOT_CONFIGURED, changing nothing', async () => {
    await ssoCompany();
    const send = () => server.app.inject({ method: 'POST', url: api('/auth/sso/start'), payload: { email: 'someone@uncovered.test' } });
    await expectRefused(server.db, send, 409, 'SSO_NOT_CONFIGURED');
    expect((await server.db.kysely.selectFrom('ssoLogins').select('stateHash').where('email', '=', 'someone@uncovered.test').execute()).length).toBe(0);
  });
});

describe('enforced single sign-on', () => {
  it('refuses password sign-in at a covered domain with SSO_REQUIRED, but for the owner; a wrong password stays 401', async () => {
    const { tenant, domain } = await ssoCompany({ enforced: true });
    const member = await tenant.member({}, { email: `m-${fresh()}@${domain}` });
    const send = () => server.app.inject({ method: 'POST', url: api('/auth/login'), payload: { email: member.email, password: TEST_PASSWORD } });
    const refused = await expectRefused(server.db, send, 403, 'SSO_REQUIRED');
    expect(refused.json()).toMatchObject({ sso: '/api/v1/auth/sso/start' });
    expectProblem(await call(server, 'POST', api('/auth/login'), null, { email: member.email, password: 'not the password' }), 401, 'UNAUTHENTICATED');
    // The owner keeps the password as the way back in.
    await server.db.kysely.updateTable('users').set({ email: `owner-${fresh()}@${domain}` }).where('id', '=', tenant.owner.id).execute();
    const owner = await server.db.kysely.selectFrom('users').select('email').where('id', '=', tenant.owner.id).executeTakeFirstOrThrow();
    expect((await call(server, 'POST', api('/auth/login'), null, { email: owner.email, password: TEST_PASSWORD })).statusCode).toBe(200);
    // Nor is a new account made with a password there (with or without an invitation).
    const signUp = () => server.app.inject({ method: 'POST', url: api('/auth/signup'), payload: { email: `new-${fresh()}@${domain}`, name: 'New Person', password: TEST_PASSWORD } });
    await expectRefused(server.db, signUp, 403, 'SSO_REQUIRED');
    // Not enforced: the password signs in.
    await call(server, 'PUT', ssoUrl(tenant), tenant.owner, settings([domain], { enforced: false, clientSecret: undefined }));
    expect((await send()).statusCode).toBe(200);
  });
});

describe('a failed sign-in', () => {
  /** The callback ends on the page of `reason`, with no session, and nothing written. */
  async function expectFailedPage(res: LightMyRequestResponse, reason: string, before: Awaited<ReturnType<typeof state>>) {
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe(`/signin/sso?error=${reason}`);
    expect(sessionCookie(res)).toBeUndefined();
    expect(await state()).toEqual(before);
  }

  it('denied consent, a wrong or reused state, an expired code, an unverified email: each its page, nothing changed', async () => {
    const { domain } = await ssoCompany();
    const person = personAt(domain);

    // Denied at the provider.
    let started = await start(person.email);
    let back = await throughProvider(started.redirect, 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    let before = await state();
    await expectFailedPage(await callback(back, started.cookie), 'denied', before);

    // Another browser's state (the cookie is not this sign-in's), then none at all.
    started = await start(person.email);
    back = await throughProvider(started.redirect, { login: person.login });
    const other = await start(person.email);
    before = await state();
    await expectFailedPage(await callback(back, other.cookie), 'state', before);
    await expectFailedPage(await callback(back, undefined), 'state', before);
    // The right one goes through once; the same callback again is a used state.
    expect((await callback(back, started.cookie)).headers.location).toBe('/');
    before = await state();
    await expectFailedPage(await callback(back, started.cookie), 'state', before);

    // An expired code.
    provider.codeTtl.seconds = 1;
    try {
      started = await start(person.email);
      back = await throughProvider(started.redirect, { login: person.login });
      await new Promise((resolve) => setTimeout(resolve, 2100));
    } finally {
      provider.codeTtl.seconds = 60;
    }
    before = await state();
    await expectFailedPage(await callback(back, started.cookie), 'code', before);

    // An email the provider does not vouch for.
    const unverified = personAt(domain, false);
    started = await start(unverified.email);
    back = await throughProvider(started.redirect, { login: unverified.login });
    before = await state();
    await expectFailedPage(await callback(back, started.cookie), 'unverified', before);
    expect(await server.db.kysely.selectFrom('users').select('id').where('email', '=', unverified.email).execute()).toEqual([]);

    // An email at a domain the company's single sign-on does not cover.
    const stranger = `s-${fresh()}`;
    provider.accounts.set(stranger, { email: `${stranger}@uncovered.test`, email_verified: true });
    started = await start(person.email);
    back = await throughProvider(started.redirect, { login: stranger });
    before = await state();
    await expectFailedPage(await callback(back, started.cookie), 'domain', before);
  });
});

describe('a client secret sealed under another key', () => {
  it('is SSO_DISCOVERY_FAILED at the start, changing nothing, until the owner enters it again', async () => {
    const { tenant, domain } = await ssoCompany();
    await server.db.kysely
      .updateTable('companySso')
      .set({ clientSecret: seal(randomBytes(32), 'sso-client-secret', tenant.company.id, provider.clientSecret) })
      .where('companyId', '=', tenant.company.id)
      .execute();
    const person = personAt(domain);
    await expectRefused(server.db, () => server.app.inject({ method: 'POST', url: api('/auth/sso/start'), payload: { email: person.email } }), 502, 'SSO_DISCOVERY_FAILED');
    await expectRefused(server.db, await request(server, 'PUT', ssoUrl(tenant), tenant.owner, settings([domain], { clientSecret: undefined })), 502, 'SSO_DISCOVERY_FAILED');
    expect((await call(server, 'PUT', ssoUrl(tenant), tenant.owner, settings([domain]))).statusCode).toBe(200);
    expect((await signInThroughProvider(person.email, person.login)).headers.location).toBe('/');
  });
});

describe('one sign-in’s callback twice at once', () => {
  it('signs in once: the other ends on the page `state`, and one account and one session are made', async () => {
    const { domain } = await ssoCompany();
    const person = personAt(domain);
    const started = await start(person.email);
    const back = await throughProvider(started.redirect, { login: person.login });
    const answers = await Promise.all([callback(back, started.cookie), callback(back, started.cookie)]);
    expect(answers.map((res) => res.headers.location).sort()).toEqual(['/', '/signin/sso?error=state']);
    const users = await server.db.kysely.selectFrom('users').select('id').where('email', '=', person.email).execute();
    expect(users.length).toBe(1);
    expect((await server.db.kysely.selectFrom('sessions').select('id').where('userId', '=', users[0]?.id ?? '').execute()).length).toBe(1);
  });

  it('two first sign-ins of one person at once (two tabs) make one account, linked once, with two sessions', async () => {
    const { domain } = await ssoCompany();
    const person = personAt(domain);
    const tabs = await Promise.all([start(person.email), start(person.email)]);
    const backs = await Promise.all(tabs.map((tab) => throughProvider(tab.redirect, { login: person.login })));
    const answers = await Promise.all(tabs.map((tab, i) => callback(backs[i] ?? new URL('http://x'), tab.cookie)));
    expect(answers.map((res) => res.headers.location)).toEqual(['/', '/']);
    const users = await server.db.kysely.selectFrom('users').select('id').where('email', '=', person.email).execute();
    expect(users.length).toBe(1);
    expect((await server.db.kysely.selectFrom('ssoIdentities').select('userId').where('subject', '=', person.login).execute()).length).toBe(1);
    expect((await server.db.kysely.selectFrom('sessions').select('id').where('userId', '=', users[0]?.id ?? '').execute()).length).toBe(2);
  });
});

describe('a provider that stops answering, and the start’s rate limit', () => {
  it('ends a sign-in whose provider went away on the page `unreachable`, changing nothing', async () => {
    const gone = await startOidcProvider([`${server.config.baseUrl}/api/v1/auth/sso/callback`]);
    const tenant = await makeCompany(server);
    const domain = await verifiedDomain(tenant);
    const saved = await call(server, 'PUT', ssoUrl(tenant), tenant.owner, { issuer: gone.issuer, clientId: gone.clientId, clientSecret: gone.clientSecret, domains: [domain], enforced: false });
    expect(saved.statusCode, saved.body).toBe(200);
    const login = `g-${fresh()}`;
    gone.accounts.set(login, { email: `${login}@${domain}`, email_verified: true });
    const started = await start(`${login}@${domain}`);
    const back = await throughProvider(started.redirect, { login });
    await gone.close();
    const before = await state();
    const res = await callback(back, started.cookie);
    expect(res.headers.location).toBe('/signin/sso?error=unreachable');
    expect(sessionCookie(res)).toBeUndefined();
    expect(await state()).toEqual(before);
    // Saving the settings asks the provider afresh, and says that it does not answer.
    await expectRefused(server.db, await request(server, 'PUT', ssoUrl(tenant), tenant.owner, { issuer: gone.issuer, clientId: gone.clientId, clientSecret: gone.clientSecret, domains: [domain], enforced: true }), 502, 'SSO_DISCOVERY_FAILED');
  });

  it('counts starts as sign-in attempts of the email: past the limit, 429 and nothing written', async () => {
    const limited = await startTestServer({ LOGIN_ATTEMPTS_PER_15_MIN: '2' });
    try {
      const send = () => limited.app.inject({ method: 'POST', url: api('/auth/sso/start'), payload: { email: 'x@nowhere.test' } });
      expectProblem(await send(), 409, 'SSO_NOT_CONFIGURED');
      expectProblem(await send(), 409, 'SSO_NOT_CONFIGURED');
      const refused = await expectRefused(limited.db, send, 429, 'RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
