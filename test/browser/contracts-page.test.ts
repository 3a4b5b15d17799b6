import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';
import { makeCompanyOf, pagesAt, smallTargets } from './company-setup.js';

const available = browserAvailable();

describe.skipIf(!available)('contracts in Chromium', { timeout: 120_000 }, () => {
  const running = useBrowserServer('roster-browser-contracts-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
  const pageAt = (viewport: (typeof VIEWPORTS)[number]) => pagesAt(running, contexts, viewport);
  /** The card of one contract, by its title. */
  const card = (page: Page, title: string): Locator => page.getByRole('listitem', { name: title });

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: the owner creates, pauses, resumes, moves, reassigns and ends contracts, each refusal shown on the contract`, async () => {
      const tag = viewport.name;
      const { companyId, teams, owner, people } = await makeCompanyOf(running(), pageAt(viewport), tag, ['Design'], {
        hank: { name: `Hank ${tag}`, teams: { General: ['hiring_manager'] } },
        rita: { name: `Rita ${tag}`, teams: { General: ['hiring_manager'], Design: ['hiring_manager'] } },
        pete: { name: `Pete ${tag}`, teams: { General: [] } },
      });
      const { hank, rita, pete } = people as Record<'hank' | 'rita' | 'pete', (typeof people)[string]>;
      const page = owner.page;
      const title = `Logo ${tag}`;

      // The Contracts section, from the settings navigation.
      await page.goto(`/companies/${companyId}/members`);
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Contracts' }).click();
      await page.getByRole('heading', { name: 'Contracts', level: 1 }).waitFor();
      await page.getByRole('status').getByText('No contracts yet.').waitFor();
      await expectAccessible(page, 'the contracts page, empty');

      // New contract: team, title, freelancer, and a contact person among those who qualify there (not Pete).
      await page.getByRole('button', { name: 'New contract' }).click();
      const create = page.getByRole('dialog', { name: 'New contract' });
      await create.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'General' });
      await create.getByRole('textbox', { name: 'Title' }).fill(title);
      await create.getByRole('textbox', { name: 'Freelancer’s name' }).fill('Fay Freelancer');
      const contact = create.getByRole('combobox', { name: 'Contact person' });
      await expect.poll(async () => (await contact.locator('option').allTextContents()).sort()).toEqual(
        ['Choose a person', hank.name, `${owner.name} (account owner)`, rita.name].sort(),
      );
      await contact.selectOption({ label: hank.name });
      await expectAccessible(page, 'the new contract dialog');
      await screenshot(page, `contract-new-${tag}`);
      await create.getByRole('button', { name: 'Create contract' }).click();
      await create.waitFor({ state: 'detached' });
      await page.getByRole('status').getByText(`The contract “${title}” was created.`).waitFor();
      const logo = card(page, title);
      await logo.getByText('Active', { exact: true }).waitFor();
      await logo.getByRole('link', { name: hank.name }).waitFor();

      // Pause and resume.
      await logo.getByRole('button', { name: 'Pause' }).click();
      await logo.getByText('Paused', { exact: true }).first().waitFor();
      await logo.getByRole('button', { name: 'Resume' }).click();
      await logo.getByRole('status').getByText('Resumed.').waitFor();
      await logo.getByText('Active', { exact: true }).waitFor();

      // Move to Design keeping Hank, who is no hiring manager there: refused in the dialog, in words, with the way out.
      await logo.getByRole('button', { name: 'Move to another team' }).click();
      const move = page.getByRole('dialog', { name: `Move “${title}”` });
      await move.getByRole('combobox', { name: 'New team', exact: true }).selectOption({ label: 'Design' });
      await move.getByRole('button', { name: 'Move contract' }).click();
      await move.getByRole('alert').getByText('The contact person must be a hiring manager of the contract’s team.', { exact: false }).waitFor();
      await move.getByRole('alert').getByText('Choose someone who qualifies there', { exact: false }).waitFor();
      await expectAccessible(page, 'a refused move');
      await screenshot(page, `contract-move-refused-${tag}`);
      await move.getByRole('combobox', { name: 'Contact person in the new team' }).selectOption({ label: rita.name });
      await move.getByRole('button', { name: 'Move contract' }).click();
      await move.waitFor({ state: 'detached' });
      await logo.getByRole('status').getByText('Moved to Design.').waitFor();
      await logo.getByRole('link', { name: 'Design' }).waitFor();
      await logo.getByRole('link', { name: rita.name }).waitFor();

      // The filters: by team and status, kept in the address.
      await page.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'General' });
      await page.getByRole('status').getByText('No contracts match these filters.').waitFor();
      await page.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Design' });
      await logo.waitFor();
      await expect.poll(() => new URL(page.url()).search).toBe(`?team=${teams.Design}`);

      // A contract ended meanwhile (in another tab): pausing it is refused on the contract, and the detail says why.
      const stale = `Stale ${tag}`;
      const made = await page.request.post(`/api/v1/companies/${companyId}/contracts`, {
        data: { teamId: teams.General, title: stale, freelancerName: 'Sam', contactPersonId: hank.id },
      });
      const staleId = ((await made.json()) as { contract: { id: string } }).contract.id;
      await page.goto(`/companies/${companyId}/contracts`);
      await card(page, stale).getByRole('button', { name: 'Pause' }).waitFor();
      expect((await page.request.patch(`/api/v1/companies/${companyId}/contracts/${staleId}`, { data: { status: 'ended' } })).status()).toBe(200);
      await card(page, stale).getByRole('button', { name: 'Pause' }).click();
      await card(page, stale).getByRole('alert').getByText('This contract has ended and can no longer change', { exact: false }).waitFor();
      await expectAccessible(page, 'a refusal on a contract');
      await screenshot(page, `contract-refused-${tag}`);

      // End, confirmed: nothing is offered on it any more.
      await logo.getByRole('button', { name: 'End contract' }).click();
      const end = page.getByRole('alertdialog', { name: `End the contract “${title}”?` });
      await expectAccessible(page, 'the end confirmation');
      await end.getByRole('button', { name: 'End contract' }).click();
      await logo.getByRole('status').getByText('Ended.').waitFor();
      await expect.poll(() => logo.getByRole('button').count()).toBe(0);
      await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Ended' });
      await expect.poll(() => page.getByRole('list', { name: 'Contracts' }).getByRole('heading').allTextContents()).toEqual([stale, title]);

      // A plain member sees the contracts and is offered nothing on them.
      await pete.page.goto(`/companies/${companyId}/contracts`);
      await card(pete.page, title).waitFor();
      expect(await pete.page.getByRole('button', { name: 'New contract' }).count()).toBe(0);
      expect(await pete.page.getByRole('list', { name: 'Contracts' }).getByRole('button').count()).toBe(0);

      // A hiring manager whose role is taken away meanwhile is refused with FORBIDDEN on the contract, and told why it may be.
      const held = `Held ${tag}`;
      expect((await page.request.post(`/api/v1/companies/${companyId}/contracts`, { data: { teamId: teams.General, title: held, freelancerName: 'Hal', contactPersonId: rita.id } })).status()).toBe(201);
      await hank.page.goto(`/companies/${companyId}/contracts`);
      await card(hank.page, held).getByRole('button', { name: 'Pause' }).waitFor();
      expect(await card(hank.page, held).getByRole('button', { name: 'Reassign contact person' }).count()).toBe(0);
      const demoted = await page.request.put(`/api/v1/companies/${companyId}/members/${hank.id}/teams/${teams.General}`, { data: { roles: [] } });
      expect(demoted.status()).toBe(200);
      await card(hank.page, held).getByRole('button', { name: 'Pause' }).click();
      await card(hank.page, held).getByRole('alert').getByText('You are not allowed to do this. Your roles may have changed', { exact: false }).waitFor();
      await expectAccessible(hank.page, 'a forbidden change on a contract');

      // Rita's page lists the contracts she is the contact person of, ended ones too, with what the owner may do.
      await page.goto(`/companies/${companyId}/members/${rita.id}`);
      const hers = page.getByRole('region', { name: 'Contracts', exact: true });
      await card(page, held).getByRole('button', { name: 'Pause' }).waitFor();
      await card(page, title).getByText('Ended', { exact: true }).waitFor();
      expect(await hers.getByRole('listitem').count()).toBe(2);
      await expectAccessible(page, 'a member\'s contracts');
      await screenshot(page, `member-contracts-${tag}`);

      // At phone width every target of the page is at least 44 × 44 px.
      if (viewport.width < 700) {
        await page.goto(`/companies/${companyId}/contracts`);
        await card(page, held).getByRole('button', { name: 'Pause' }).waitFor();
        expect(await smallTargets(page, '.contracts-page')).toEqual([]);
      }
    });
  }

  it('reassigns a contract\'s contact person with the keyboard alone', async () => {
    const viewport = VIEWPORTS[0];
    const { companyId, teams, owner, people } = await makeCompanyOf(running(), pageAt(viewport), 'keys', [], {
      hank: { name: 'Hank keys', teams: { General: ['hiring_manager'] } },
      rita: { name: 'Rita keys', teams: { General: ['hiring_manager'] } },
    });
    const page = owner.page;
    const made = await page.request.post(`/api/v1/companies/${companyId}/contracts`, {
      data: { teamId: teams.General, title: 'Brochure', freelancerName: 'Bo', contactPersonId: people.hank!.id },
    });
    expect(made.status()).toBe(201);
    await page.goto(`/companies/${companyId}/contracts`);
    await card(page, 'Brochure').getByRole('button', { name: 'Reassign contact person' }).waitFor();

    /** Presses Tab until the focused element is the one wanted (at most 40 times). */
    const tabTo = async (isIt: () => Promise<boolean>) => {
      for (let presses = 0; presses < 40; presses++) {
        await page.keyboard.press('Tab');
        if (await isIt()) return;
      }
      throw new Error('not reached with Tab');
    };
    const focusedText = () => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement?.textContent ?? '');
    const focusedLabel = () =>
      page.evaluate(() => {
        const { document } = globalThis as unknown as { document: { activeElement: { id: string; tagName: string } | null; querySelector: (s: string) => { textContent: string | null } | null } };
        const active = document.activeElement;
        return active === null ? '' : `${active.tagName}:${document.querySelector(`label[for="${active.id}"]`)?.textContent ?? ''}`;
      });

    await tabTo(async () => (await focusedText()) === 'Reassign contact person');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '“Brochure”' });
    await dialog.waitFor();
    await dialog.getByRole('combobox', { name: 'New contact person' }).locator('option', { hasText: 'Rita keys' }).waitFor({ state: 'attached' });
    await tabTo(async () => (await focusedLabel()) === 'SELECT:New contact person');
    await page.keyboard.type('Rita');
    await expect.poll(() => dialog.getByRole('combobox', { name: 'New contact person' }).inputValue()).toBe(people.rita!.id);
    await tabTo(async () => (await focusedText()) === 'Reassign');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await card(page, 'Brochure').getByRole('status').getByText('Reassigned to Rita keys.').waitFor();
    await card(page, 'Brochure').getByRole('link', { name: 'Rita keys' }).waitFor();
    // The focus is back on the button that opened the dialog.
    expect(await focusedText()).toBe('Reassign contact person');
    await expectAccessible(page, 'a contract reassigned by keyboard');
  });
});
