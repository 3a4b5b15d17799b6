import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptLinksFor, browserAvailable, expectAccessible, markEmailVerified, PASSWORD, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';

const available = browserAvailable();

/** Whether `target` has the focus. */
const focused = (target: Locator): Promise<boolean> => target.evaluate((element) => element === element.ownerDocument.activeElement);
/** What has the focus: its tag and its text, for a failure's message. */
const focusNow = async (page: Page): Promise<string> =>
  String(await page.evaluate('`${document.activeElement?.tagName ?? ""} ${(document.activeElement?.textContent ?? "").slice(0, 40)}`'));

describe.skipIf(!available)('the audit log, the members list’s columns, sign-in and invitation refusals, and focus, in Chromium', { timeout: 180_000 }, () => {
  const running = useBrowserServer('roster-browser-audit-focus-');
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

  /** An owner with a verified email, a company, and a member who joined by invitation. */
  async function companyWithMember(viewport: { name: string; width: number; height: number }, who: string) {
    const tag = `${who}-${viewport.name}`;
    const ownerEmail = `olivia-${tag}@acme.test`;
    const owner = await newPage(viewport);
    expect((await owner.request.post('/api/v1/auth/signup', { data: { email: ownerEmail, name: `Olivia ${tag}`, password: PASSWORD } })).status()).toBe(201);
    markEmailVerified(running(), ownerEmail);
    const made = await owner.request.post('/api/v1/companies', { data: { name: `Acme ${tag}` } });
    const { company } = (await made.json()) as { company: { id: string; defaultTeamId: string } };
    const design = ((await (await owner.request.post(`/api/v1/companies/${company.id}/teams`, { data: { name: `Design ${tag}` } })).json()) as { team: { id: string } }).team.id;
    const memberEmail = `bob-${tag}@acme.test`;
    const invited = await owner.request.post(`/api/v1/companies/${company.id}/invitations`, {
      data: { emails: [memberEmail], teams: [{ teamId: design, roles: [] }] },
    });
    expect(invited.status()).toBe(201);
    const link = (await acceptLinksFor(running(), memberEmail)).at(-1) ?? '';
    const other = await newPage(viewport);
    const joined = await other.request.post('/api/v1/auth/signup', {
      data: { email: memberEmail, name: `Bob ${tag}`, password: PASSWORD, invitationToken: link.split('/invitations/')[1] },
    });
    expect(joined.status()).toBe(201);
    const bob = ((await joined.json()) as { user: { id: string; name: string } }).user;
    return { tag, owner, ownerEmail, company, design, bob, memberEmail };
  }

  for (const viewport of VIEWPORTS) {
    const phone = viewport.width <= 700;

    it(`at ${viewport.width}×${viewport.height}: a wrong password at sign-in says so in the server's words, not "signed out"`, async () => {
      const page = await newPage(viewport);
      const email = `wendy-${viewport.name}@acme.test`;
      expect((await page.request.post('/api/v1/auth/signup', { data: { email, name: 'Wendy', password: PASSWORD } })).status()).toBe(201);
      await page.request.post('/api/v1/auth/logout');
      await page.goto('/signin');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('not the password at all');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.filter({ hasText: 'The email or the password is not right.' }).waitFor();
      expect(await alert.textContent()).not.toContain('signed out');
      await expectAccessible(page, 'a refused sign-in');
    });

    it(`at ${viewport.width}×${viewport.height}: an invitation link replaced by a resend says so, and to look for the newer mail`, async () => {
      const { owner, company, tag } = await companyWithMember(viewport, 'resend');
      const email = `rita-${tag}@acme.test`;
      const invited = await owner.request.post(`/api/v1/companies/${company.id}/invitations`, {
        data: { emails: [email], teams: [{ teamId: company.defaultTeamId, roles: [] }] },
      });
      const { items } = (await invited.json()) as { items: { id: string }[] };
      const [old] = await acceptLinksFor(running(), email);
      expect((await owner.request.post(`/api/v1/companies/${company.id}/invitations/${items[0]?.id ?? ''}/resend`)).status()).toBe(200);
      const [, newer] = await acceptLinksFor(running(), email, 2);
      const invitee = await newPage(viewport);
      await invitee.goto(old ?? '');
      await invitee.getByRole('alert').filter({ hasText: 'This invitation was sent to you again, with a new link' }).waitFor();
      await invitee.getByText('Open the link in the newest invitation mail.', { exact: false }).waitFor();
      expect(await invitee.getByRole('alert').textContent()).not.toContain('no longer exists');
      await expectAccessible(invitee, 'a replaced invitation link');
      await invitee.goto(newer ?? '');
      await invitee.getByRole('heading', { name: `Join Acme ${tag}`, level: 1 }).waitFor();
    });

    it(`at ${viewport.width}×${viewport.height}: focus goes to the heading after moving to a member's page, and back to the opener after a dialog`, async () => {
      const { owner, company, bob, tag } = await companyWithMember(viewport, 'focus');
      await owner.goto(`/companies/${company.id}/members`);
      await owner.getByRole('heading', { name: 'Members & Permissions', level: 1 }).waitFor();
      // Moving to a member's page from the list: the focus is on that page's heading.
      await owner.getByRole('link', { name: bob.name }).first().click();
      const heading = owner.getByRole('heading', { name: bob.name, level: 1 });
      await heading.waitFor();
      await expect.poll(() => focused(heading), { message: 'the heading has the focus' }).toBe(true);
      // Remove member, then Escape: the focus is back on the button.
      const remove = owner.getByRole('button', { name: 'Remove member' });
      await remove.click();
      const confirm = owner.getByRole('alertdialog');
      await confirm.waitFor();
      await owner.keyboard.press('Escape');
      await confirm.waitFor({ state: 'detached' });
      await expect.poll(async () => ((await focused(remove)) ? 'the button' : await focusNow(owner))).toBe('the button');

      // Revoking an invitation removes its row: the focus goes to the next row's actions, or the list's heading.
      const emails = [`ivan-${tag}@acme.test`, `ines-${tag}@acme.test`];
      expect(
        (await owner.request.post(`/api/v1/companies/${company.id}/invitations`, { data: { emails, teams: [{ teamId: company.defaultTeamId, roles: [] }] } })).status(),
      ).toBe(201);
      await owner.getByRole('link', { name: 'Pending invitations' }).click();
      await owner.getByRole('heading', { name: 'Pending invitations', level: 1 }).waitFor();
      for (const [index, email] of emails.entries()) {
        await owner.getByRole('button', { name: `Actions for the invitation to ${email}` }).click();
        await owner.getByRole('menuitem', { name: 'Revoke' }).click();
        const dialog = owner.getByRole('alertdialog');
        await dialog.getByRole('button', { name: 'Revoke' }).click();
        await dialog.waitFor({ state: 'detached' });
        await owner.getByRole('button', { name: `Actions for the invitation to ${email}` }).waitFor({ state: 'detached' });
        const next = index === 0 ? owner.getByRole('button', { name: `Actions for the invitation to ${emails[1] ?? ''}` }) : owner.getByRole('heading', { name: 'Pending invitations', level: 1 });
        await expect.poll(async () => ((await focused(next)) ? 'next' : await focusNow(owner))).toBe('next');
      }
      await expectAccessible(owner, 'after revoking');
    });

    it(`at ${viewport.width}×${viewport.height}: the audit log in sentences, filtered and exported; the members list's dates, two-factor and sort`, async () => {
      const { owner, company, design, bob, tag } = await companyWithMember(viewport, 'audit');
      expect((await owner.request.delete(`/api/v1/companies/${company.id}/members/${bob.id}/teams/${design}`)).status()).toBe(200);
      await owner.goto(`/companies/${company.id}/members`);
      await owner.getByRole('link', { name: 'Audit log' }).click();
      const heading = owner.getByRole('heading', { name: 'Audit log', level: 1 });
      await heading.waitFor();
      await expect.poll(() => focused(heading)).toBe(true);
      const events = owner.getByRole('list', { name: 'Events' });
      await events.getByText(`Olivia ${tag} created the team Design ${tag}.`).waitFor();
      await events.getByText(`Bob ${tag} accepted an invitation and joined Design ${tag}.`).waitFor();
      // "Alice removed Bob from Design": leaving one's last team leaves the company.
      await events.getByText(`Olivia ${tag} removed Bob ${tag} from Design ${tag}.`).waitFor();
      await expectAccessible(owner, 'the audit log');
      await screenshot(owner, `audit-log-${viewport.name}`);

      await owner.getByLabel('Type').selectOption('team.created');
      await expect.poll(() => events.getByRole('listitem').count()).toBe(1);
      const today = new Date().toISOString().slice(0, 10);
      await owner.getByLabel('From', { exact: true }).fill(today);
      await owner.getByLabel('To', { exact: true }).fill(today);
      await expect.poll(() => events.getByRole('listitem').count()).toBe(1);
      await owner.getByRole('button', { name: 'Export' }).click();
      const csv = owner.getByRole('menuitem', { name: 'Audit log as CSV' });
      const href = (await csv.getAttribute('href')) ?? '';
      expect(href).toContain('type=team.created');
      expect(href).toContain(`from=${today}`);
      expect(href).toContain('format=csv');
      const exported = await owner.request.get(href);
      expect(exported.status()).toBe(200);
      expect((await exported.text()).split('\r\n').filter((line) => line.includes('team.created'))).toHaveLength(1);
      await owner.keyboard.press('Escape');
      // The menu gives the focus back to Export as it goes; typing before that would lose it.
      await owner.getByRole('menu').waitFor({ state: 'detached' });
      // A person is found by typing, as in a company of any size, and chosen by keyboard.
      const doneTo = owner.getByRole('combobox', { name: 'Done to' });
      await doneTo.fill(`Olivia ${tag}`);
      await owner.getByRole('listbox', { name: 'Done to' }).getByRole('option', { name: new RegExp(`^Olivia ${tag}`) }).waitFor();
      await expectAccessible(owner, 'the audit log’s person picker');
      await doneTo.press('Enter');
      expect(await doneTo.inputValue()).toBe(`Olivia ${tag}`);
      await owner.getByRole('status').filter({ hasText: 'No events match these filters.' }).waitFor();
      expect(await owner.getByRole('button', { name: 'Export' }).isVisible()).toBe(true);
      await owner.getByRole('button', { name: 'Clear “Done to”' }).click();
      await expect.poll(() => events.getByRole('listitem').count()).toBe(1);

      // The members list: when each joined, and for the owner the last active day and two-factor.
      await owner.getByRole('link', { name: 'Members & Permissions' }).click();
      await owner.getByRole('heading', { name: 'Members & Permissions', level: 1 }).waitFor();
      const list = owner.getByRole(phone ? 'list' : 'table', { name: 'Members' });
      await list.getByText(`Olivia ${tag}`).waitFor();
      if (phone) {
        await list.getByText('Two-factor: Off', { exact: false }).first().waitFor();
        await list.getByText('Joined', { exact: false }).first().waitFor();
      } else {
        for (const column of ['Joined', 'Last active', 'Two-factor']) await list.getByRole('columnheader', { name: column }).waitFor();
      }
      // On a phone the filters and the sort are folded behind Filter.
      if (phone) await owner.getByRole('button', { name: 'Filter' }).click();
      await owner.getByLabel('Sort by').selectOption('joined.desc');
      await expectAccessible(owner, 'the members list sorted by join date');
      await screenshot(owner, `members-sorted-${viewport.name}`);
    });
  }
});
