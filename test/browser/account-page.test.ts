import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptLinksFor, browserAvailable, expectAccessible, markEmailVerified, PASSWORD, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';

const available = browserAvailable();
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

describe.skipIf(!available)('the Account area’s sessions, API tokens, security log and deletion in Chromium', { timeout: 120_000 }, () => {
  const running = useBrowserServer('roster-browser-account-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
  const newPage = async (viewport: { width: number; height: number }, userAgent?: string): Promise<Page> => {
    const { browser, server } = running();
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height },
      baseURL: server.url,
      ...(userAgent === undefined ? {} : { userAgent }),
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    contexts.push(context);
    return context.newPage();
  };
  /** Signs up through the API in this page's browser (its cookie then signs the page in). */
  const signUp = async (page: Page, email: string, name: string) => {
    expect((await page.request.post('/api/v1/auth/signup', { data: { email, name, password: PASSWORD } })).status()).toBe(201);
  };
  const signIn = async (page: Page, email: string) => {
    expect((await page.request.post('/api/v1/auth/login', { data: { email, password: PASSWORD } })).status()).toBe(200);
  };
  /** Presses Tab until `target` has the focus (keyboard only), at most 60 times. */
  const tabTo = async (page: Page, target: Locator) => {
    for (let presses = 0; presses < 60; presses++) {
      if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error('the keyboard never reached the element');
  };
  const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor();

  it('shows the security log 50 events at a time, the older ones on request', async () => {
    const page = await newPage(VIEWPORTS[0]);
    await signUp(page, 'lena@acme.test', 'Lena Long');
    for (let made = 0; made < 55; made++) expect((await page.request.post('/api/v1/me/tokens', { data: { name: `token ${made}` } })).status()).toBe(201);
    await page.goto('/account/security-log');
    const events = page.getByRole('list', { name: 'Security events' }).getByRole('listitem');
    await page.getByText('API token “token 54” made').waitFor();
    expect(await events.count()).toBe(50);
    await page.getByRole('button', { name: 'Show older events' }).click();
    await page.getByText('API token “token 0” made').waitFor();
    expect(await events.count()).toBe(55);
    await page.getByRole('button', { name: 'Show older events' }).waitFor({ state: 'detached' });
  });

  it('names the contracts that keep a contact person from deleting their account', async () => {
    const owner = await newPage(VIEWPORTS[0]);
    await signUp(owner, 'otto@acme.test', 'Otto Owner');
    markEmailVerified(running(), 'otto@acme.test');
    const made = await owner.request.post('/api/v1/companies', { data: { name: 'Acme Contracts' } });
    const { company } = (await made.json()) as { company: { id: string; defaultTeamId: string } };
    const invited = await owner.request.post(`/api/v1/companies/${company.id}/invitations`, {
      data: { emails: ['carl@acme.test'], teams: [{ teamId: company.defaultTeamId, roles: ['hiring_manager'] }] },
    });
    expect(invited.status()).toBe(201);
    const link = (await acceptLinksFor(running(), 'carl@acme.test')).at(-1) ?? '';
    const page = await newPage(VIEWPORTS[0]);
    const joined = await page.request.post('/api/v1/auth/signup', {
      data: { email: 'carl@acme.test', name: 'Carl Contact', password: PASSWORD, invitationToken: link.split('/invitations/')[1] },
    });
    expect(joined.status()).toBe(201);
    const carl = ((await joined.json()) as { user: { id: string } }).user;
    const contract = await owner.request.post(`/api/v1/companies/${company.id}/contracts`, {
      data: { teamId: company.defaultTeamId, title: 'Logo design', freelancerName: 'Fran Freelancer', contactPersonId: carl.id },
    });
    expect(contract.status()).toBe(201);

    await page.goto('/account/delete');
    await page.getByRole('button', { name: 'Delete account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.getByText('You are the contact person of active contracts.', { exact: false }).waitFor();
    await refusal.getByRole('listitem').filter({ hasText: 'Logo design (Acme Contracts)' }).waitFor();
    await expectAccessible(page, 'a deletion refused for a contact person');
    await screenshot(page, 'account-delete-contact-person');
    expect((await page.request.get('/api/v1/me')).status()).toBe(200);
  });

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: sessions listed and the others signed out, a token made, copied and revoked, all in the security log`, async () => {
      const tag = viewport.name;
      const email = `sam-${tag}@acme.test`;
      const page = await newPage(viewport);
      await signUp(page, email, `Sam ${tag}`);
      const elsewhere = await newPage(viewport, FIREFOX);
      await signIn(elsewhere, email);

      // Sessions: this one and the one in Firefox, each with its client.
      await page.goto('/account');
      await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sessions' }).click();
      await page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor();
      const sessions = page.getByRole('list', { name: 'Sessions' });
      await sessions.getByText('Firefox on Windows').waitFor();
      await sessions.getByText('Chrome on Linux · this session').waitFor();
      await expectAccessible(page, 'the sessions');
      await screenshot(page, `account-sessions-${tag}`);
      await page.getByRole('button', { name: 'Sign out of other sessions' }).click();
      await status(page, 'Signed out of 1 other session.');
      await sessions.getByText('Firefox on Windows').waitFor({ state: 'detached' });
      expect((await elsewhere.request.get('/api/v1/me')).status()).toBe(401);
      expect(await page.getByRole('button', { name: 'Sign out of other sessions' }).isDisabled()).toBe(true);

      // API tokens: made, the secret shown once and copied, then revoked.
      await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'API tokens' }).click();
      await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
      await page.getByRole('textbox', { name: 'Token name' }).fill('CI');
      await page.getByLabel('Expires after').selectOption({ label: '30 days' });
      await page.getByRole('button', { name: 'Make token' }).click();
      const secret = page.getByRole('region', { name: 'Your new token' });
      const token = await secret.getByRole('textbox', { name: 'Token' }).inputValue();
      expect(token).toMatch(/^rst_/);
      await secret.getByRole('button', { name: 'Copy token' }).click();
      await status(page, 'Copied.');
      // The page's own clipboard, read in the page (the test's types know no DOM).
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(token);
      expect((await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
      await expectAccessible(page, 'a new token');
      await screenshot(page, `account-token-${tag}`);
      await secret.getByRole('button', { name: 'Done' }).click();
      await secret.waitFor({ state: 'detached' });
      await page.getByRole('list', { name: 'Tokens' }).getByText(/never used|last used/).waitFor();
      await page.getByRole('button', { name: 'Revoke CI' }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Revoke CI?' });
      await expectAccessible(page, 'revoking a token');
      await confirm.getByRole('button', { name: 'Revoke token' }).click();
      await status(page, 'The token “CI” is revoked: it no longer works.');
      await page.getByText('You have no API tokens.').waitFor();
      expect((await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);

      // The security log tells all three, newest first, after the sign-in in Firefox, with the client and address.
      await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Security log' }).click();
      const log = page.getByRole('list', { name: 'Security events' });
      await log.getByText('API token “CI” revoked').waitFor();
      expect(await log.getByRole('listitem').locator('strong').allTextContents()).toEqual([
        'API token “CI” revoked',
        'API token “CI” made',
        'Signed out of other sessions (1 session ended)',
        'Signed in',
      ]);
      for (const detail of (await log.getByRole('listitem').locator('p').allTextContents()).slice(0, 3)) expect(detail).toMatch(/ · Chrome on Linux · 127\.0\.0\.1$/);
      expect(await log.getByRole('listitem').last().locator('p').textContent()).toMatch(/ · Firefox on Windows · 127\.0\.0\.1$/);
      await expectAccessible(page, 'the security log');
      await screenshot(page, `account-security-log-${tag}`);
    });

    it(`at ${viewport.width}×${viewport.height}: an owner is told to transfer ownership first; a member deletes their account from the keyboard alone`, async () => {
      const tag = viewport.name;
      const owner = await newPage(viewport);
      await signUp(owner, `olga-${tag}@acme.test`, `Olga ${tag}`);
      expect((await owner.request.post('/api/v1/companies', { data: { name: `Owned ${tag}` } })).status()).toBe(201);
      await owner.goto('/account/delete');
      await owner.getByText('Transfer ownership to another member before you delete your account').waitFor();
      await owner.getByRole('listitem').filter({ hasText: `Owned ${tag}` }).first().waitFor();
      expect(await owner.getByRole('button', { name: 'Delete account' }).isDisabled()).toBe(true);
      await expectAccessible(owner, 'deleting an owner’s account');
      // The company's name leads to its members, where a member's page offers the transfer.
      await owner.getByRole('link', { name: `Owned ${tag}` }).click();
      await owner.waitForURL(/\/companies\/[^/]+\/members$/);

      const email = `dora-${tag}@acme.test`;
      const page = await newPage(viewport);
      await signUp(page, email, `Dora ${tag}`);
      await page.goto('/account');
      await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
      // From the navigation to the deletion, with the keyboard only.
      const navLink = page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Delete account' });
      await tabTo(page, navLink);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Delete account', level: 1 }).waitFor();
      await expectAccessible(page, 'delete account');
      await screenshot(page, `account-delete-${tag}`);
      await tabTo(page, page.getByRole('button', { name: 'Delete account' }));
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
      await dialog.waitFor();
      await page.keyboard.type('not my password');
      await page.keyboard.press('Enter');
      await dialog.getByRole('alert').filter({ hasText: 'You are not allowed to do this.' }).waitFor();
      await expectAccessible(page, 'delete account, a wrong password');
      await dialog.getByLabel('Password').fill('');
      await dialog.getByLabel('Password').focus();
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
      expect((await page.request.get('/api/v1/me')).status()).toBe(401);
      expect((await page.request.post('/api/v1/auth/login', { data: { email, password: PASSWORD } })).status()).toBe(401);
    });
  }
});
