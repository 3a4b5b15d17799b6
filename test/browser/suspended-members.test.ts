import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptLinksFor, browserAvailable, expectAccessible, markEmailVerified, PASSWORD, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';

const available = browserAvailable();

describe.skipIf(!available)('suspended members in Chromium', { timeout: 90_000 }, () => {
  const running = useBrowserServer('roster-browser-suspend-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: the owner suspends a contact person, reassigns their contract from the members list, and reinstates them`, async () => {
      const tag = viewport.name;
      const newPage = async (): Promise<Page> => {
        const { browser, server } = running();
        const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
        contexts.push(context);
        return context.newPage();
      };

      // The company, made through the API: the owner, Hank (the contact person of a contract) and Rita, both hiring managers.
      const owner = await newPage();
      const ownerEmail = `olga-${tag}@suspend.test`;
      expect((await owner.request.post('/api/v1/auth/signup', { data: { email: ownerEmail, name: `Olga ${tag}`, password: PASSWORD } })).status()).toBe(201);
      markEmailVerified(running(), ownerEmail);
      const created = await owner.request.post('/api/v1/companies', { data: { name: `Acme ${tag}` } });
      const company = ((await created.json()) as { company: { id: string; defaultTeamId: string } }).company;
      const hank = { email: `hank-${tag}@suspend.test`, name: `Hank ${tag}` };
      const rita = { email: `rita-${tag}@suspend.test`, name: `Rita ${tag}` };
      const invited = await owner.request.post(`/api/v1/companies/${company.id}/invitations`, {
        data: { emails: [hank.email, rita.email], teams: [{ teamId: company.defaultTeamId, roles: ['hiring_manager'] }] },
      });
      expect(invited.status()).toBe(201);
      const pages: Record<string, Page> = {};
      for (const person of [hank, rita]) {
        const link = (await acceptLinksFor(running(), person.email)).at(-1) ?? '';
        const page = await newPage();
        const signUp = await page.request.post('/api/v1/auth/signup', {
          data: { email: person.email, name: person.name, password: PASSWORD, invitationToken: link.split('/').at(-1) },
        });
        expect(signUp.status()).toBe(201);
        pages[person.email] = page;
      }
      const hankPage = pages[hank.email]!;
      const members = (await (await owner.request.get(`/api/v1/companies/${company.id}/members`)).json()) as { items: { userId: string; name: string }[] };
      const hankId = members.items.find((member) => member.name === hank.name)?.userId ?? '';
      const contract = await owner.request.post(`/api/v1/companies/${company.id}/contracts`, {
        data: { teamId: company.defaultTeamId, title: `Logo ${tag}`, freelancerName: 'Fay', contactPersonId: hankId },
      });
      expect(contract.status()).toBe(201);
      expect((await hankPage.request.get(`/api/v1/companies/${company.id}/members`)).status()).toBe(200);

      // Suspend, from Hank's page: the confirmation says what happens.
      await owner.goto(`/companies/${company.id}/members/${hankId}`);
      await owner.getByRole('heading', { name: hank.name, level: 1 }).waitFor();
      await owner.getByRole('button', { name: 'Suspend member' }).click();
      const dialog = owner.getByRole('alertdialog', { name: `Suspend ${hank.name}?` });
      await dialog.getByText('every session and API token of theirs stops working here', { exact: false }).waitFor();
      await dialog.getByText('they stay the contact person of 1 contract', { exact: false }).waitFor();
      await expectAccessible(owner, 'the suspend confirmation');
      await screenshot(owner, `suspend-confirm-${tag}`);
      await dialog.getByRole('button', { name: 'Suspend' }).click();
      await owner.getByRole('status').getByText(`${hank.name} is suspended.`).waitFor();
      await owner.getByText('Suspended', { exact: true }).first().waitFor();
      await owner.getByRole('region', { name: `Contracts that still name ${hank.name}` }).getByText(`Logo ${tag}`).waitFor();
      await owner.getByRole('button', { name: 'Reinstate' }).waitFor();
      await expectAccessible(owner, 'a suspended member\'s page');
      await screenshot(owner, `member-suspended-${tag}`);

      // Hank's session is answered as a non-member's, at once.
      expect((await hankPage.request.get(`/api/v1/companies/${company.id}/members`)).status()).toBe(404);

      // The members list shows him apart, with the contract that still names him; it is reassigned in place.
      await owner.goto(`/companies/${company.id}/members`);
      const section = owner.getByRole('region', { name: 'Suspended members' });
      await section.getByRole('link', { name: hank.name }).waitFor();
      const contracts = section.getByRole('region', { name: `Contracts that still name ${hank.name}` });
      await contracts.getByText(`Logo ${tag}`).waitFor();
      await expectAccessible(owner, 'the members list with a suspended member');
      await screenshot(owner, `members-suspended-${tag}`);
      await contracts.getByRole('button', { name: 'Reassign contact person' }).click();
      const reassign = owner.getByRole('dialog', { name: `Reassign “Logo ${tag}”` });
      await reassign.getByRole('combobox', { name: 'New contact person' }).selectOption({ label: rita.name });
      await expectAccessible(owner, 'reassigning a suspended member\'s contract');
      await reassign.getByRole('button', { name: 'Reassign' }).click();
      // Reassigned: no contract names him any more, which the section says.
      await section.getByRole('status').getByText(`No contract names ${hank.name}.`).waitFor();
      await expectAccessible(owner, 'the members list, the contract reassigned');
      // The status filter lists only the suspended.
      if (tag === 'phone') await owner.getByRole('button', { name: 'Filter' }).click();
      await owner.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Suspended' });
      await expect.poll(async () => owner.getByRole(viewport.width > 700 ? 'table' : 'list', { name: 'Members' }).getByRole('link').allTextContents()).toEqual([hank.name]);

      // Reinstate from his page: his access comes back.
      await owner.goto(`/companies/${company.id}/members/${hankId}`);
      await owner.getByRole('button', { name: 'Reinstate' }).click();
      await owner.getByRole('status').getByText(`${hank.name} is reinstated.`).waitFor();
      await owner.getByRole('button', { name: 'Suspend member' }).waitFor();
      await expectAccessible(owner, 'a reinstated member\'s page');
      expect((await hankPage.request.get(`/api/v1/companies/${company.id}/members`)).status()).toBe(200);
    });
  }
});
