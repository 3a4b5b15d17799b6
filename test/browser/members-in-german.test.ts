import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, markEmailVerified, PASSWORD, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';
import { seedMembers } from './company-setup.js';

const available = browserAvailable();

/** A day as a German reader sees it (the page's medium date, kept in UTC): "06.12.2026". */
const germanDay = (date: Date): string => new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);

describe.skipIf(!available)('the members pages in German, in Chromium', { timeout: 120_000 }, () => {
  const running = useBrowserServer('roster-browser-german-members-');
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
      const teams = { General: '', Design: '' };
      let ids = new Map<string, string>();

      const membersPage = async () => {
        await owner.goto(`/companies/${companyId}/members`);
        await owner.getByRole('heading', { name: 'Mitglieder & Berechtigungen' }).waitFor();
      };
      const bar = () => owner.getByRole('region', { name: 'Sammelaktionen' });

      it('sets up a company, in a browser whose language is German', async () => {
        const { browser, server } = running();
        const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url, locale: 'de-DE' });
        contexts.push(context);
        owner = await context.newPage();
        const email = `olga-${tag}@german.test`;
        expect((await owner.request.post('/api/v1/auth/signup', { data: { email, name: `Olga ${tag}`, password: PASSWORD } })).status()).toBe(201);
        markEmailVerified(running(), email);
        const created = await owner.request.post('/api/v1/companies', { data: { name: `Firma ${tag}` } });
        const company = ((await created.json()) as { company: { id: string; defaultTeamId: string } }).company;
        companyId = company.id;
        teams.General = company.defaultTeamId;
        const design = await owner.request.post(`/api/v1/companies/${companyId}/teams`, { data: { name: 'Design' } });
        teams.Design = ((await design.json()) as { team: { id: string } }).team.id;
        ids = await seedMembers(running(), companyId, [
          { name: `Hank ${tag}`, teams: { [teams.Design]: ['hiring_manager'] } },
          { name: `Pia ${tag}`, teams: { [teams.General]: [] } },
          { name: `Paul ${tag}`, teams: { [teams.General]: [] } },
          { name: `Stan ${tag}`, teams: { [teams.General]: [] } },
        ], 'german.test');
        const contract = await owner.request.post(`/api/v1/companies/${companyId}/contracts`, {
          data: { teamId: teams.Design, title: `Logo ${tag}`, freelancerName: 'Fay', contactPersonId: ids.get(`Hank ${tag}`) },
        });
        expect(contract.status()).toBe(201);
        expect((await owner.request.post(`/api/v1/companies/${companyId}/members/${ids.get(`Stan ${tag}`) ?? ''}/suspend`)).status()).toBe(200);

        await owner.goto(`/companies/${companyId}/members`);
        // The browser's language is the page's: German, with <html lang> saying so.
        expect(await owner.evaluate(() => (globalThis as unknown as { navigator: { languages: string[] } }).navigator.languages[0])).toBe('de-DE');
        await owner.getByRole('heading', { name: 'Mitglieder & Berechtigungen' }).waitFor();
        expect(await owner.locator('html').getAttribute('lang')).toBe('de');
      });

      it('shows the members list in German: its count, the day each joined, the suspended apart, and the filters', async () => {
        await membersPage();
        await owner.getByText('5 Mitglieder', { exact: true }).waitFor();
        const today = germanDay(new Date());
        if (phone) {
          await owner.getByRole('list', { name: 'Mitglieder' }).getByText(`Beigetreten am ${today}`).first().waitFor();
        } else {
          await owner.getByRole('columnheader', { name: 'Beigetreten' }).waitFor();
          await owner.getByRole('row', { name: new RegExp(`Pia ${tag}`) }).getByRole('cell', { name: today, exact: true }).waitFor();
        }
        await owner.getByText('Design — Hiring Manager', { exact: true }).waitFor();
        const suspended = owner.getByRole('region', { name: 'Gesperrte Mitglieder' });
        await suspended.getByText(/^Gesperrt am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/).waitFor();
        await suspended.getByText(`Kein Vertrag nennt Stan ${tag}.`).waitFor();

        if (phone) await owner.getByRole('button', { name: 'Filter', exact: true }).click();
        await owner.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Design' });
        await owner.getByText('1 Mitglied passt', { exact: true }).waitFor();
        await owner.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Alle Teams' });
        await owner.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Gesperrt' });
        await owner.getByText('1 Mitglied passt', { exact: true }).waitFor();
        if (phone) await owner.getByRole('button', { name: 'Filter (1)' }).waitFor();
        await owner.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Aktiv' });
        await owner.getByText('4 Mitglieder passen', { exact: true }).waitFor();
        await owner.getByRole('combobox', { name: 'Rolle' }).selectOption({ label: 'Kontoinhaber' });
        await owner.getByText('1 Mitglied passt', { exact: true }).waitFor();
        await owner.getByRole('searchbox', { name: 'Mitglieder suchen' }).fill('niemand');
        await owner.getByText('Keine Mitglieder passen zu diesen Filtern.').waitFor();
        await expectAccessible(owner, 'the members list in German, filtered');
        await screenshot(owner, `members-german-${tag}`);
      });

      it('offers the bulk bar in German, and reports a bulk change person by person', async () => {
        await membersPage();
        await owner.getByText('5 Mitglieder', { exact: true }).waitFor();
        await owner.getByRole('checkbox', { name: `Pia ${tag} auswählen` }).click();
        await owner.getByRole('checkbox', { name: `Paul ${tag} auswählen` }).click();
        await bar().getByText('2 ausgewählt', { exact: true }).waitFor();
        await expectAccessible(owner, 'the bulk bar in German');
        await bar().getByRole('button', { name: 'Zu Team hinzufügen' }).click();
        const dialog = owner.getByRole('dialog', { name: 'Zu Team hinzufügen: 2 Mitglieder' });
        await dialog.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Design' });
        await dialog.getByRole('group', { name: 'Rollen in Design' }).getByRole('checkbox', { name: 'Recruiter' }).click();
        await expectAccessible(owner, 'the team and roles of a bulk change in German');
        await dialog.getByRole('button', { name: 'Zu Team hinzufügen' }).click();
        await owner.getByRole('heading', { name: 'Zu Team hinzufügen (Design): 2 von 2 hinzugefügt' }).waitFor();
        await owner.getByText('Niemand wurde abgelehnt.').waitFor();
        await owner.getByRole('button', { name: 'Bericht schließen' }).click();

        // A refusal in the report: the contact person of a running contract stays, said in German.
        await owner.getByRole('checkbox', { name: `Hank ${tag} auswählen` }).click();
        await owner.getByRole('checkbox', { name: `Paul ${tag} auswählen` }).click();
        await bar().getByRole('button', { name: 'Aus Firma entfernen' }).click();
        const confirm = owner.getByRole('alertdialog', { name: `2 Mitglieder aus Firma ${tag} entfernen?` });
        await confirm.getByText(`2 Mitglieder verlieren sofort den Zugang zu Firma ${tag} und jedes Team und jede Rolle dort.`).waitFor();
        await expectAccessible(owner, 'a bulk removal to confirm, in German');
        await confirm.getByRole('button', { name: 'Aus Firma entfernen' }).click();
        await owner.getByRole('heading', { name: 'Aus Firma entfernen: 1 von 2 entfernt' }).waitFor();
        await owner.getByText('1 Mitglied abgelehnt:', { exact: true }).waitFor();
        await owner.getByRole('region', { name: `Verträge, die Hank ${tag} binden` }).getByRole('button', { name: 'Vertrag beenden' }).waitFor();
        await expectAccessible(owner, 'the report of a bulk change in German');
        await screenshot(owner, `members-german-report-${tag}`);
        await owner.getByRole('button', { name: 'Bericht schließen' }).click();
        await owner.getByText('4 Mitglieder', { exact: true }).waitFor();
      });

      it('shows a member’s page in German, with the moment they were suspended', async () => {
        await membersPage();
        await owner.getByRole('link', { name: `Stan ${tag}` }).first().click();
        await owner.getByRole('heading', { name: `Stan ${tag}`, level: 1 }).waitFor();
        await owner.getByRole('link', { name: '← Mitglieder' }).waitFor();
        await owner.getByText('Keine firmenweite Rolle').waitFor();
        await owner.getByRole('heading', { name: 'Gesperrt', level: 2 }).waitFor();
        await owner.getByText(new RegExp(`^Stan ${tag} wurde am \\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2} gesperrt`)).waitFor();
        await owner.getByRole('button', { name: 'Wiederherstellen' }).waitFor();
        await owner.getByText('Mitglied, keine Teamrolle').waitFor();
        await expectAccessible(owner, 'a member’s page in German');
        await screenshot(owner, `member-german-${tag}`);
      });

      it('checks a CSV of people in German: each row ready or why it is not sent', async () => {
        await membersPage();
        await owner.getByRole('button', { name: 'Mitglieder einladen' }).click();
        const dialog = owner.getByRole('dialog');
        // The second way of inviting: many people by CSV.
        await dialog.getByRole('radio').last().check();
        const csv = ['email,teams,company_roles', `ann-${tag}@german.test,Design (recruiter),`, `bob-${tag}@german.test,Marketing,`].join('\n');
        await dialog.getByRole('textbox', { name: 'Personen (CSV)' }).fill(csv);
        await dialog.getByRole('button', { name: 'Zeilen prüfen' }).click();
        const rows = dialog.getByRole('table', { name: 'Einzuladende Zeilen' });
        await rows.getByRole('row', { name: new RegExp(`ann-${tag}`) }).getByText('Bereit').waitFor();
        await rows.getByRole('row', { name: new RegExp(`bob-${tag}`) }).getByText('Nicht gesendet: Kein Team namens Marketing').waitFor();
        await rows.getByText('Design (Recruiter)').waitFor();
        await dialog.getByRole('button', { name: '1 Einladung senden' }).waitFor();
        await expectAccessible(owner, 'the CSV preview in German');
        await screenshot(owner, `invite-many-german-${tag}`);
        await owner.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      });
    });
  }
});
