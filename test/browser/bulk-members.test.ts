import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { TeamRole } from '../../src/domain/roles.js';
import { browserAvailable, expectAccessible, markEmailVerified, PASSWORD, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';
import { seedMembers } from './company-setup.js';

const available = browserAvailable();

/** How many plain members the company gets besides the named ones: more than one page of the list (50). */
const CROWD = 55;

describe.skipIf(!available)('bulk changes and the member actions of the members list, in Chromium', { timeout: 120_000 }, () => {
  const running = useBrowserServer('roster-browser-bulk-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.width}×${viewport.height}`, () => {
      const tag = viewport.name;
      const phone = tag === 'phone';
      let owner: Page;
      let companyId = '';
      const teams = { General: '', Design: '', Sales: '' };
      const ids = new Map<string, string>();

      const newPage = async (): Promise<Page> => {
        const { browser, server } = running();
        const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
        contexts.push(context);
        return context.newPage();
      };

      /** Members made straight in the server's SQLite file, their ids kept by name. */
      async function seed(people: { name: string; teams: Record<string, TeamRole[]> }[]): Promise<void> {
        for (const [name, id] of await seedMembers(running(), companyId, people, 'bulk.test')) ids.set(name, id);
      }

      const membersPage = async (page: Page = owner) => {
        await page.goto(`/companies/${companyId}/members`);
        await page.getByRole('heading', { name: 'Members & Permissions' }).waitFor();
      };
      const search = async (text: string) => {
        await owner.getByRole('searchbox', { name: 'Search members' }).fill(text);
      };
      const bar = () => owner.getByRole('region', { name: 'Bulk actions' });
      const teamOf = async (name: string): Promise<string[]> => {
        const answer = await owner.request.get(`/api/v1/companies/${companyId}/members/${ids.get(name) ?? ''}`);
        if (answer.status() === 404) return [];
        return ((await answer.json()) as { member: { teams: { teamName: string }[] } }).member.teams.map((team) => team.teamName);
      };

      it('sets up a company with a contact person and more members than one page', async () => {
        owner = await newPage();
        const email = `olga-${tag}@bulk.test`;
        expect((await owner.request.post('/api/v1/auth/signup', { data: { email, name: `Olga ${tag}`, password: PASSWORD } })).status()).toBe(201);
        markEmailVerified(running(), email);
        const created = await owner.request.post('/api/v1/companies', { data: { name: `Bulk ${tag}` } });
        const company = ((await created.json()) as { company: { id: string; defaultTeamId: string } }).company;
        companyId = company.id;
        teams.General = company.defaultTeamId;
        for (const name of ['Design', 'Sales'] as const) {
          const team = await owner.request.post(`/api/v1/companies/${companyId}/teams`, { data: { name } });
          teams[name] = ((await team.json()) as { team: { id: string } }).team.id;
        }
        await seed([
          { name: `Hank ${tag}`, teams: { [teams.Design]: ['hiring_manager'] } },
          { name: `Rita ${tag}`, teams: { [teams.Design]: ['hiring_manager'] } },
          { name: `Pia ${tag}`, teams: { [teams.General]: [] } },
          { name: `Paul ${tag}`, teams: { [teams.General]: [] } },
          { name: `Stan ${tag}`, teams: { [teams.General]: [] } },
          ...Array.from({ length: CROWD }, (_, index) => ({ name: `Crowd ${String(index).padStart(2, '0')} ${tag}`, teams: { [teams.General]: [] } })),
        ]);
        const contract = await owner.request.post(`/api/v1/companies/${companyId}/contracts`, {
          data: { teamId: teams.Design, title: `Logo ${tag}`, freelancerName: 'Fay', contactPersonId: ids.get(`Hank ${tag}`) },
        });
        expect(contract.status()).toBe(201);
      });

      it('shows the member count, and on a phone folds the filters behind Filter', async () => {
        await membersPage();
        await owner.getByText(`${CROWD + 6} members`, { exact: true }).waitFor();
        const teamFilter = owner.getByRole('combobox', { name: 'Team' });
        if (phone) {
          // The first screen shows members, not three full-width filters.
          expect(await teamFilter.isVisible()).toBe(false);
          const toggle = owner.getByRole('button', { name: 'Filter' });
          expect(await toggle.getAttribute('aria-expanded')).toBe('false');
          const firstMember = owner.getByRole('list', { name: 'Members' }).getByRole('listitem').first();
          const box = await firstMember.boundingBox();
          expect(box !== null && box.y < viewport.height).toBe(true);
          await toggle.click();
          expect(await toggle.getAttribute('aria-expanded')).toBe('true');
        }
        await teamFilter.selectOption({ label: 'Design' });
        await owner.getByText('2 members match', { exact: true }).waitFor();
        await expectAccessible(owner, 'the filters with the count');
        await teamFilter.selectOption({ label: 'All teams' });
      });

      it('offers the common actions in a row’s (…) menu, as the viewer may take them', async () => {
        await membersPage();
        await search(`Pia ${tag}`);
        await owner.getByRole('button', { name: `Actions for Pia ${tag}` }).click();
        const labels = await owner.getByRole('menuitem').allTextContents();
        expect(labels).toEqual(['View user details', 'Edit member roles', 'Add to team', 'Remove from team', 'Suspend member', 'Remove member']);
        await owner.getByRole('menuitem', { name: 'Add to team' }).click();
        const dialog = owner.getByRole('dialog', { name: `Add to team: Pia ${tag}` });
        await dialog.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Sales' });
        await dialog.getByRole('checkbox', { name: 'Recruiter' }).click();
        await expectAccessible(owner, 'add to team from the menu');
        await dialog.getByRole('button', { name: 'Add to team' }).click();
        await owner.getByRole('heading', { name: 'Add to team (Sales): 1 of 1 added' }).waitFor();
        await expect.poll(() => teamOf(`Pia ${tag}`)).toEqual(['General', 'Sales']);

        // A plain member is offered no action on others but their page.
        const pia = await newPage();
        expect((await pia.request.post('/api/v1/auth/login', { data: { email: `pia-${tag}@bulk.test`, password: PASSWORD } })).status()).toBe(200);
        await membersPage(pia);
        await pia.getByRole('searchbox', { name: 'Search members' }).fill(`Paul ${tag}`);
        await pia.getByRole('button', { name: `Actions for Paul ${tag}` }).click();
        expect(await pia.getByRole('menuitem').allTextContents()).toEqual(['View user details']);
        // Nor any checkbox to select members with.
        expect(await pia.getByRole('checkbox').count()).toBe(0);
      });

      it('adds an existing member to another team, with roles, from their page', async () => {
        await owner.goto(`/companies/${companyId}/members/${ids.get(`Paul ${tag}`) ?? ''}`);
        await owner.getByRole('heading', { name: `Paul ${tag}`, level: 1 }).waitFor();
        await owner.getByRole('button', { name: 'Add to team' }).click();
        const dialog = owner.getByRole('dialog', { name: `Add Paul ${tag} to a team` });
        await dialog.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Design' });
        await dialog.getByRole('checkbox', { name: 'Hiring manager' }).click();
        await expectAccessible(owner, 'add to team on a member’s page');
        await screenshot(owner, `member-add-to-team-${tag}`);
        await dialog.getByRole('button', { name: 'Add to team' }).click();
        await owner.getByRole('status').getByText(`Paul ${tag} was added to Design.`).waitFor();
        await owner.getByRole('heading', { name: 'Design', level: 3 }).waitFor();
        await owner.getByText('Hiring manager', { exact: true }).waitFor();
      });

      it('names the teams a member holds now in the Remove member confirmation, not those read seconds before', async () => {
        await owner.goto(`/companies/${companyId}/members/${ids.get(`Stan ${tag}`) ?? ''}`);
        await owner.getByRole('heading', { name: `Stan ${tag}`, level: 1 }).waitFor();
        // Meanwhile, elsewhere, Stan joins Sales.
        const put = await owner.request.put(`/api/v1/companies/${companyId}/members/${ids.get(`Stan ${tag}`) ?? ''}/teams/${teams.Sales}`, { data: { roles: [] } });
        expect(put.status()).toBe(200);
        await owner.getByRole('button', { name: 'Remove member' }).click();
        const confirm = owner.getByRole('alertdialog', { name: `Remove Stan ${tag} from Bulk ${tag}?` });
        await confirm.getByRole('listitem').filter({ hasText: 'Sales' }).waitFor();
        expect(await confirm.getByRole('listitem').allTextContents()).toEqual(['General', 'Sales']);
        await confirm.getByRole('button', { name: 'Cancel' }).click();
      });

      it('removes several members at once, reports the refused contact person, and settles them in place', async () => {
        await membersPage();
        // "a" finds the named members (Hank, Paul, Stan, Rita, Pia, Olga), none of the crowd.
        await search('a');
        for (const name of [`Hank ${tag}`, `Paul ${tag}`, `Stan ${tag}`]) {
          await owner.getByRole('checkbox', { name: `Select ${name}` }).click();
        }
        await bar().getByText('3 selected').waitFor();
        await expectAccessible(owner, 'three members selected');
        await screenshot(owner, `bulk-selected-${tag}`);
        await bar().getByRole('button', { name: 'Remove from company' }).click();
        const confirm = owner.getByRole('alertdialog', { name: `Remove 3 members from Bulk ${tag}?` });
        await confirm.getByText('left as they are and listed afterwards', { exact: false }).waitFor();
        await expectAccessible(owner, 'the bulk removal confirmation');
        await confirm.getByRole('button', { name: 'Remove from company' }).click();

        const report = owner.getByRole('region', { name: 'Remove from company: 2 of 3 removed' });
        await report.waitFor();
        await report.getByText(`Hank ${tag}`, { exact: false }).first().waitFor();
        const contracts = report.getByRole('region', { name: `Contracts that keep Hank ${tag}` });
        await contracts.getByText(`Logo ${tag}`).waitFor();
        await expectAccessible(owner, 'the bulk report with a refused contact person');
        await screenshot(owner, `bulk-report-${tag}`);
        expect(await teamOf(`Paul ${tag}`)).toEqual([]);
        expect(await teamOf(`Stan ${tag}`)).toEqual([]);
        expect(await teamOf(`Hank ${tag}`)).toEqual(['Design']);

        // Settled in place: the contract reassigned to Rita, then the removal tried again for Hank alone.
        await contracts.getByRole('button', { name: 'Reassign contact person' }).click();
        const reassign = owner.getByRole('dialog', { name: `Reassign “Logo ${tag}”` });
        await reassign.getByRole('combobox', { name: 'New contact person' }).selectOption({ label: `Rita ${tag}` });
        await reassign.getByRole('button', { name: 'Reassign' }).click();
        await contracts.getByRole('status').getByText(`Reassigned to Rita ${tag}.`).waitFor();
        await contracts.getByRole('button', { name: `Try again for Hank ${tag}` }).click();
        await owner.getByRole('region', { name: 'Remove from company: 3 of 3 removed' }).getByRole('status').getByText('Nobody was refused.').waitFor();
        expect(await teamOf(`Hank ${tag}`)).toEqual([]);
      });

      it('selects every member matching the filters, beyond the page, and adds them all to a team with a role', async () => {
        await membersPage();
        await search('Crowd');
        await owner.getByText(`${CROWD} members match`, { exact: true }).waitFor();
        await owner.getByRole('checkbox', { name: 'Select all on this page' }).click();
        await bar().getByText('50 selected').waitFor();
        await owner.getByRole('button', { name: `Select all ${CROWD} matching` }).click();
        await bar().getByText(`All ${CROWD} matching members selected`).waitFor();
        await bar().getByRole('button', { name: 'Add to team' }).click();
        const dialog = owner.getByRole('dialog', { name: `Add to team: ${CROWD} members` });
        await dialog.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Sales' });
        await dialog.getByRole('checkbox', { name: 'Recruiter' }).click();
        await expectAccessible(owner, 'the team and roles of a bulk change');
        await dialog.getByRole('button', { name: 'Add to team' }).click();
        await owner.getByRole('heading', { name: `Add to team (Sales): ${CROWD} of ${CROWD} added` }).waitFor();
        const count = await owner.request.get(`/api/v1/companies/${companyId}/members/count?teamId=${teams.Sales}&role=recruiter&q=Crowd`);
        expect(((await count.json()) as { total: number }).total).toBe(CROWD);
      });

      if (phone) {
        it('makes every control of the members list and a member’s page at least 44×44 px on a phone', async () => {
          const tooSmall = async (page: Page): Promise<string[]> => {
            const targets: Locator = page.locator('button:visible, [role="checkbox"]:visible, input:visible, select:visible, nav a:visible, header a:visible, .card-head a:visible');
            const small: string[] = [];
            for (const target of await targets.all()) {
              const box = await target.boundingBox();
              if (box !== null && (box.width < 44 || box.height < 44)) {
                small.push(`${(await target.getAttribute('aria-label')) ?? (await target.textContent()) ?? '?'} ${Math.round(box.width)}×${Math.round(box.height)}`);
              }
            }
            return small;
          };
          await membersPage();
          await search(`Pia ${tag}`);
          await owner.getByRole('checkbox', { name: `Select Pia ${tag}` }).click();
          await bar().waitFor();
          await owner.getByRole('button', { name: 'Filter' }).click();
          expect(await tooSmall(owner)).toEqual([]);
          await owner.goto(`/companies/${companyId}/members/${ids.get(`Rita ${tag}`) ?? ''}`);
          await owner.getByRole('heading', { name: `Rita ${tag}`, level: 1 }).waitFor();
          expect(await tooSmall(owner)).toEqual([]);
          await owner.getByRole('button', { name: 'Add to team' }).click();
          await owner.getByRole('dialog').getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Sales' });
          expect(await tooSmall(owner)).toEqual([]);
        });
      } else {
        it('removes members in bulk from the keyboard alone', async () => {
          await membersPage();
          await search(`Crowd 1`);
          await owner.getByText('10 members match', { exact: true }).waitFor();
          /** Presses Tab until the focus is on the control of that accessible name. */
          const tabTo = async (name: string) => {
            for (let presses = 0; presses < 80; presses++) {
              await owner.keyboard.press('Tab');
              const focused = await owner.evaluate(() => {
                const element = (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null; textContent: string | null } | null } }).document.activeElement;
                return element === null ? '' : (element.getAttribute('aria-label') ?? element.textContent ?? '');
              });
              if (focused.trim() === name) return;
            }
            throw new Error(`Tab never reached ${name}`);
          };
          await tabTo(`Select Crowd 10 ${tag}`);
          await owner.keyboard.press('Space');
          await tabTo(`Select Crowd 11 ${tag}`);
          await owner.keyboard.press('Space');
          await bar().getByText('2 selected').waitFor();
          await tabTo('Remove from company');
          await owner.keyboard.press('Enter');
          const confirm = owner.getByRole('alertdialog', { name: `Remove 2 members from Bulk ${tag}?` });
          await confirm.waitFor();
          // The confirmation starts on Cancel; Tab moves to the action.
          await owner.keyboard.press('Tab');
          await owner.keyboard.press('Enter');
          const heading = owner.getByRole('heading', { name: 'Remove from company: 2 of 2 removed' });
          await heading.waitFor();
          // The report takes the focus, so that it is read at once.
          await expect.poll(() => heading.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
          expect(await teamOf(`Crowd 10 ${tag}`)).toEqual([]);
          expect(await teamOf(`Crowd 11 ${tag}`)).toEqual([]);
        });
      }
    });
  }
});
