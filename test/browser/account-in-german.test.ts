import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ageSessions, browserAvailable, expectAccessible, PASSWORD, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';

const available = browserAvailable();

/** A day and time as Intl writes them in German: "06.12.2026, 14:05". */
const GERMAN_MOMENT = /\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/;

describe.skipIf(!available)('the sign-in, the Account area and a company’s settings in German in Chromium', { timeout: 180_000 }, () => {
  const running = useBrowserServer('roster-browser-german-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
  /** A page of a browser whose language is German (the launch's own is English). */
  const germanPage = async (viewport: { width: number; height: number }): Promise<Page> => {
    const { browser, server } = running();
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url, locale: 'de-DE' });
    contexts.push(context);
    const page = await context.newPage();
    return page;
  };
  const documentLanguage = (page: Page) => page.evaluate('document.documentElement.lang');
  const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor();

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: the sign-in speaks the browser's German, refuses in German, and the select below it switches to English for good`, async () => {
      const tag = viewport.name;
      const page = await germanPage(viewport);
      await page.goto('/signin');
      expect(await page.evaluate('navigator.languages')).toEqual(['de-DE']);
      await page.getByRole('heading', { name: 'Bei Roster anmelden', level: 1 }).waitFor();
      expect(await documentLanguage(page)).toBe('de');
      await page.getByRole('link', { name: 'Passwort vergessen?' }).waitFor();
      await expectAccessible(page, 'the sign-in in German');

      // A refused sign-in, in German (the server words its refusal in English).
      await page.getByRole('textbox', { name: 'E-Mail' }).fill(`nobody-${tag}@acme.test`);
      await page.getByLabel('Passwort', { exact: true }).fill('not the password');
      await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'Die E-Mail-Adresse oder das Passwort stimmt nicht.' }).waitFor();
      await expectAccessible(page, 'a refused sign-in in German');
      await screenshot(page, `german-sign-in-refused-${tag}`);

      // English, chosen below the form: the page at once, and after a reload (the choice kept on this browser).
      await page.getByRole('combobox', { name: 'Sprache' }).selectOption({ label: 'English' });
      await page.getByRole('heading', { name: 'Sign in to Roster', level: 1 }).waitFor();
      expect(await documentLanguage(page)).toBe('en');
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to Roster', level: 1 }).waitFor();
      expect(await page.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('en');
      expect(await documentLanguage(page)).toBe('en');
      // The other pages before signing in have the select too.
      for (const [path, heading] of [
        ['/signup', 'Create your Roster account'],
        ['/forgot-password', 'Reset your password'],
        ['/reset-password/not-a-token', 'Choose a new password'],
      ] as const) {
        await page.goto(path);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await page.getByRole('combobox', { name: 'Language' }).waitFor();
      }
      // And back to German there.
      await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Deutsch' });
      await page.getByRole('heading', { name: 'Neues Passwort wählen', level: 1 }).waitFor();
      await page.getByLabel('Neues Passwort wiederholen').waitFor();
      await expectAccessible(page, 'choosing a new password in German');
    });

    it(`at ${viewport.width}×${viewport.height}: the Account area in German, with Intl's dates and plurals; the account menu switches the whole page`, async () => {
      const tag = viewport.name;
      const email = `gerda-${tag}@acme.test`;
      const page = await germanPage(viewport);
      expect((await page.request.post('/api/v1/auth/signup', { data: { email, name: `Gerda ${tag}`, password: PASSWORD } })).status()).toBe(201);
      const elsewhere = await germanPage(viewport);
      expect((await elsewhere.request.post('/api/v1/auth/login', { data: { email, password: PASSWORD } })).status()).toBe(200);

      // No company yet: Create a company, with the notice of the unconfirmed email.
      await page.goto('/');
      await page.getByRole('heading', { name: 'Firma anlegen', level: 1 }).waitFor();
      await page.getByRole('region', { name: 'Bestätigen Sie Ihre E-Mail-Adresse' }).getByRole('button', { name: 'Link erneut senden' }).waitFor();
      await expectAccessible(page, 'create a company in German');

      await page.goto('/account');
      const nav = page.getByRole('navigation', { name: 'Konto' });
      await page.getByRole('heading', { name: 'Profil', level: 1 }).waitFor();
      expect(await documentLanguage(page)).toBe('de');
      await page.getByRole('button', { name: 'Name speichern' }).waitFor();
      await expectAccessible(page, 'the profile in German');

      // Sessions: the moments as Intl writes them in German; the other one signed out, counted in German.
      await nav.getByRole('link', { name: 'Sitzungen' }).click();
      await page.getByRole('heading', { name: 'Sitzungen', level: 1 }).waitFor();
      const sessions = page.getByRole('list', { name: 'Sitzungen' });
      await sessions.getByText(/· diese Sitzung/).waitFor();
      expect(await sessions.getByRole('listitem').first().locator('p').textContent()).toMatch(new RegExp(`^Angemeldet am ${GERMAN_MOMENT.source}`));
      await expectAccessible(page, 'the sessions in German');
      await screenshot(page, `german-sessions-${tag}`);
      await page.getByRole('button', { name: 'Andere Sitzungen abmelden' }).click();
      await status(page, '1 andere Sitzung ist abgemeldet.');

      // A token, after confirming it is me (the sign-in is an hour old).
      ageSessions(running(), email);
      await nav.getByRole('link', { name: 'API-Tokens' }).click();
      await page.getByRole('heading', { name: 'API-Tokens', level: 1 }).waitFor();
      await page.getByText('Sie haben keine API-Tokens.').waitFor();
      await page.getByRole('textbox', { name: 'Name des Tokens' }).fill('CI');
      await page.getByLabel('Läuft ab nach').selectOption({ label: '30 Tage' });
      await page.getByRole('button', { name: 'Token erstellen' }).click();
      const confirm = page.getByRole('dialog', { name: 'Bestätigen Sie, dass Sie es sind' });
      await confirm.getByLabel('Passwort').fill(PASSWORD);
      await expectAccessible(page, 'confirming it is me in German');
      await confirm.getByRole('button', { name: 'Bestätigen und fortfahren' }).click();
      const secret = page.getByRole('region', { name: 'Ihr neues Token' });
      await secret.getByText('Kopieren Sie Ihr neues Token „CI“ jetzt.').waitFor();
      await secret.getByRole('button', { name: 'Token kopieren' }).waitFor();
      await expectAccessible(page, 'a new token in German');
      await secret.getByRole('button', { name: 'Fertig' }).click();
      const made = page.getByRole('list', { name: 'Tokens' }).getByRole('listitem').first();
      expect(await made.locator('p').textContent()).toMatch(new RegExp(`^Erstellt am ${GERMAN_MOMENT.source} · nie verwendet · läuft ab am ${GERMAN_MOMENT.source}$`));
      await screenshot(page, `german-tokens-${tag}`);

      // The security log's sentences, with their counts.
      await nav.getByRole('link', { name: 'Sicherheitsprotokoll' }).click();
      const log = page.getByRole('list', { name: 'Sicherheitsereignisse' });
      await log.getByText('API-Token „CI“ erstellt').waitFor();
      expect(await log.getByRole('listitem').locator('strong').allTextContents()).toEqual([
        'API-Token „CI“ erstellt',
        'Erneut angemeldet, um eine Änderung zu bestätigen',
        'Von anderen Sitzungen abgemeldet (1 Sitzung beendet)',
        'Angemeldet',
      ]);
      await expectAccessible(page, 'the security log in German');

      // Two-factor authentication and deleting the account.
      await nav.getByRole('link', { name: 'Zwei-Faktor-Authentifizierung' }).click();
      await page.getByRole('button', { name: 'Zwei-Faktor-Authentifizierung einschalten' }).waitFor();
      await expectAccessible(page, 'two-factor authentication in German');
      await nav.getByRole('link', { name: 'Konto löschen' }).click();
      await page.getByRole('heading', { name: 'Konto löschen', level: 1 }).waitFor();
      await page.getByText('verlassen Sie jede Firma, der Sie angehören (derzeit keine);').waitFor();
      await expectAccessible(page, 'deleting the account in German');
      await screenshot(page, `german-delete-${tag}`);

      // English from the account menu: the whole page at once, and <html lang> with it; then German again.
      await page.getByRole('button', { name: `Kontomenü von Gerda ${tag}` }).click();
      await page.getByRole('menuitemradio', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Delete account', level: 1 }).waitFor();
      await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Security log' }).waitFor();
      await page.getByRole('button', { name: `Account menu of Gerda ${tag}` }).waitFor();
      expect(await documentLanguage(page)).toBe('en');
      // The account keeps the choice too: its mails speak it.
      const accountLanguage = async () => ((await (await page.request.get('/api/v1/me')).json()) as { user: { language: string | null } }).user.language;
      await expect.poll(accountLanguage).toBe('en');
      await page.getByRole('button', { name: `Account menu of Gerda ${tag}` }).click();
      expect(await page.getByRole('menuitemradio', { name: 'English' }).getAttribute('aria-checked')).toBe('true');
      await page.getByRole('menuitemradio', { name: 'Deutsch' }).click();
      await page.getByRole('heading', { name: 'Konto löschen', level: 1 }).waitFor();
      expect(await documentLanguage(page)).toBe('de');
      await expect.poll(accountLanguage).toBe('de');

      // Another browser, English and with no choice of its own, starts in the account's German once signed in.
      const { browser, server } = running();
      const englishContext = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url, locale: 'en-US' });
      contexts.push(englishContext);
      const english = await englishContext.newPage();
      expect((await english.request.post('/api/v1/auth/login', { data: { email, password: PASSWORD } })).status()).toBe(200);
      await english.goto('/account');
      await english.getByRole('heading', { name: 'Profil', level: 1 }).waitFor();
      expect(await documentLanguage(english)).toBe('de');

      // A company's settings navigation in German.
      const created = await page.request.post('/api/v1/companies', { data: { name: `Gerdas Firma ${tag}` } });
      expect(created.status()).toBe(201);
      const { company } = (await created.json()) as { company: { id: string } };
      await page.goto(`/companies/${company.id}/members`);
      const settings = page.getByRole('navigation', { name: 'Einstellungen' });
      await settings.getByRole('link', { name: 'Mitglieder & Berechtigungen' }).waitFor();
      await settings.getByRole('link', { name: 'Verträge' }).waitFor();
      await settings.getByRole('link', { name: 'Audit-Log' }).waitFor();
      await expectAccessible(page, 'a company in German');
      await screenshot(page, `german-company-${tag}`);

      // Its settings pages in German: Security and SCIM.
      await settings.getByRole('link', { name: 'Sicherheit' }).click();
      await page.getByRole('heading', { name: 'Sicherheit', level: 1 }).waitFor();
      await page.getByRole('radio', { name: 'Administratoren' }).waitFor();
      await expectAccessible(page, 'Security in German');
      await settings.getByRole('link', { name: 'SCIM' }).click();
      await page.getByRole('heading', { name: 'SCIM-Provisionierung', level: 1 }).waitFor();
      await page.getByText('Noch keine SCIM-Tokens.').waitFor();
      await expectAccessible(page, 'SCIM in German');
      await screenshot(page, `german-scim-${tag}`);
    });
  }
});
