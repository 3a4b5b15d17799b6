import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserAvailable, PASSWORD, useBrowserServer, verificationLinkFor } from './browser.js';

const available = browserAvailable();

/**
 * Every Content-Security-Policy violation the page reports from here on: the
 * `securitypolicyviolation` events of the document, and Chromium's "Refused to …" console errors
 * (which also name what a report-only check would miss, such as a blocked inline handler).
 */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) seen.push(`console: ${message.text()}`);
  });
  await page.exposeFunction('reportViolation', (text: string) => seen.push(`event: ${text}`));
  await page.addInitScript(() => {
    const scope = globalThis as unknown as {
      document: { addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string; sample: string }) => void): void };
      reportViolation(text: string): void;
    };
    scope.document.addEventListener('securitypolicyviolation', (event) => {
      scope.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI} ${event.sample}`);
    });
  });
  return seen;
}

describe.skipIf(!available)('the page under its Content-Security-Policy in Chromium', { timeout: 60_000 }, () => {
  const running = useBrowserServer('roster-browser-csp-');
  let page: Page;
  let violations: string[] = [];
  afterAll(async () => {
    await page.context().close();
  });

  it('signs up, creates a company, opens the members page, its menus and dialogs, with no violation', async () => {
    const { browser, server } = running();
    const context = await browser.newContext({ baseURL: server.url });
    page = await context.newPage();
    violations = await watchViolations(page);

    const answer = await page.goto('/signup');
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('textbox', { name: 'Email' }).fill('csp-owner@acme.test');
    await page.getByRole('textbox', { name: 'Your name' }).fill('Cleo Owner');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('textbox', { name: 'Company name' }).waitFor();
    // The verification link's page, under the policy too; an unverified account sends no invitations.
    await page.goto(await verificationLinkFor(running(), 'csp-owner@acme.test'));
    await page.getByRole('status').filter({ hasText: 'is confirmed' }).waitFor();
    await page.getByRole('link', { name: 'Continue to Roster' }).click();
    await page.getByRole('textbox', { name: 'Company name' }).fill('Acme CSP');
    await page.getByRole('button', { name: 'Create company' }).click();
    await page.getByRole('heading', { name: 'Members & Permissions' }).waitFor();
    await page.getByRole('link', { name: 'Cleo Owner' }).waitFor();

    // A Radix dialog (focus trap, scroll lock), its checkboxes, then a Radix menu.
    await page.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('button', { name: 'Create team' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create team' });
    await dialog.getByRole('textbox', { name: 'Team name' }).fill('Design');
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Pending invitations' }).click();
    await page.getByRole('button', { name: 'Invite members' }).click();
    const invite = page.getByRole('dialog', { name: 'Invite members' });
    await invite.getByRole('textbox', { name: 'Emails' }).fill('csp-invitee@acme.test');
    await invite.getByRole('checkbox', { name: 'Add to Design' }).click();
    await invite.getByRole('button', { name: 'Send invitations' }).click();
    await invite.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Actions for the invitation to csp-invitee@acme.test' }).click();
    await page.getByRole('menuitem', { name: 'Revoke' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('link', { name: 'Members & Permissions' }).click();
    await page.getByRole('link', { name: 'Cleo Owner' }).click();
    await page.getByRole('heading', { name: 'Cleo Owner', level: 1 }).waitFor();
    // The theme of the account menu: a choice applied and remembered, and the page reloaded with it.
    await page.getByRole('button', { name: /^Account menu of / }).click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await page.reload();
    await page.getByRole('heading', { name: 'Cleo Owner', level: 1 }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme)).toBe('dark');

    expect(violations).toEqual([]);
  });

  it('would report a violation: an inline script is refused', async () => {
    await page.evaluate(() => {
      const { document } = globalThis as unknown as {
        document: { createElement(tag: string): { textContent: string }; body: { append(node: unknown): void } };
      };
      const script = document.createElement('script');
      script.textContent = 'globalThis.inlineRan = true';
      document.body.append(script);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => 'inlineRan' in globalThis)).toBe(false);
  });
});
