import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { addTeamMembership, ensureCompanyMember } from '../../src/commands/memberships.js';
import { openDatabase } from '../../src/db/database.js';
import type { User } from '../../src/db/schema.js';
import type { TeamRole } from '../../src/domain/roles.js';
import { makeUser } from '../support/factories.js';
import { browserAvailable, markEmailVerified, PASSWORD, useBrowserServer } from './browser.js';

const available = browserAvailable();

/** How many hiring managers the team gets besides the one leaving: more than four pages of the picker. */
const MANAGERS = 230;
const number = (index: number) => String(index).padStart(3, '0');

describe.skipIf(!available)('long lists on the page, in Chromium', { timeout: 120_000 }, () => {
  const running = useBrowserServer('roster-browser-long-lists-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
  let owner: Page;
  let companyId = '';

  /** Members made straight in the server's SQLite file (sign-up's scrypt for each would take minutes). */
  async function seedTeam(teamId: string, people: { name: string; email: string; roles: TeamRole[] }[]): Promise<Map<string, string>> {
    const db = openDatabase(`sqlite:${join(running().dir, 'roster.db')}`);
    try {
      const users: { user: User; roles: TeamRole[] }[] = [];
      for (const person of people) users.push({ user: await makeUser(db, { name: person.name, email: person.email }), roles: person.roles });
      await db.write(async (tx) => {
        const now = new Date();
        for (const { user, roles } of users) {
          await ensureCompanyMember(tx, companyId, user, now);
          await addTeamMembership(tx, { companyId, teamId, userId: user.id }, roles, now);
        }
      });
      return new Map(users.map(({ user }) => [user.name, user.id]));
    } finally {
      await db.close();
    }
  }

  it('sets up a company as its owner', async () => {
    const { browser, server } = running();
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    owner = await context.newPage();
    expect((await owner.request.post('/api/v1/auth/signup', { data: { email: 'lola@acme.test', name: 'Lola Owner', password: PASSWORD } })).status()).toBe(201);
    markEmailVerified(running(), 'lola@acme.test');
    const created = await owner.request.post('/api/v1/companies', { data: { name: 'Acme Long' } });
    companyId = ((await created.json()) as { company: { id: string } }).company.id;
  });

  it('pages through more than 100 pending invitations', async () => {
    const teams = (await (await owner.request.get(`/api/v1/companies/${companyId}/teams`)).json()) as { items: { id: string }[] };
    const emails = Array.from({ length: 105 }, (_, index) => `invitee-${number(index + 1)}@acme.test`);
    for (const batch of [emails.slice(0, 100), emails.slice(100)]) {
      const invited = await owner.request.post(`/api/v1/companies/${companyId}/invitations`, {
        data: { emails: batch, teams: [{ teamId: teams.items[0]?.id ?? '', roles: [] }] },
      });
      expect(invited.status()).toBe(201);
    }

    await owner.goto(`/companies/${companyId}/invitations`);
    const table = owner.getByRole('table', { name: 'Pending invitations' });
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(100);
    await owner.getByRole('button', { name: 'Show more invitations' }).click();
    await expect.poll(() => rows.count()).toBe(105);
    const shown = await table.locator('tbody tr th').allTextContents();
    expect(shown.toSorted()).toEqual(emails);
    expect(await owner.getByRole('button', { name: 'Show more invitations' }).count()).toBe(0);
  });

  it('finds a contact person beyond the first 200 of a team by search, and by paging; offers only who qualifies', async () => {
    const made = await owner.request.post(`/api/v1/companies/${companyId}/teams`, { data: { name: 'Design' } });
    const teamId = ((await made.json()) as { team: { id: string } }).team.id;
    const ids = await seedTeam(teamId, [
      { name: 'Paul Leaving', email: 'paul@acme.test', roles: ['hiring_manager'] },
      ...Array.from({ length: MANAGERS }, (_, index) => ({
        name: `Manager ${number(index + 1)}`,
        email: `manager-${number(index + 1)}@acme.test`,
        roles: ['hiring_manager'] as TeamRole[],
      })),
      { name: 'Zora Zimmer', email: 'zora@acme.test', roles: ['hiring_manager'] },
      { name: 'Zack Plain', email: 'zack@acme.test', roles: ['recruiter'] },
    ]);
    const contract = await owner.request.post(`/api/v1/companies/${companyId}/contracts`, {
      data: { teamId, title: 'Brand book', freelancerName: 'Frida', contactPersonId: ids.get('Paul Leaving') },
    });
    expect(contract.status()).toBe(201);

    await owner.goto(`/companies/${companyId}/members/${ids.get('Paul Leaving') ?? ''}`);
    await owner.getByRole('button', { name: 'Remove member' }).click();
    await owner.getByRole('alertdialog', { name: 'Remove Paul Leaving from Acme Long?' }).getByRole('button', { name: 'Confirm' }).click();
    const blocked = owner.getByRole('region', { name: 'Paul Leaving is the contact person on active contracts' });
    await blocked.getByRole('button', { name: 'Reassign contact person' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Reassign “Brand book”' });
    const picker = dialog.getByRole('combobox', { name: 'New contact person' });
    const options = picker.locator('option');

    // The first page: 50 of the team's 231 other hiring managers, in name order; the person leaving is not offered.
    await expect.poll(() => options.count()).toBe(51);
    expect(await options.nth(1).textContent()).toBe('Manager 001');
    expect(await options.allTextContents()).not.toContain('Paul Leaving');
    expect(await options.allTextContents()).not.toContain('Zora Zimmer');

    // Paging reaches the 201st and beyond.
    const more = dialog.getByRole('button', { name: 'Show more people' });
    for (let page = 2; page <= 4; page++) {
      await more.click();
      await expect.poll(() => options.count()).toBe(1 + 50 * page);
    }
    await more.click();
    await expect.poll(() => options.count()).toBe(1 + MANAGERS + 1);
    expect(await options.allTextContents()).toContain(`Manager ${number(MANAGERS)}`);
    expect(await options.allTextContents()).toContain('Zora Zimmer');
    await expect.poll(() => more.count()).toBe(0);

    // The search asks the server, over the whole team: only who qualifies.
    const search = dialog.getByRole('searchbox', { name: 'Search who qualifies' });
    await search.fill('Zack');
    await dialog.getByText('Nobody who can be the contact person matches “Zack”.').waitFor();
    await search.fill('zimmer');
    await expect.poll(() => options.allTextContents()).toEqual(['Choose a person', 'Zora Zimmer']);
    await picker.selectOption({ label: 'Zora Zimmer' });
    await dialog.getByRole('button', { name: 'Reassign' }).click();
    await blocked.getByText('Reassigned to Zora Zimmer.').waitFor();

    const reread = (await (await owner.request.get(`/api/v1/companies/${companyId}/members/${ids.get('Zora Zimmer') ?? ''}`)).json()) as {
      contracts: { title: string }[];
    };
    expect(reread.contracts.map((item) => item.title)).toEqual(['Brand book']);
  });
});
