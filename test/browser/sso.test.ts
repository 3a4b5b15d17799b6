import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { browserAvailable, expectAccessible, launchChromium, markEmailVerified, PASSWORD, screenshot, VIEWPORTS } from './browser.js';

const available = browserAvailable();

describe.skipIf(!available)('single sign-on in Chromium, against a real OpenID Provider', { timeout: 120_000 }, () => {
  let server: ChildServer;
  let provider: TestOidcProvider;
  let browser: Browser;
  let dir: string;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-browser-sso-'));
    server = await startChildServer({ DATABASE_URL: `sqlite:${join(dir, 'roster.db')}`, MAIL_URL: `file:${join(dir, 'mail')}`, RATE_LIMITS: 'off' });
    provider = await startOidcProvider([`${server.url}/api/v1/auth/sso/callback`]);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await server.kill();
    await provider.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newPage = async (viewport: { width: number; height: number }): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
    contexts.push(context);
    return context.newPage();
  };

  /** A verified domain of the company, written into the server's database (its DNS check is the domains page's test). */
  const verifiedDomain = (companyId: string, ownerEmail: string, domain: string) => {
    const db = new Database(join(dir, 'roster.db'));
    try {
      const owner = db.prepare('select id from users where email = ?').get(ownerEmail) as { id: string };
      const at = new Date().toISOString();
      db.prepare("insert into company_domains (id, company_id, domain, token, status, created_by, created_at, verified_at) values (?, ?, ?, 't', 'verified', ?, ?, ?)").run(
        `d-${domain}`, companyId, domain, owner.id, at, at,
      );
    } finally {
      db.close();
    }
  };

  /** At the provider's development pages: sign in as `login`, then consent. */
  const throughProviderPages = async (page: Page, login: string) => {
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: 'Continue' }).click();
  };

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: the owner sets single sign-on; a person signs in through the provider, joins; a cancelled sign-in has its page; enforced, a password sign-in leads there`, async () => {
      const tag = viewport.name;
      const domain = `sso-${tag}.test`;
      const ownerEmail = `olga@${domain}`;
      const owner = await newPage(viewport);
      expect((await owner.request.post('/api/v1/auth/signup', { data: { email: ownerEmail, name: `Olga ${tag}`, password: PASSWORD } })).status()).toBe(201);
      markEmailVerified({ server, browser, dir }, ownerEmail);
      const created = await owner.request.post('/api/v1/companies', { data: { name: `Acme ${tag}` } });
      const { company } = (await created.json()) as { company: { id: string; defaultTeamId: string } };
      verifiedDomain(company.id, ownerEmail, domain);
      expect((await owner.request.put(`/api/v1/companies/${company.id}/joining`, { data: { mode: 'team', teamId: company.defaultTeamId } })).status()).toBe(200);

      // The owner's settings: the provider, the domain, saved after the provider answered.
      await owner.goto(`/companies/${company.id}/domains`);
      const section = owner.getByRole('region', { name: 'Single sign-on' });
      await section.getByText('Single sign-on is off').waitFor();
      await section.getByText(`${server.url}/api/v1/auth/sso/callback`).waitFor();
      await section.getByRole('textbox', { name: 'Issuer URL' }).fill(provider.issuer);
      await section.getByRole('textbox', { name: 'Client ID' }).fill(provider.clientId);
      await section.getByLabel('Client secret').fill(provider.clientSecret);
      await section.getByRole('checkbox', { name: domain }).check();
      await section.getByRole('button', { name: 'Save single sign-on' }).click();
      await section.getByText(`Single sign-on is on for ${domain}; passwords still work.`).waitFor();
      expect(await section.getByLabel('Client secret').inputValue()).toBe('');
      await section.getByText('A secret is set. Leave this empty to keep it.').waitFor();
      await expectAccessible(owner, 'the single sign-on settings');
      await screenshot(owner, `sso-settings-${tag}`);

      // A person signs in with their email alone, through the provider, and lands in the company.
      const login = `pat-${tag}`;
      provider.accounts.set(login, { email: `${login}@${domain}`, email_verified: true, name: `Pat ${tag}` });
      const person = await newPage(viewport);
      await person.goto('/signin');
      await person.getByRole('link', { name: 'Sign in with single sign-on' }).click();
      await person.getByRole('heading', { name: 'Sign in with single sign-on' }).waitFor();
      await expectAccessible(person, 'the single sign-on sign-in');
      await screenshot(person, `sso-sign-in-${tag}`);
      await person.getByRole('textbox', { name: 'Work email' }).fill(`${login}@${domain}`);
      await person.getByRole('button', { name: 'Continue' }).click();
      await throughProviderPages(person, login);
      await person.waitForURL(`${server.url}/companies/${company.id}/members`);
      await person.getByText(`Acme ${tag}`).first().waitFor();
      const me = (await (await person.request.get('/api/v1/me')).json()) as { user: { email: string; name: string } };
      expect(me.user).toMatchObject({ email: `${login}@${domain}`, name: `Pat ${tag}` });

      // Cancelled at the provider: the page says so, and nobody is signed in.
      const other = await newPage(viewport);
      await other.goto('/signin/sso');
      await other.getByRole('textbox', { name: 'Work email' }).fill(`kim-${tag}@${domain}`);
      await other.getByRole('button', { name: 'Continue' }).click();
      await other.waitForURL((url) => url.origin === provider.issuer);
      await other.getByRole('link', { name: '[ Cancel ]' }).click();
      await other.waitForURL(`${server.url}/signin/sso?error=denied`);
      await other.getByRole('alert').getByText('The sign-in was declined at your identity provider. Nothing changed in Roster.').waitFor();
      expect((await other.request.get('/api/v1/me')).status()).toBe(401);
      await expectAccessible(other, 'a failed single sign-on');
      await screenshot(other, `sso-denied-${tag}`);

      // Enforced: a password sign-in at the domain is refused in words, and leads to single sign-on with the email.
      const ann = await newPage(viewport);
      expect((await ann.request.post('/api/v1/auth/signup', { data: { email: `ann-${tag}@${domain}`, name: `Ann ${tag}`, password: PASSWORD } })).status()).toBe(201);
      await ann.request.post('/api/v1/auth/logout');
      const enforced = await owner.request.put(`/api/v1/companies/${company.id}/sso`, {
        data: { issuer: provider.issuer, clientId: provider.clientId, domains: [domain], enforced: true },
      });
      expect(enforced.status()).toBe(200);
      await ann.goto('/signin');
      await ann.getByRole('textbox', { name: 'Email' }).fill(`ann-${tag}@${domain}`);
      await ann.getByLabel('Password').fill(PASSWORD);
      await ann.getByRole('button', { name: 'Sign in', exact: true }).click();
      await ann.getByText('Your company signs you in through its single sign-on.', { exact: false }).waitFor();
      await expectAccessible(ann, 'a password sign-in refused for single sign-on');
      await ann.getByRole('link', { name: 'Continue with single sign-on' }).click();
      expect(await ann.getByRole('textbox', { name: 'Work email' }).inputValue()).toBe(`ann-${tag}@${domain}`);
    });
  }
});
