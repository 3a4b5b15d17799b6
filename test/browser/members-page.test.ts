import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptLinksFor, browserAvailable, expectAccessible, PASSWORD, screenshot, useBrowserServer, verificationLinkFor, VIEWPORTS } from './browser.js';

const available = browserAvailable();

describe.skipIf(!available)('the Members & Permissions page in Chromium', { timeout: 60_000 }, () => {
  const running = useBrowserServer('roster-browser-');

  /** The accept link of the newest invitation mailed to an address. */
  const acceptLinkFor = async (email: string): Promise<string> => (await acceptLinksFor(running(), email)).at(-1) ?? '';

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.width}×${viewport.height}`, () => {
      const tag = viewport.name;
      const ownerEmail = `owner-${tag}@acme.test`;
      const newcomer = { email: `nina-${tag}@acme.test`, name: `Nina ${tag}` };
      const existing = { email: `omar-${tag}@acme.test`, name: `Omar ${tag}` };
      const decliner = { email: `dana-${tag}@acme.test`, name: `Dana ${tag}` };
      const contexts: BrowserContext[] = [];
      let owner: Page;
      let companyId = '';
      let designTeamId = '';

      const newPage = async (): Promise<Page> => {
        const { browser, server } = running();
        const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
        contexts.push(context);
        return context.newPage();
      };
      const shot = (page: Page, name: string) => screenshot(page, `${name}-${tag}`);

      afterAll(async () => {
        for (const context of contexts) await context.close();
      });

      it('lets the owner sign up and create a company', async () => {
        owner = await newPage();
        await owner.goto('/');
        await expect.poll(() => owner.url()).toContain('/signin');
        await owner.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
        await expectAccessible(owner, 'sign in');
        await owner.getByRole('link', { name: 'Sign up' }).click();

        // A refused sign-up says why, next to the field.
        await owner.getByRole('textbox', { name: 'Email' }).fill(ownerEmail);
        await owner.getByRole('textbox', { name: 'Your name' }).fill(`Olivia ${tag}`);
        await owner.getByLabel('Password').fill('short');
        await owner.getByRole('button', { name: 'Sign up' }).click();
        await owner.getByText('must be at least 8 characters').waitFor();
        await expectAccessible(owner, 'sign up with an error');

        await owner.getByLabel('Password').fill(PASSWORD);
        await owner.getByRole('button', { name: 'Sign up' }).click();
        await owner.getByRole('heading', { name: 'Create a company' }).waitFor();
        await expectAccessible(owner, 'create a company');
        await owner.getByRole('textbox', { name: 'Company name' }).fill(`Acme ${tag}`);
        await owner.getByRole('button', { name: 'Create company' }).click();

        await owner.getByRole('heading', { name: 'Members & Permissions' }).waitFor();
        companyId = /\/companies\/([^/]+)\/members/.exec(owner.url())?.[1] ?? '';
        expect(companyId).not.toBe('');
        await owner.getByRole('link', { name: `Olivia ${tag}` }).waitFor();
        await expect.poll(() => owner.getByText('Account owner').count()).toBeGreaterThan(0);

        await owner.getByRole('link', { name: 'Teams' }).click();
        await owner.getByRole('heading', { name: 'Teams' }).waitFor();
        for (const name of ['Design', 'Sales']) {
          await owner.getByRole('button', { name: 'Create team' }).click();
          const dialog = owner.getByRole('dialog', { name: 'Create team' });
          await dialog.getByRole('textbox', { name: 'Team name' }).fill(name);
          await dialog.getByRole('button', { name: 'Create team' }).click();
          await dialog.waitFor({ state: 'detached' });
          await owner.getByText(name, { exact: true }).waitFor();
        }
        // A second team of the same name is refused, in words, in the dialog.
        await owner.getByRole('button', { name: 'Create team' }).click();
        const duplicate = owner.getByRole('dialog', { name: 'Create team' });
        await duplicate.getByRole('textbox', { name: 'Team name' }).fill('design');
        await duplicate.getByRole('button', { name: 'Create team' }).click();
        await duplicate.getByRole('alert').filter({ hasText: 'A team with this name already exists.' }).waitFor();
        await duplicate.getByRole('button', { name: 'Cancel' }).click();
        await owner.getByRole('button', { name: 'Actions for team Sales' }).click();
        await owner.getByRole('menuitem', { name: 'Hide team' }).click();
        await owner.getByRole('status').filter({ hasText: 'Sales is hidden' }).waitFor();
        await expectAccessible(owner, 'teams');
        await shot(owner, 'teams');
        designTeamId = (await owner.request.get(`/api/v1/companies/${companyId}/teams`).then((response) => response.json()) as {
          items: { id: string; name: string }[];
        }).items.find((team) => team.name === 'Design')?.id ?? '';
        expect(designTeamId).not.toBe('');

        // Before inviting anyone, the owner confirms the email from the link in the sign-up mail.
        await owner.goto(await verificationLinkFor(running(), ownerEmail));
        await owner.getByRole('status').filter({ hasText: `Your email ${ownerEmail} is confirmed.` }).waitFor();
        await owner.goto(`/companies/${companyId}/teams`);
        await owner.getByRole('heading', { name: 'Teams' }).waitFor();
      });

      it('keeps the room of the members list while it loads, so that the page does not jump', async () => {
        // The list's answer held back until the loading state has been measured.
        let release = (): void => undefined;
        const held = new Promise<void>((resolve) => (release = resolve));
        const listCall = /\/api\/v1\/companies\/[^/]+\/members(\?|$)/;
        await owner.route(listCall, async (route) => {
          await held;
          await route.continue();
        });
        try {
          await owner.goto(`/companies/${companyId}/members`);
          const loading = owner.getByRole('status').filter({ hasText: 'Loading members…' });
          await loading.waitFor();
          // Ten rows of the list (3.25rem each at 16px) kept as room while they load.
          const room = await owner.locator('.loading').filter({ has: loading }).boundingBox();
          expect(room?.height ?? 0).toBeGreaterThanOrEqual(10 * 52);
        } finally {
          release();
          // Once the answers held back have gone on.
          await owner.unrouteAll({ behavior: 'wait' });
        }
        await owner.getByRole(viewport.width < 600 ? 'list' : 'table', { name: 'Members' }).waitFor();
      });

      it('lets the owner invite three people into a team with a role', async () => {
        await owner.getByRole('link', { name: 'Members & Permissions' }).click();
        await owner.getByRole('button', { name: 'Invite members' }).click();
        const dialog = owner.getByRole('dialog', { name: 'Invite members' });
        await dialog.waitFor();
        await dialog.getByRole('textbox', { name: 'Emails' }).fill(`${newcomer.email}, ${existing.email}\n${decliner.email}`);
        await dialog.getByRole('checkbox', { name: 'Add to Design' }).click();
        // A hidden team takes no new invitations, so it is not offered.
        expect(await dialog.getByRole('checkbox', { name: 'Add to Sales' }).count()).toBe(0);
        const designRoles = dialog.getByRole('group', { name: 'Roles in Design' });
        await designRoles.getByRole('checkbox', { name: 'Hiring manager' }).click();
        await expectAccessible(owner, 'invite members');
        await shot(owner, 'invite-members');
        await dialog.getByRole('button', { name: 'Send invitations' }).click();
        await owner.getByRole('status').filter({ hasText: '3 invitations sent.' }).waitFor();

        await owner.getByRole('link', { name: 'Pending invitations' }).click();
        await owner.getByRole('heading', { name: 'Pending invitations' }).waitFor();
        for (const person of [newcomer, existing, decliner]) await owner.getByText(person.email).waitFor();
        await owner.getByText('Design (Hiring manager)').first().waitFor();
        await expectAccessible(owner, 'pending invitations');
        await shot(owner, 'pending-invitations');
      });

      it('lets a newcomer sign up from the link and join', async () => {
        const page = await newPage();
        await page.goto(await acceptLinkFor(newcomer.email));
        await page.getByRole('heading', { name: `Join Acme ${tag}` }).waitFor();
        await expect.poll(() => page.getByRole('textbox', { name: 'Email' }).inputValue()).toBe(newcomer.email);
        await expectAccessible(page, 'accept an invitation');
        await shot(page, 'accept-invitation');
        await page.getByRole('textbox', { name: 'Your name' }).fill(newcomer.name);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign up and join' }).click();
        await page.getByRole('heading', { name: 'Members & Permissions' }).waitFor();
        await page.getByRole('link', { name: newcomer.name }).waitFor();
      });

      it('lets a signed-in person accept, and another decline', async () => {
        const page = await newPage();
        const signUp = await page.request.post('/api/v1/auth/signup', {
          data: { email: existing.email, name: existing.name, password: PASSWORD },
        });
        expect(signUp.status()).toBe(201);
        await page.goto(await acceptLinkFor(existing.email));
        await page.getByRole('button', { name: 'Accept invitation' }).click();
        await page.getByRole('heading', { name: 'Members & Permissions' }).waitFor();
        await page.getByRole('link', { name: existing.name }).waitFor();

        const declining = await newPage();
        await declining.goto(await acceptLinkFor(decliner.email));
        await declining.getByRole('button', { name: 'Decline invitation' }).click();
        await declining.getByRole('heading', { name: 'Invitation declined' }).waitFor();

        // The same link afterwards says the invitation is closed.
        await declining.reload();
        await declining.getByText('This invitation is no longer open').waitFor();
      });

      /** Opens a member's details from the members list, through the row's (…) menu, by mouse or by keyboard alone. */
      async function openDetails(page: Page, name: string, by: 'mouse' | 'keyboard' = 'mouse'): Promise<void> {
        await page.goto(`/companies/${companyId}/members`);
        const menuButton = page.getByRole('button', { name: `Actions for ${name}` });
        if (by === 'keyboard') {
          await menuButton.focus();
          await page.keyboard.press('Enter');
          // The menu takes the focus on its first item; Enter chooses it.
          await expect.poll(() => page.getByRole('menuitem', { name: 'View user details' }).evaluate((item) => item === item.ownerDocument.activeElement)).toBe(true);
          await page.keyboard.press('Enter');
        } else {
          await menuButton.click();
          await page.getByRole('menuitem', { name: 'View user details' }).click();
        }
        await page.getByRole('heading', { name, level: 1 }).waitFor();
      }

      it('lets the owner edit a member’s roles in one team', async () => {
        await owner.goto(`/companies/${companyId}/members`);
        await owner.getByRole('link', { name: newcomer.name }).waitFor();
        await expectAccessible(owner, 'members list');
        await shot(owner, 'members');

        // Search by email, then the team selector and the role filter narrow the list.
        await owner.getByRole('searchbox', { name: 'Search members' }).fill(`omar-${tag}@`);
        await expect.poll(() => owner.getByRole('link', { name: newcomer.name }).count()).toBe(0);
        await owner.getByRole('link', { name: existing.name }).waitFor();
        await owner.getByRole('searchbox', { name: 'Search members' }).fill('');
        // On a phone the filters are folded behind Filter.
        if (tag === 'phone') await owner.getByRole('button', { name: 'Filter' }).click();
        await owner.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Design' });
        await owner.getByRole('link', { name: newcomer.name }).waitFor();
        await expect.poll(() => owner.getByRole('link', { name: `Olivia ${tag}` }).count()).toBe(0);
        await owner.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Team admin' });
        await owner.getByText('No members match these filters.').waitFor();
        await owner.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Account owner' });
        await owner.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'All teams' });
        await owner.getByRole('link', { name: `Olivia ${tag}` }).waitFor();
        await expect.poll(() => owner.getByRole('link', { name: newcomer.name }).count()).toBe(0);

        await openDetails(owner, existing.name, 'keyboard');
        await owner.getByText(existing.email).waitFor();
        await owner.getByRole('button', { name: 'Actions for Design' }).click();
        await owner.getByRole('menuitem', { name: 'Edit member roles' }).click();
        const dialog = owner.getByRole('dialog', { name: `Edit member roles: ${existing.name} in Design` });
        await expect.poll(() => dialog.getByRole('checkbox', { name: 'Hiring manager' }).getAttribute('aria-checked')).toBe('true');
        // Escape closes the dialog without saving, and the focus goes back to the (…) button.
        await owner.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        await expect.poll(() => owner.getByRole('button', { name: 'Actions for Design' }).evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
        await owner.keyboard.press('Enter');
        await owner.getByRole('menuitem', { name: 'Edit member roles' }).click();
        await dialog.getByRole('checkbox', { name: 'Team admin' }).click();
        await expectAccessible(owner, 'edit member roles');
        await shot(owner, 'edit-member-roles');
        await dialog.getByRole('button', { name: 'Save roles' }).click();
        await dialog.waitFor({ state: 'detached' });
        await owner.getByText('Team admin, Hiring manager').waitFor();
      });

      it('lets the owner download the members of a team as CSV from the Export menu', async () => {
        await owner.goto(`/companies/${companyId}/members`);
        if (tag === 'phone') await owner.getByRole('button', { name: 'Filter' }).click();
        await owner.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Design' });
        await expect.poll(() => owner.getByRole('link', { name: `Olivia ${tag}` }).count()).toBe(0);
        await expectAccessible(owner, 'members list with the Export menu');
        await owner.getByRole('button', { name: 'Export' }).click();
        const [download] = await Promise.all([owner.waitForEvent('download'), owner.getByRole('menuitem', { name: 'Members as CSV' }).click()]);
        expect(download.suggestedFilename()).toMatch(/^members-\d{4}-\d{2}-\d{2}\.csv$/);
        const csv = await readFile(await download.path(), 'utf8');
        expect(csv.split('\r\n')[0]).toBe('\uFEFFuser_id,name,email,owner,company_roles,teams,joined_at,suspended_at');
        expect(csv).toContain(existing.email);
        expect(csv).toContain(newcomer.email);
        // The page's filter went with it: the owner is not in Design.
        expect(csv).not.toContain(ownerEmail);
      });

      it('lets a team admin see the contract that blocks a removal, reassign it, and remove the member', async () => {
        const contract = await owner.request.post(`/api/v1/companies/${companyId}/contracts`, {
          data: { teamId: designTeamId, title: `Logo redesign ${tag}`, freelancerName: 'Frida', contactPersonId: await userIdOf(newcomer.name) },
        });
        expect(contract.status()).toBe(201);

        const teamAdmin = contexts[2]!.pages()[0]!;
        await openDetails(teamAdmin, newcomer.name);
        // A team admin may not grant Team admin: the box is there, disabled, with the reason.
        await teamAdmin.getByRole('button', { name: 'Actions for Design' }).click();
        await teamAdmin.getByRole('menuitem', { name: 'Edit member roles' }).click();
        const roles = teamAdmin.getByRole('dialog', { name: `Edit member roles: ${newcomer.name} in Design` });
        await expect.poll(() => roles.getByRole('checkbox', { name: 'Team admin' }).isDisabled()).toBe(true);
        await roles.getByText('Only an account admin or the owner can grant this role.').waitFor();
        await expect.poll(() => roles.getByRole('checkbox', { name: 'Recruiter' }).isEnabled()).toBe(true);
        await roles.getByRole('button', { name: 'Cancel' }).click();
        await roles.waitFor({ state: 'detached' });

        await teamAdmin.getByRole('button', { name: 'Remove member' }).click();
        const confirm = teamAdmin.getByRole('alertdialog', { name: `Remove ${newcomer.name} from Acme ${tag}?` });
        await confirm.getByText('Pending invitations they sent will be revoked.').waitFor();
        await confirm.getByText('Design (Hiring manager)').waitFor();
        await expectAccessible(teamAdmin, 'confirm removal');
        await shot(teamAdmin, 'confirm-remove-member');
        await confirm.getByRole('button', { name: 'Confirm' }).click();

        const blocked = teamAdmin.getByRole('region', { name: `${newcomer.name} is the contact person on active contracts` });
        await blocked.getByText(`Logo redesign ${tag}`).waitFor();
        await expectAccessible(teamAdmin, 'blocked removal');
        await shot(teamAdmin, 'blocked-removal');
        await blocked.getByRole('button', { name: 'Reassign contact person' }).click();
        const reassign = teamAdmin.getByRole('dialog', { name: `Reassign “Logo redesign ${tag}”` });
        await reassign.getByRole('combobox', { name: 'New contact person' }).selectOption({ label: existing.name });
        await reassign.getByRole('button', { name: 'Reassign' }).click();
        await blocked.getByText(`Reassigned to ${existing.name}.`).waitFor();

        await blocked.getByRole('button', { name: 'Try the removal again' }).click();
        await teamAdmin.getByRole('heading', { name: 'Members & Permissions' }).waitFor();
        await teamAdmin.getByRole('link', { name: existing.name }).waitFor();
        await expect.poll(() => teamAdmin.getByRole('link', { name: newcomer.name }).count()).toBe(0);
      });

      it('tells a removed member that they no longer have access', async () => {
        const removed = contexts[1]!.pages()[0]!;
        await removed.reload();
        await removed.getByRole('heading', { name: 'No access' }).waitFor();
        await removed.getByText('You may have been removed from it.').waitFor();
        await expectAccessible(removed, 'no access');
      });

      it('lets the owner end a blocking contract and remove a member from the whole company through Confirm', async () => {
        await openDetails(owner, existing.name);
        await owner.getByRole('button', { name: 'Remove member' }).click();
        const confirm = owner.getByRole('alertdialog', { name: `Remove ${existing.name} from Acme ${tag}?` });
        await confirm.getByText('Design (Team admin, Hiring manager)').waitFor();
        await confirm.getByRole('button', { name: 'Confirm' }).click();

        const blocked = owner.getByRole('region', { name: `${existing.name} is the contact person on active contracts` });
        await blocked.getByRole('button', { name: 'End contract' }).click();
        const ending = owner.getByRole('alertdialog', { name: `End the contract “Logo redesign ${tag}”?` });
        await ending.getByRole('button', { name: 'End contract' }).click();
        await blocked.getByText('Ended.').waitFor();
        await blocked.getByRole('button', { name: 'Try the removal again' }).click();

        await owner.getByRole('heading', { name: 'Members & Permissions' }).waitFor();
        await owner.getByRole('link', { name: `Olivia ${tag}` }).waitFor();
        await expect.poll(() => owner.getByRole('link', { name: existing.name }).count()).toBe(0);

        const removed = contexts[2]!.pages()[0]!;
        await removed.reload();
        await removed.getByRole('heading', { name: 'No access' }).waitFor();
      });

      /** A member's id, read from the members list the owner sees. */
      async function userIdOf(name: string): Promise<string> {
        const response = await owner.request.get(`/api/v1/companies/${companyId}/members?q=${encodeURIComponent(name)}`);
        const { items } = (await response.json()) as { items: { userId: string; name: string }[] };
        const found = items.find((member) => member.name === name);
        if (!found) throw new Error(`${name} is not a member`);
        return found.userId;
      }
    });
  }
});
