import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readMail } from '../support/app.js';
import { browserAvailable, expectAccessible, PASSWORD, screenshot, useBrowserServer, VIEWPORTS, type BrowserServer } from './browser.js';

const available = browserAvailable();

/** The newest link to `/<path>/…` mailed to the address, once delivered (and other than `than`). */
async function mailedLink({ server, dir }: BrowserServer, email: string, path: string, than?: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const link = readMail(join(dir, 'mail'))
      .filter((message) => message.headers.get('to')?.includes(email))
      .map((message) => message.text.split('\n').find((line) => line.trim().startsWith(`${server.url}/${path}/`)))
      .findLast((line) => line !== undefined)
      ?.trim();
    if (link !== undefined && link !== than) return link;
    if (Date.now() > deadline) throw new Error(`no /${path}/ mail for ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Presses Tab until the element has the focus (the keyboard's way there), at most 20 times. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('the element is not reached with Tab');
}

describe.skipIf(!available)('one’s password, name and email in Chromium', { timeout: 120_000 }, () => {
  const running = useBrowserServer('roster-browser-account-recovery-');
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
    it(`at ${viewport.width}×${viewport.height}: forgot the password (by keyboard alone), reset it, sign in; then name, password and email in the Account area`, async () => {
      const tag = viewport.name;
      const email = `rita-${tag}@acme.test`;
      const page = await newPage(viewport);
      // An account whose session is elsewhere: this browser is signed out.
      const other = await newPage(viewport);
      expect((await other.request.post('/api/v1/auth/signup', { data: { email, name: `Rita ${tag}`, password: PASSWORD } })).status()).toBe(201);
      expect((await other.request.get('/api/v1/me')).status()).toBe(200);

      // "Forgot your password?" from the sign-in page, with the keyboard alone.
      await page.goto('/signin');
      await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
      await tabTo(page, page.getByRole('link', { name: 'Forgot your password?' }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
      await expectAccessible(page, 'forgot password');
      await tabTo(page, page.getByRole('textbox', { name: 'Email' }));
      await page.keyboard.type(email);
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: `If an account uses ${email}, a link to choose a new password is on its way there.` }).waitFor();
      await screenshot(page, `forgot-password-${tag}`);

      // The mail's link: a new password, typed twice, with the keyboard.
      await page.goto(await mailedLink(running(), email, 'reset-password'));
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await expectAccessible(page, 'reset password');
      await screenshot(page, `reset-password-${tag}`);
      await tabTo(page, page.getByLabel('New password', { exact: true }));
      await page.keyboard.type('a new passphrase here');
      await page.keyboard.press('Tab');
      await page.keyboard.type('a different one');
      await page.keyboard.press('Enter');
      await page.getByText('The two passwords are not the same.').waitFor();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await tabTo(page, page.getByLabel('New password again'));
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('a new passphrase here');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Your password is changed, and every session of your account is signed out.' }).waitFor();
      // The other browser's session has ended.
      expect((await other.request.get('/api/v1/me')).status()).toBe(401);
      await page.getByRole('link', { name: 'Sign in with your new password' }).click();
      await page.getByRole('textbox', { name: 'Email' }).fill(email);
      await page.getByLabel('Password').fill('a new passphrase here');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Create a company' }).waitFor();

      // Profile: the name.
      await page.goto('/account');
      await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
      await page.getByRole('textbox', { name: 'Name' }).fill(`Rita Renamed ${tag}`);
      await page.getByRole('button', { name: 'Save name' }).click();
      await page.getByRole('status').filter({ hasText: 'Your name is saved.' }).waitFor();
      await expectAccessible(page, 'account profile');
      await screenshot(page, `account-profile-${tag}`);
      await page.reload();
      expect(await page.getByRole('textbox', { name: 'Name' }).inputValue()).toBe(`Rita Renamed ${tag}`);

      // Password: a wrong current one is told at its field; the right one changes it.
      await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Password' }).click();
      await page.getByRole('heading', { name: 'Password', level: 1 }).waitFor();
      await page.getByLabel('Current password').fill('not my password');
      await page.getByLabel('New password', { exact: true }).fill('the third passphrase');
      await page.getByLabel('New password again').fill('the third passphrase');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('This is not your current password.').waitFor();
      await page.getByLabel('Current password').fill('a new passphrase here');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByRole('status').filter({ hasText: 'Your password is changed. You had no other sessions.' }).waitFor();
      await expectAccessible(page, 'account password');
      await screenshot(page, `account-password-${tag}`);

      // Email: changed only when the link to the new address is opened.
      const newEmail = `rita-new-${tag}@acme.test`;
      await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Email' }).click();
      await page.getByRole('heading', { name: 'Email', level: 1 }).waitFor();
      await page.getByRole('textbox', { name: 'New email' }).fill(newEmail);
      await page.getByRole('button', { name: 'Send the confirmation link' }).click();
      await page.getByRole('status').filter({ hasText: `We sent a link to ${newEmail}.` }).waitFor();
      await expectAccessible(page, 'account email, change waiting');
      await screenshot(page, `account-email-${tag}`);
      // Dropped, then asked again: only the newest link is sent for.
      const dropped = await mailedLink(running(), newEmail, 'confirm-email');
      await page.getByRole('button', { name: 'Cancel this change' }).click();
      await page.getByRole('button', { name: 'Cancel this change' }).waitFor({ state: 'detached' });
      await page.getByRole('textbox', { name: 'New email' }).fill(newEmail);
      await page.getByRole('button', { name: 'Send the confirmation link' }).click();
      await page.getByRole('status').filter({ hasText: `We sent a link to ${newEmail}.` }).waitFor();
      await page.goto(await mailedLink(running(), newEmail, 'confirm-email', dropped));
      await page.getByRole('status').filter({ hasText: `Your account’s email is now ${newEmail}.` }).waitFor();
      await expectAccessible(page, 'email confirmed');
      await page.goto('/account/email');
      await page.getByText(`Your email is ${newEmail} (confirmed).`).waitFor();
    });
  }
});
