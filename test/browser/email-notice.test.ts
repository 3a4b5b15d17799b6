import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptLinksFor, browserAvailable, expectAccessible, PASSWORD, screenshot, useBrowserServer, verificationLinkFor, VIEWPORTS } from './browser.js';

const available = browserAvailable();

describe.skipIf(!available)('the notice of an unconfirmed email address in Chromium', { timeout: 90_000 }, () => {
  const running = useBrowserServer('roster-browser-email-notice-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
  const newPage = async (viewport: { width: number; height: number } = VIEWPORTS[0]): Promise<Page> => {
    const { browser, server } = running();
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
    contexts.push(context);
    return context.newPage();
  };
  const noticeOf = (scope: Page | Locator) => scope.getByRole('region', { name: 'Confirm your email address' });

  /** A verification link other than `than`, once its mail is delivered: the one the page just asked for. */
  const newerVerificationLink = async (email: string, than: string): Promise<string> => {
    await expect.poll(() => verificationLinkFor(running(), email), { timeout: 30_000 }).not.toBe(than);
    return verificationLinkFor(running(), email);
  };

  /** An account and its company made through the API, then the company's page opened: the email stays unconfirmed. */
  const ownerOfNewCompany = async (email: string, path: 'members' | 'invitations'): Promise<Page> => {
    const page = await newPage();
    expect((await page.request.post('/api/v1/auth/signup', { data: { email, name: 'Una Owner', password: PASSWORD } })).status()).toBe(201);
    const created = await page.request.post('/api/v1/companies', { data: { name: `Acme of ${email}` } });
    expect(created.status()).toBe(201);
    const companyId = ((await created.json()) as { company: { id: string } }).company.id;
    await page.goto(`/companies/${companyId}/${path}`);
    await noticeOf(page).getByText(`Confirm your email address (${email}) to invite people.`).waitFor();
    return page;
  };

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: a new owner asks for a new link from the page, opens it, and then invites`, async () => {
      const tag = viewport.name;
      const email = `ulla-${tag}@acme.test`;
      const invitee = `ivan-${tag}@acme.test`;
      const page = await newPage(viewport);

      await page.goto('/signup');
      await page.getByRole('textbox', { name: 'Email' }).fill(email);
      await page.getByRole('textbox', { name: 'Your name' }).fill(`Ulla ${tag}`);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByRole('heading', { name: 'Create a company' }).waitFor();
      await noticeOf(page).getByText(`Confirm your email address (${email}) to invite people.`).waitFor();
      await page.getByRole('textbox', { name: 'Company name' }).fill(`Acme ${tag}`);
      await page.getByRole('button', { name: 'Create company' }).click();
      await page.getByRole('heading', { name: 'Members & Permissions' }).waitFor();

      // The sign-up's mail was lost: the notice on the company's pages offers a new link.
      const notice = noticeOf(page);
      await notice.getByText(`Confirm your email address (${email}) to invite people.`).waitFor();
      const sendAgain = notice.getByRole('button', { name: 'Send the link again' });
      if (viewport.width <= 700) expect((await sendAgain.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
      await expectAccessible(page, 'the unconfirmed email notice');
      await screenshot(page, `email-notice-${tag}`);
      const first = await verificationLinkFor(running(), email);
      await sendAgain.focus();
      await page.keyboard.press('Enter');
      await notice.getByRole('status').filter({ hasText: `We sent a new link to ${email}. Open it to confirm your address.` }).waitFor();
      const second = await newerVerificationLink(email, first);

      // Inviting before confirming is refused in the dialog, which offers the same new link and keeps what was typed.
      await page.getByRole('link', { name: 'Pending invitations' }).click();
      await page.getByRole('heading', { name: 'Pending invitations', level: 1 }).waitFor();
      await noticeOf(page).waitFor();
      await page.getByRole('button', { name: 'Invite members' }).click();
      const dialog = page.getByRole('dialog', { name: 'Invite members' });
      await dialog.getByRole('textbox', { name: 'Emails' }).fill(invitee);
      await dialog.getByRole('checkbox', { name: 'Add to General' }).click();
      await dialog.getByRole('button', { name: 'Send invitations' }).click();
      const refusal = dialog.getByRole('alert');
      await expect.poll(() => refusal.textContent()).toBe('Confirm your email address first, with the link in the mail Roster sent you.');
      await noticeOf(dialog).getByRole('button', { name: 'Send the link again' }).click();
      await noticeOf(dialog).getByRole('status').filter({ hasText: `We sent a new link to ${email}.` }).waitFor();
      expect(await dialog.getByRole('textbox', { name: 'Emails' }).inputValue()).toBe(invitee);
      await expectAccessible(page, 'the invite dialog of an unconfirmed account');
      await screenshot(page, `email-notice-dialog-${tag}`);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      const newest = await newerVerificationLink(email, second);

      // The newest link confirms the address: the notice is gone, and the invitation goes out.
      await page.goto(newest);
      await page.getByRole('status').filter({ hasText: `Your email ${email} is confirmed.` }).waitFor();
      await page.getByRole('link', { name: 'Continue to Roster' }).click();
      await page.getByRole('heading', { name: 'Members & Permissions' }).waitFor();
      await page.getByRole('link', { name: `Ulla ${tag}` }).waitFor();
      await noticeOf(page).waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Invite members' }).click();
      await dialog.getByRole('textbox', { name: 'Emails' }).fill(invitee);
      await dialog.getByRole('checkbox', { name: 'Add to General' }).click();
      expect(await noticeOf(dialog).count()).toBe(0);
      await dialog.getByRole('button', { name: 'Send invitations' }).click();
      await page.getByRole('status').filter({ hasText: '1 invitation sent.' }).waitFor();
      expect(await acceptLinksFor(running(), invitee)).toHaveLength(1);
    });
  }

  it('ends the notice when the address was confirmed meanwhile (409)', async () => {
    const email = 'vera@acme.test';
    const page = await ownerOfNewCompany(email, 'members');
    // Confirmed elsewhere (another tab, another device): this page does not know yet.
    const token = (await verificationLinkFor(running(), email)).split('/verify-email/')[1];
    expect((await page.request.post('/api/v1/auth/verify-email', { data: { token } })).status()).toBe(200);
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/verify-email/resend'));
    await noticeOf(page).getByRole('button', { name: 'Send the link again' }).click();
    expect((await answer).status()).toBe(409);
    await noticeOf(page).waitFor({ state: 'detached' });
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: 'Invite members' }).waitFor();
  });

  it('after five verification mails in 24 hours, says when to try again (429)', async () => {
    const email = 'walt@acme.test';
    const page = await ownerOfNewCompany(email, 'invitations');
    // The sign-up's mail and four more: the fifth of the day.
    for (let sent = 1; sent < 5; sent += 1) expect((await page.request.post('/api/v1/auth/verify-email/resend')).status()).toBe(204);
    await noticeOf(page).getByRole('button', { name: 'Send the link again' }).click();
    const refusal = noticeOf(page).getByRole('alert');
    await expect.poll(() => refusal.textContent()).toMatch(/^Too many attempts\. Try again in 2[34] hours\.$/);
    expect(await noticeOf(page).getByRole('status').textContent()).toBe('');
    await expectAccessible(page, 'the unconfirmed email notice, refused');
  });
});
