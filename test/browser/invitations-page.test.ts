import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptLinksFor, browserAvailable, expectAccessible, PASSWORD, screenshot, useBrowserServer, verificationLinkFor, VIEWPORTS } from './browser.js';

const available = browserAvailable();

describe.skipIf(!available)('the Pending invitations page in Chromium', { timeout: 60_000 }, () => {
  const running = useBrowserServer('roster-browser-invitations-');

  /** Moves an invitation's expiry into the past, straight in the server's SQLite file. */
  function expireInvitation(email: string): void {
    const db = new Database(join(running().dir, 'roster.db'));
    try {
      const changed = db
        .prepare("update invitations set expires_at = ? where email = ? and status = 'pending'")
        .run(new Date(Date.now() - 60 * 60 * 1000).toISOString(), email).changes;
      expect(changed).toBe(1);
    } finally {
      db.close();
    }
  }

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.width}×${viewport.height}`, () => {
      const tag = viewport.name;
      const phone = viewport.width <= 700;
      const ownerEmail = `owner-${tag}@acme.test`;
      const resent = `rita-${tag}@acme.test`;
      const edited = `eddie-${tag}@acme.test`;
      const revoked = `ravi-${tag}@acme.test`;
      const expiring = `elsa-${tag}@acme.test`;
      const contexts: BrowserContext[] = [];
      let owner: Page;
      let companyId = '';

      const newPage = async (): Promise<Page> => {
        const { browser, server } = running();
        const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
        contexts.push(context);
        return context.newPage();
      };
      const shot = (page: Page, name: string) => screenshot(page, `${name}-${tag}`);
      /** The pending or the expired list: a table on a wide screen, a list of cards on a phone. */
      const listOf = (page: Page, kind: 'Pending invitations' | 'Expired invitations'): Locator =>
        page.getByRole(phone ? 'list' : 'table', { name: kind });
      const entry = (list: Locator, email: string): Locator =>
        phone ? list.getByRole('listitem').filter({ hasText: email }) : list.getByRole('row').filter({ hasText: email });
      const choose = async (page: Page, email: string, action: 'Resend' | 'Edit' | 'Revoke') => {
        await page.getByRole('button', { name: `Actions for the invitation to ${email}` }).click();
        await page.getByRole('menuitem', { name: action }).click();
      };

      afterAll(async () => {
        for (const context of contexts) await context.close();
      });

      it('shows the owner the pending invitations', async () => {
        owner = await newPage();
        const signUp = await owner.request.post('/api/v1/auth/signup', { data: { email: ownerEmail, name: `Olivia ${tag}`, password: PASSWORD } });
        expect(signUp.status()).toBe(201);
        const verificationToken = (await verificationLinkFor(running(), ownerEmail)).split('/verify-email/')[1];
        expect((await owner.request.post('/api/v1/auth/verify-email', { data: { token: verificationToken } })).status()).toBe(200);
        const created = await owner.request.post('/api/v1/companies', { data: { name: `Acme ${tag}` } });
        expect(created.status()).toBe(201);
        companyId = ((await created.json()) as { company: { id: string } }).company.id;
        const teams = (await owner.request.get(`/api/v1/companies/${companyId}/teams`).then((response) => response.json())) as {
          items: { id: string; name: string }[];
        };
        const generalId = teams.items.find((team) => team.name === 'General')?.id ?? '';
        expect(generalId).not.toBe('');
        const invited = await owner.request.post(`/api/v1/companies/${companyId}/invitations`, {
          data: { emails: [resent, edited, revoked, expiring], teams: [{ teamId: generalId, roles: ['hiring_manager'] }] },
        });
        expect(invited.status()).toBe(201);

        await owner.goto(`/companies/${companyId}/members`);
        await owner.getByRole('link', { name: 'Pending invitations' }).click();
        await owner.getByRole('heading', { name: 'Pending invitations', level: 1 }).waitFor();
        const pending = listOf(owner, 'Pending invitations');
        for (const email of [resent, edited, revoked, expiring]) await entry(pending, email).getByText('General (Hiring manager)').waitFor();
        await owner.getByText('No expired invitations.').waitFor();
      });

      it('resends an invitation: the earlier link stops working and the new one works', async () => {
        const [firstLink] = await acceptLinksFor(running(), resent, 1);
        await choose(owner, resent, 'Resend');
        await owner.getByRole('status').filter({ hasText: `The invitation to ${resent} was sent again; the earlier link no longer works.` }).waitFor();

        const links = await acceptLinksFor(running(), resent, 2);
        const newLink = links.at(-1);
        expect(newLink).not.toBe(firstLink);
        const invitee = await newPage();
        await invitee.goto(firstLink!);
        await invitee.getByRole('alert').filter({ hasText: 'This invitation was sent to you again, with a new link' }).waitFor();
        expect(await invitee.getByRole('button', { name: 'Sign up and join' }).count()).toBe(0);
        await invitee.goto(newLink!);
        await invitee.getByRole('heading', { name: `Join Acme ${tag}` }).waitFor();
        await expect.poll(() => invitee.getByRole('textbox', { name: 'Email' }).inputValue()).toBe(resent);
        await invitee.getByRole('button', { name: 'Sign up and join' }).waitFor();
      });

      it('edits an invitation’s roles', async () => {
        await choose(owner, edited, 'Edit');
        const dialog = owner.getByRole('dialog', { name: `Edit the invitation to ${edited}` });
        const roles = dialog.getByRole('group', { name: 'Roles in General' });
        await expect.poll(() => roles.getByRole('checkbox', { name: 'Hiring manager' }).getAttribute('aria-checked')).toBe('true');
        await roles.getByRole('checkbox', { name: 'Recruiter' }).click();
        await expectAccessible(owner, 'edit an invitation');
        await shot(owner, 'edit-invitation');
        await dialog.getByRole('button', { name: 'Save invitation' }).click();
        await dialog.waitFor({ state: 'detached' });
        await entry(listOf(owner, 'Pending invitations'), edited).getByText('General (Hiring manager, Recruiter)').waitFor();
      });

      it('revokes an invitation: it leaves the list and its link is closed', async () => {
        const [link] = await acceptLinksFor(running(), revoked, 1);
        await choose(owner, revoked, 'Revoke');
        const confirm = owner.getByRole('alertdialog', { name: `Revoke the invitation to ${revoked}?` });
        await confirm.getByText('The link in the invitation email stops working at once.').waitFor();
        await confirm.getByRole('button', { name: 'Revoke' }).click();
        await owner.getByRole('status').filter({ hasText: `The invitation to ${revoked} was revoked.` }).waitFor();
        await expect.poll(() => entry(listOf(owner, 'Pending invitations'), revoked).count()).toBe(0);
        await entry(listOf(owner, 'Pending invitations'), edited).waitFor();

        const invitee = await newPage();
        await invitee.goto(link!);
        await invitee.getByRole('alert').filter({ hasText: 'This invitation is no longer open' }).waitFor();
        expect(await invitee.getByRole('button', { name: 'Sign up and join' }).count()).toBe(0);
      });

      it('shows an expired invitation apart, and resends it from there', async () => {
        const [link] = await acceptLinksFor(running(), expiring, 1);
        expireInvitation(expiring);
        await owner.reload();
        const expired = listOf(owner, 'Expired invitations');
        await entry(expired, expiring).getByText('General (Hiring manager)').waitFor();
        await expect.poll(() => entry(listOf(owner, 'Pending invitations'), expiring).count()).toBe(0);
        await expectAccessible(owner, 'pending invitations with an expired one');
        await shot(owner, 'invitations-expired');

        const invitee = await newPage();
        await invitee.goto(link!);
        await invitee.getByRole('alert').filter({ hasText: 'This invitation has expired.' }).waitFor();

        await owner.getByRole('button', { name: `Actions for the invitation to ${expiring}` }).click();
        // An expired invitation is resent or revoked, not edited.
        await owner.getByRole('menuitem', { name: 'Revoke' }).waitFor();
        expect(await owner.getByRole('menuitem', { name: 'Edit' }).count()).toBe(0);
        await owner.getByRole('menuitem', { name: 'Resend' }).click();
        await owner.getByRole('status').filter({ hasText: `The invitation to ${expiring} was sent again` }).waitFor();
        await entry(listOf(owner, 'Pending invitations'), expiring).waitFor();
        await owner.getByText('No expired invitations.').waitFor();

        const links = await acceptLinksFor(running(), expiring, 2);
        await invitee.goto(links.at(-1)!);
        await invitee.getByRole('button', { name: 'Sign up and join' }).waitFor();
      });

      it('tells a person signed in with another email that the invitation is not theirs', async () => {
        const [link] = await acceptLinksFor(running(), edited, 1);
        await owner.goto(link!);
        await owner.getByRole('heading', { name: `Join Acme ${tag}` }).waitFor();
        await owner
          .getByRole('alert')
          .filter({ hasText: `You are signed in as ${ownerEmail}, but this invitation is for ${edited}.` })
          .waitFor();
        await owner.getByRole('button', { name: 'Sign out' }).waitFor();
        expect(await owner.getByRole('button', { name: 'Accept invitation' }).count()).toBe(0);
        await expectAccessible(owner, 'accept with another email');
        await shot(owner, 'accept-wrong-email');
      });
    });
  }
});
