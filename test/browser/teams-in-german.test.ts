import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';
import { makeCompanyOf } from './company-setup.js';

const available = browserAvailable();

/** A moment as German dates show it: "05.03.2026, 10:00". */
const GERMAN_MOMENT = /\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/u;

describe.skipIf(!available)('invitations, contracts, a team and the audit log in German, in Chromium', { timeout: 120_000 }, () => {
  const running = useBrowserServer('roster-browser-teams-german-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: a browser set to German reads them in German, with German counts and dates`, async () => {
      const tag = viewport.name;
      const phone = viewport.width <= 700;
      /** A page of a person of their own, in a browser whose language is German. */
      const newPage = async (): Promise<Page> => {
        const { browser, server } = running();
        const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url, locale: 'de-DE' });
        contexts.push(context);
        return context.newPage();
      };
      const { companyId, teams, owner, people } = await makeCompanyOf(running(), newPage, `${tag}-de`, ['Design'], {
        tara: { name: `Tara ${tag}`, teams: { Design: ['team_admin'] } },
        hank: { name: `Hank ${tag}`, teams: { General: ['hiring_manager'], Design: [] } },
      });
      const { hank, tara } = people as Record<'hank' | 'tara', (typeof people)[string]>;
      const made = await owner.page.request.post(`/api/v1/companies/${companyId}/contracts`, {
        data: { teamId: teams.General, title: `Poster ${tag}`, freelancerName: 'Pia', contactPersonId: hank.id },
      });
      expect(made.status()).toBe(201);
      const waiting = `wanda-${tag}@company.test`;
      const invited = await owner.page.request.post(`/api/v1/companies/${companyId}/invitations`, {
        data: { emails: [waiting], teams: [{ teamId: teams.Design, roles: [] }] },
      });
      expect(invited.status()).toBe(201);
      const page = owner.page;

      // The pending invitations: the browser's German is the page's language.
      await page.goto(`/companies/${companyId}/invitations`);
      expect(await page.evaluate(() => (globalThis as unknown as { navigator: { languages: string[] } }).navigator.languages[0])).toBe('de-DE');
      await page.getByRole('heading', { name: 'Offene Einladungen', level: 1 }).waitFor();
      expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang)).toBe('de');
      const pending = page.getByRole(phone ? 'list' : 'table', { name: 'Offene Einladungen' });
      const entry = pending.getByRole(phone ? 'listitem' : 'row').filter({ hasText: waiting });
      await entry.waitFor();
      expect(await entry.textContent()).toMatch(GERMAN_MOMENT);
      if (phone) await entry.getByText(/^Läuft ab am /u).waitFor();
      else await entry.getByText('Design', { exact: true }).waitFor();
      await page.getByText('Keine abgelaufenen Einladungen.').waitFor();
      await page.getByRole('button', { name: `Aktionen für die Einladung an ${waiting}` }).waitFor();
      await expectAccessible(page, 'the pending invitations in German');
      await screenshot(page, `invitations-de-${tag}`);

      // The Invite dialog.
      await page.getByRole('button', { name: 'Mitglieder einladen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Mitglieder einladen' });
      await dialog.getByText(`Die Eingeladenen erhalten eine E-Mail mit einem Link, um Acme ${tag}-de beizutreten.`).waitFor();
      await dialog.getByRole('group', { name: 'Art der Einladung' }).waitFor();
      await dialog.getByRole('textbox', { name: 'E-Mail-Adressen' }).waitFor();
      await dialog.getByRole('checkbox', { name: 'Zu Design hinzufügen' }).waitFor();
      await dialog.getByRole('textbox', { name: 'Nachricht (optional)' }).waitFor();
      await dialog.getByRole('button', { name: 'Einladungen senden' }).waitFor();
      await dialog.getByRole('button', { name: 'Abbrechen' }).waitFor();
      await expectAccessible(page, 'the Invite dialog in German');
      await screenshot(page, `invite-dialog-de-${tag}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // The contracts.
      await page.goto(`/companies/${companyId}/contracts`);
      await page.getByRole('heading', { name: 'Verträge', level: 1 }).waitFor();
      await page.getByRole('search', { name: 'Verträge filtern' }).getByRole('combobox', { name: 'Status' }).waitFor();
      const contract = page.getByRole('list', { name: 'Verträge' }).getByRole('listitem').filter({ hasText: `Poster ${tag}` });
      await contract.getByText('Aktiv', { exact: true }).waitFor();
      await contract.getByText('Ansprechpartner', { exact: true }).waitFor();
      await contract.getByRole('button', { name: 'Vertrag beenden' }).waitFor();
      await page.getByRole('button', { name: 'Neuer Vertrag' }).waitFor();
      await expectAccessible(page, 'the contracts in German');
      await screenshot(page, `contracts-de-${tag}`);

      // The teams, and Design's page with its count of members.
      await page.goto(`/companies/${companyId}/teams`);
      await page.getByRole('heading', { name: 'Teams', level: 1 }).waitFor();
      await page.getByText('2 Mitglieder · Standardteam', { exact: true }).waitFor();
      await page.getByRole('link', { name: 'Design', exact: true }).click();
      await page.getByRole('heading', { name: 'Design', level: 1 }).waitFor();
      await page.getByText('2 Mitglieder', { exact: true }).waitFor();
      await page.getByRole('list', { name: 'Mitglieder von Design' }).getByRole('listitem').filter({ hasText: hank.name }).getByText('Mitglied, keine Rolle im Team').waitFor();
      await page.getByRole('status').getByText('Design hat keine Verträge.').waitFor();
      await page.getByRole('button', { name: 'Mitglieder hinzufügen' }).waitFor();
      await expectAccessible(page, 'a team’s page in German');
      await screenshot(page, `team-de-${tag}`);

      // The audit log, each event a German sentence with a German date.
      await page.goto(`/companies/${companyId}/audit-log`);
      await page.getByRole('heading', { name: 'Audit-Log', level: 1 }).waitFor();
      const events = page.getByRole('list', { name: 'Ereignisse' });
      const created = events.getByRole('listitem').filter({ hasText: `${owner.name} hat das Team Design angelegt.` });
      await created.waitFor();
      expect(await created.locator('time').textContent()).toMatch(GERMAN_MOMENT);
      await events.getByText(`${owner.name} hat den Vertrag Poster ${tag} in General angelegt.`).waitFor();
      await events.getByText(`${owner.name} hat ${waiting} in Design eingeladen.`).waitFor();
      await events.getByText(`${hank.name} hat eine Einladung angenommen und ist der Firma beigetreten.`).waitFor();
      await events.getByText(`${tara.name} hat eine Einladung angenommen und ist dem Team Design beigetreten.`).waitFor();
      const type = page.getByRole('combobox', { name: 'Art' });
      await type.selectOption({ label: 'Vertrag angelegt' });
      await expect.poll(() => events.getByRole('listitem').count()).toBe(1);
      await expectAccessible(page, 'the audit log in German');
      await screenshot(page, `audit-log-de-${tag}`);
    });
  }
});
