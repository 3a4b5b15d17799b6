import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { totpCode, totpStep, TOTP_PERIOD_SECONDS } from '../../src/auth/totp.js';
import { ageSessions, browserAvailable, expectAccessible, PASSWORD, screenshot, signOutOf, useBrowserServer, VIEWPORTS } from './browser.js';

const available = browserAvailable();

/**
 * Codes of one secret as an authenticator app gives them, each of a later time-step than the last
 * one given (the server accepts no code twice, nor an older one): the current step's, or the next
 * one's (accepted too), waiting for the clock where both are spent.
 */
function authenticator(secret: string) {
  let last = 0;
  return async (): Promise<string> => {
    for (;;) {
      const now = totpStep(new Date());
      const step = Math.max(now, last + 1);
      if (step <= now + 1) {
        last = step;
        return totpCode(secret, new Date(step * TOTP_PERIOD_SECONDS * 1000));
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
}

describe.skipIf(!available)('two-factor authentication in Chromium', { timeout: 180_000 }, () => {
  const running = useBrowserServer('roster-browser-two-factor-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
  const newPage = async (viewport: { width: number; height: number }): Promise<Page> => {
    const { browser, server } = running();
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    contexts.push(context);
    return context.newPage();
  };

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: turn it on, sign in in two steps by keyboard, require it of admins, confirm it's you, and turn it off`, async () => {
      const tag = viewport.name;
      const email = `tess-${tag}@acme.test`;
      const page = await newPage(viewport);
      expect((await page.request.post('/api/v1/auth/signup', { data: { email, name: `Tess ${tag}`, password: PASSWORD } })).status()).toBe(201);
      const created = await page.request.post('/api/v1/companies', { data: { name: `Acme ${tag}` } });
      const companyId = ((await created.json()) as { company: { id: string } }).company.id;

      // Turning it on: the QR code and the key, then the code the app shows.
      await page.goto('/account');
      await page.getByRole('link', { name: 'Two-factor authentication' }).click();
      await page.getByRole('heading', { name: 'Two-factor authentication', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
      await page.getByRole('img', { name: 'QR code of your two-factor secret, for your authenticator app' }).waitFor();
      const secret = (await page.locator('code.secret').textContent()) ?? '';
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      const nextCode = authenticator(secret);
      await expectAccessible(page, 'two-factor setup');
      await screenshot(page, `two-factor-setup-${tag}`);
      await page.getByRole('textbox', { name: 'Code from the app' }).fill('000000');
      await page.getByRole('button', { name: 'Turn on', exact: true }).click();
      await page.getByRole('alert').waitFor();
      await page.getByRole('textbox', { name: 'Code from the app' }).fill(await nextCode());
      await page.getByRole('button', { name: 'Turn on', exact: true }).click();

      // The recovery codes, this once: copied, and downloaded.
      const codes = page.getByRole('region', { name: 'Your recovery codes' });
      await codes.waitFor();
      const recovery = (await codes.locator('li code').allTextContents()).map((code) => code.trim());
      expect(recovery).toHaveLength(10);
      await codes.getByRole('button', { name: 'Copy codes' }).click();
      await codes.getByRole('status').filter({ hasText: 'The recovery codes are copied.' }).waitFor();
      expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(recovery.join('\n'));
      const [download] = await Promise.all([page.waitForEvent('download'), codes.getByRole('link', { name: 'Download codes' }).click()]);
      expect(download.suggestedFilename()).toBe('roster-recovery-codes.txt');
      const saved = await readFile(await download.path(), 'utf8');
      for (const code of recovery) expect(saved).toContain(code);
      await expectAccessible(page, 'the recovery codes');
      await screenshot(page, `two-factor-recovery-codes-${tag}`);

      // Signing in again, by keyboard alone: the password, then the code (a wrong one first).
      await signOutOf(page);
      await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
      await page.getByRole('textbox', { name: 'Email' }).focus();
      await page.keyboard.type(email);
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } } }).document.activeElement.getAttribute('autocomplete'))).toBe('one-time-code');
      await page.keyboard.type('000000');
      await page.keyboard.press('Enter');
      await page.getByRole('alert').filter({ hasText: 'That code is not right. 4 tries left.' }).waitFor();
      await expectAccessible(page, 'the second step of a sign-in');
      await screenshot(page, `two-factor-sign-in-${tag}`);
      // The code field keeps the focus: what was typed is selected and typed over.
      await page.keyboard.press('Control+A');
      await page.keyboard.type(await nextCode());
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Members & Permissions' }).waitFor();

      // The company's rule: admins (the owner among them) must use it.
      await page.goto(`/companies/${companyId}/security`);
      await page.getByRole('heading', { name: 'Security', level: 1 }).waitFor();
      await page.getByRole('radio', { name: 'Admins' }).check();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      await expectAccessible(page, 'the two-factor rule');
      await screenshot(page, `two-factor-rule-${tag}`);

      // An hour later, new recovery codes need the password and a code again, asked in place; then the call is made.
      ageSessions(running(), email);
      await page.goto('/account/two-factor');
      await page.getByRole('button', { name: 'Make new recovery codes' }).click();
      const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
      await dialog.getByLabel('Password').fill(PASSWORD);
      await dialog.getByRole('textbox', { name: 'Authentication code' }).fill(await nextCode());
      await expectAccessible(page, 'the confirm-it’s-you dialog');
      await screenshot(page, `two-factor-reauthenticate-${tag}`);
      await dialog.getByRole('button', { name: 'Confirm and continue' }).click();
      await dialog.waitFor({ state: 'detached' });
      const fresh = (await page.getByRole('region', { name: 'Your recovery codes' }).locator('li code').allTextContents()).map((code) => code.trim());
      expect(fresh).toHaveLength(10);
      expect(fresh.filter((code) => recovery.includes(code))).toEqual([]);

      // Turning it off (with a recovery code) while the company asks for it: its pages send the owner back here.
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('textbox', { name: 'Code from the app, or a recovery code' }).fill(fresh[0] ?? '');
      await page.getByRole('button', { name: 'Turn off' }).click();
      await page.getByRole('status').filter({ hasText: 'Two-factor authentication is off.' }).waitFor();
      await page.goto(`/companies/${companyId}/members`);
      await page.waitForURL('**/account/two-factor?required=1');
      await page.getByRole('alert').filter({ hasText: 'A company you belong to asks you to turn on two-factor authentication' }).waitFor();
      await page.getByRole('button', { name: 'Turn on two-factor authentication' }).waitFor();
      await expectAccessible(page, 'sent to turn on two-factor');
      await screenshot(page, `two-factor-required-${tag}`);
    });
  }
});
