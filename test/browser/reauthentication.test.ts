import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ageSessions, acceptLinksFor, browserAvailable, expectAccessible, markEmailVerified, PASSWORD, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';

const available = browserAvailable();
const NEW_PASSWORD = 'a brand new passphrase for roster';

/** Presses Tab until `target` has the focus (keyboard only), at most 60 times. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    if (await focused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('the keyboard never reached the element');
}

/** Whether `target` has the focus, once the page has settled. */
const focused = (target: Locator): Promise<boolean> => target.evaluate((element) => element === element.ownerDocument.activeElement);

describe.skipIf(!available)('recent sign-in for sensitive changes, in Chromium', { timeout: 180_000 }, () => {
  const running = useBrowserServer('roster-browser-reauthentication-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
  const newPage = async (viewport: { width: number; height: number }): Promise<Page> => {
    const { browser, server } = running();
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
    contexts.push(context);
    return context.newPage();
  };

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: an API token, an email change and the account's deletion, each after an old sign-in, go on once confirmed`, async () => {
      const tag = viewport.name;
      const email = `mira-${tag}@acme.test`;
      const page = await newPage(viewport);
      expect((await page.request.post('/api/v1/auth/signup', { data: { email, name: `Mira ${tag}`, password: PASSWORD } })).status()).toBe(201);
      const confirm = page.getByRole('dialog', { name: 'Confirm it’s you' });
      const confirmed = async () => {
        await confirm.waitFor();
        await confirm.getByLabel('Password').fill(PASSWORD);
        await confirm.getByRole('button', { name: 'Confirm and continue' }).click();
        await confirm.waitFor({ state: 'detached' });
      };

      // An API token: its secret is shown once the sign-in is confirmed.
      ageSessions(running(), email);
      await page.goto('/account/tokens');
      await page.getByLabel('Token name').fill('CI');
      await page.getByRole('button', { name: 'Make token' }).click();
      await confirmed();
      await page.getByRole('region', { name: 'Your new token' }).getByText('Copy your new token “CI” now.').waitFor();

      // Cancelling the dialog changes nothing, and says so.
      ageSessions(running(), email);
      await page.goto('/account/email');
      await page.getByLabel('New email').fill(`mira-new-${tag}@acme.test`);
      await page.getByRole('button', { name: 'Send the confirmation link' }).click();
      await confirm.waitFor();
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('alert').filter({ hasText: 'confirm it is you' }).waitFor();
      expect(((await (await page.request.get('/api/v1/me/email')).json()) as { pending: unknown }).pending).toBeNull();
      // The email change: the link is sent once the sign-in is confirmed.
      await page.getByRole('button', { name: 'Send the confirmation link' }).click();
      await confirmed();
      await page.getByRole('status').filter({ hasText: `We sent a link to mira-new-${tag}@acme.test.` }).waitFor();

      // The deletion: the sign-in dialog over the deletion's, then the account is gone.
      ageSessions(running(), email);
      await page.goto('/account/delete');
      await page.getByRole('button', { name: 'Delete account' }).click();
      const deletion = page.getByRole('dialog', { name: 'Delete your account?' });
      await deletion.getByLabel('Password').fill(PASSWORD);
      await deletion.getByRole('button', { name: 'Delete my account' }).click();
      await confirm.waitFor();
      await expectAccessible(page, 'confirm it is you, over the deletion');
      await confirmed();
      await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
      expect((await page.request.post('/api/v1/auth/login', { data: { email, password: PASSWORD } })).status()).toBe(401);
    });
  }

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: an old sign-in asks for the password in place and the change goes on; ownership transferred by keyboard`, async () => {
      const tag = viewport.name;
      const email = `olga-${tag}@acme.test`;
      const page = await newPage(viewport);
      expect((await page.request.post('/api/v1/auth/signup', { data: { email, name: `Olga ${tag}`, password: PASSWORD } })).status()).toBe(201);
      markEmailVerified(running(), email);
      const made = await page.request.post('/api/v1/companies', { data: { name: `Acme ${tag}` } });
      const { company } = (await made.json()) as { company: { id: string; defaultTeamId: string } };
      const memberEmail = `pat-${tag}@acme.test`;
      const invited = await page.request.post(`/api/v1/companies/${company.id}/invitations`, {
        data: { emails: [memberEmail], teams: [{ teamId: company.defaultTeamId, roles: [] }] },
      });
      expect(invited.status()).toBe(201);
      const link = (await acceptLinksFor(running(), memberEmail)).at(-1) ?? '';
      const other = await newPage(viewport);
      const joined = await other.request.post('/api/v1/auth/signup', {
        data: { email: memberEmail, name: `Pat ${tag}`, password: PASSWORD, invitationToken: link.split('/invitations/')[1] },
      });
      expect(joined.status()).toBe(201);
      const pat = ((await joined.json()) as { user: { id: string } }).user;

      // The password changed an hour after signing in: "Confirm it's you", then the change goes through.
      ageSessions(running(), email);
      await page.goto('/account/password');
      await page.getByLabel('Current password').fill(PASSWORD);
      await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel('New password again').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      const confirm = page.getByRole('dialog', { name: 'Confirm it’s you' });
      await confirm.waitFor();
      await expectAccessible(page, 'confirm it is you, changing the password');
      await screenshot(page, `reauthenticate-password-${tag}`);
      await confirm.getByLabel('Password').fill('not my password');
      await confirm.getByRole('button', { name: 'Confirm and continue' }).click();
      await confirm.getByRole('alert').waitFor();
      await confirm.getByLabel('Password').fill(PASSWORD);
      await confirm.getByRole('button', { name: 'Confirm and continue' }).click();
      await page.getByRole('status').filter({ hasText: 'Your password is changed.' }).waitFor();
      await confirm.waitFor({ state: 'detached' });
      expect((await page.request.post('/api/v1/auth/login', { data: { email, password: NEW_PASSWORD } })).status()).toBe(200);

      // Ownership, by keyboard only, an hour after signing in again: the consequences, the password, then "Confirm it's you".
      ageSessions(running(), email);
      await page.goto(`/companies/${company.id}/members/${pat.id}`);
      await page.getByRole('heading', { name: `Pat ${tag}`, level: 1 }).waitFor();
      await tabTo(page, page.getByRole('button', { name: 'Transfer ownership' }));
      await page.keyboard.press('Enter');
      const transfer = page.getByRole('alertdialog', { name: `Make Pat ${tag} the owner of Acme ${tag}?` });
      await transfer.getByText(`Pat ${tag} becomes the owner`, { exact: false }).waitFor();
      await transfer.getByText('and the admin role besides', { exact: false }).waitFor();
      await expectAccessible(page, 'transfer ownership');
      await screenshot(page, `transfer-ownership-${tag}`);
      await expect.poll(() => focused(transfer.getByRole('button', { name: 'Cancel' }))).toBe(true);
      await page.keyboard.press('Shift+Tab');
      await expect.poll(() => focused(transfer.getByLabel('Your password'))).toBe(true);
      await page.keyboard.type('not my password');
      await page.keyboard.press('Enter');
      await confirm.waitFor();
      await expect.poll(() => focused(confirm.getByLabel('Password'))).toBe(true);
      await page.keyboard.type(NEW_PASSWORD);
      await page.keyboard.press('Enter');
      // Signed in again, the transfer is retried with the password it was given: a wrong one, said so.
      await confirm.waitFor({ state: 'detached' });
      await transfer.getByRole('alert').filter({ hasText: 'This is not your password.' }).waitFor();
      await expectAccessible(page, 'a transfer refused for a wrong password');
      let company0 = (await (await page.request.get(`/api/v1/companies/${company.id}`)).json()) as { company: { ownerId: string } };
      expect(company0.company.ownerId).not.toBe(pat.id);
      await expect.poll(() => focused(transfer.getByLabel('Your password'))).toBe(true);
      await page.keyboard.press('Control+A');
      await page.keyboard.type(NEW_PASSWORD);
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: `Pat ${tag} is now the owner of Acme ${tag}.` }).waitFor();
      await transfer.waitFor({ state: 'detached' });
      await page.getByRole('heading', { name: 'Transfer ownership' }).waitFor({ state: 'detached' });
      await expectAccessible(page, 'ownership transferred');
      company0 = (await (await page.request.get(`/api/v1/companies/${company.id}`)).json()) as { company: { ownerId: string } };
      expect(company0.company.ownerId).toBe(pat.id);
    });
  }
});
