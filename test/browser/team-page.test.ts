import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';
import { makeCompanyOf, pagesAt, smallTargets } from './company-setup.js';

const available = browserAvailable();

describe.skipIf(!available)('a team\'s page in Chromium', { timeout: 120_000 }, () => {
  const running = useBrowserServer('roster-browser-team-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: a team opens from the teams list; its members, count and contracts; add members with roles, a refusal per person; rename, hide, invite into it`, async () => {
      const tag = viewport.name;
      const { companyId, teams, owner, people } = await makeCompanyOf(running(), pagesAt(running, contexts, viewport), tag, ['Design'], {
        tara: { name: `Tara ${tag}`, teams: { Design: ['team_admin'] } },
        hank: { name: `Hank ${tag}`, teams: { General: ['hiring_manager'] } },
        ada: { name: `Ada ${tag}`, teams: { General: [] }, companyRoles: ['admin'] },
      });
      const { tara, hank, ada } = people as Record<'tara' | 'hank' | 'ada', (typeof people)[string]>;
      const made = await owner.page.request.post(`/api/v1/companies/${companyId}/contracts`, {
        data: { teamId: teams.General, title: `Poster ${tag}`, freelancerName: 'Pia', contactPersonId: hank.id },
      });
      expect(made.status()).toBe(201);

      // Tara, the team admin of Design, opens it from the teams list.
      const page = tara.page;
      await page.goto(`/companies/${companyId}/teams`);
      await page.getByRole('link', { name: 'Design', exact: true }).click();
      await page.getByRole('heading', { name: 'Design', level: 1 }).waitFor();
      await page.getByText('1 member', { exact: true }).waitFor();
      const members = page.getByRole('list', { name: 'Members of Design' });
      await members.getByRole('listitem').filter({ hasText: tara.name }).getByText('Team admin').waitFor();
      await page.getByRole('status').getByText('Design has no contracts.').waitFor();
      // A team admin renames the team and adds members; hiding is the owner's, creating contracts a hiring manager's.
      expect(await page.getByRole('button', { name: 'Hide team' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'New contract' }).count()).toBe(0);
      await expectAccessible(page, 'a team\'s page');
      await screenshot(page, `team-${tag}`);

      // Add Hank (a recruiter here) and Ada, a company admin, whom a team admin does not outrank: Hank is added, Ada refused beside her name.
      await page.getByRole('button', { name: 'Add members' }).click();
      const add = page.getByRole('dialog', { name: 'Add members to Design' });
      await add.getByRole('checkbox', { name: hank.name }).click();
      await add.getByRole('checkbox', { name: ada.name }).click();
      expect(await add.getByRole('checkbox', { name: tara.name }).count()).toBe(0); // in the team already
      await add.getByRole('checkbox', { name: 'Recruiter' }).click();
      await expect.poll(() => add.getByRole('checkbox', { name: 'Team admin' }).isDisabled()).toBe(true);
      await expectAccessible(page, 'adding members to a team');
      if (viewport.width < 700) expect(await smallTargets(page, '.dialog')).toEqual([]);
      await add.getByRole('button', { name: 'Add 2 members' }).click();
      await add.getByRole('alert').getByText(`${ada.name}: You are not allowed to do this.`).waitFor();
      await add.getByRole('status').getByText('1 added. The others below were refused.').waitFor();
      expect(await add.getByRole('checkbox', { name: hank.name }).count()).toBe(0);
      await expectAccessible(page, 'a refusal while adding members');
      await screenshot(page, `team-add-refused-${tag}`);
      await add.getByRole('button', { name: 'Cancel' }).click();
      await add.waitFor({ state: 'detached' });
      // The focus is back on the button that opened the dialog.
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement?.textContent)).toBe('Add members');
      await members.getByRole('listitem').filter({ hasText: hank.name }).getByText('Recruiter').waitFor();
      await page.getByText('2 members', { exact: true }).waitFor();

      // Rename.
      await page.getByRole('button', { name: 'Rename' }).click();
      const rename = page.getByRole('dialog', { name: 'Rename Design' });
      await rename.getByRole('textbox', { name: 'Team name' }).fill(`Design ${tag}`);
      await rename.getByRole('button', { name: 'Rename team' }).click();
      await page.getByRole('heading', { name: `Design ${tag}`, level: 1 }).waitFor();

      // Invite people into it: the Invite dialog opens with this team chosen.
      await page.getByRole('button', { name: 'Invite people' }).click();
      const invite = page.getByRole('dialog', { name: 'Invite members' });
      await expect.poll(() => invite.getByRole('checkbox', { name: `Add to Design ${tag}` }).getAttribute('aria-checked')).toBe('true');
      await page.keyboard.press('Escape');
      await invite.waitFor({ state: 'detached' });

      if (viewport.width < 700) expect(await smallTargets(page, '.team-page')).toEqual([]);

      // The owner hides the team: no new members, invitations or contracts are offered; then shows it again.
      const ownerPage = owner.page;
      await ownerPage.goto(`/companies/${companyId}/teams/${teams.Design}`);
      await ownerPage.getByRole('button', { name: 'New contract' }).waitFor();
      await ownerPage.getByRole('button', { name: 'Hide team' }).click();
      await ownerPage.getByRole('status').getByText(`Design ${tag} is hidden`, { exact: false }).waitFor();
      await ownerPage.getByText('Hidden', { exact: true }).waitFor();
      expect(await ownerPage.getByRole('button', { name: 'Add members' }).count()).toBe(0);
      expect(await ownerPage.getByRole('button', { name: 'Invite people' }).count()).toBe(0);
      expect(await ownerPage.getByRole('button', { name: 'New contract' }).count()).toBe(0);
      await expectAccessible(ownerPage, 'a hidden team\'s page');
      await ownerPage.getByRole('button', { name: 'Show team' }).click();
      await ownerPage.getByRole('status').getByText(`Design ${tag} is shown again.`).waitFor();

      // The owner creates a contract from the team's page, with Hank … who is no hiring manager here, so he is not offered.
      await ownerPage.getByRole('button', { name: 'New contract' }).click();
      const create = ownerPage.getByRole('dialog', { name: 'New contract' });
      await create.getByRole('textbox', { name: 'Title' }).fill(`Banner ${tag}`);
      await create.getByRole('textbox', { name: 'Freelancer’s name' }).fill('Ben');
      await create.getByRole('status').getByText(`Nobody in Design ${tag} can be the contact person.`, { exact: false }).waitFor();
      await create.getByRole('button', { name: 'Cancel' }).click();
    });
  }
});
