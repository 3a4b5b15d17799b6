import { describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, PASSWORD, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';

const available = browserAvailable();

describe.skipIf(!available)('Settings › SCIM in Chromium', { timeout: 120_000 }, () => {
  const running = useBrowserServer('roster-browser-scim-');

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: the owner makes a SCIM token, sees it once, lists and revokes it`, async () => {
      const { server, browser } = running();
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
      try {
        const page = await context.newPage();
        const tag = viewport.name;
        expect((await page.request.post('/api/v1/auth/signup', { data: { email: `olga-${tag}@scim.test`, name: `Olga ${tag}`, password: PASSWORD } })).status()).toBe(201);
        const created = await page.request.post('/api/v1/companies', { data: { name: `Acme ${tag}` } });
        const companyId = ((await created.json()) as { company: { id: string } }).company.id;

        await page.goto(`/companies/${companyId}/members`);
        await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'SCIM' }).click();
        await page.getByRole('heading', { name: 'SCIM provisioning', level: 1 }).waitFor();
        await page.getByText(`${server.url}/scim/v2`).waitFor();
        await page.getByText('No SCIM tokens yet.').waitFor();
        await expectAccessible(page, 'the SCIM page, no tokens');

        await page.getByRole('textbox', { name: 'Token name' }).fill('Okta');
        await page.getByRole('button', { name: 'Make SCIM token' }).click();
        const secret = page.getByRole('region', { name: 'Your new SCIM token' });
        await secret.waitFor();
        const token = await secret.getByRole('textbox', { name: 'SCIM token' }).inputValue();
        expect(token).toMatch(/^rscim_/);
        await expectAccessible(page, 'the SCIM page, a new token shown once');
        await screenshot(page, `scim-token-${tag}`);

        // The token works for SCIM, for this company.
        const users = await page.request.get('/scim/v2/Users', { headers: { authorization: `Bearer ${token}` } });
        expect(users.status()).toBe(200);

        await secret.getByRole('button', { name: 'Done' }).click();
        await secret.waitFor({ state: 'detached' });
        // Shown once: after a reload the page has no way to show it again.
        await page.reload();
        const list = page.getByRole('list', { name: 'SCIM tokens' });
        await list.getByText('Okta').waitFor();
        expect(await page.content()).not.toContain(token);

        await page.getByRole('button', { name: 'Revoke Okta' }).click();
        const dialog = page.getByRole('alertdialog');
        await dialog.getByText(/stops provisioning with this token at once/).waitFor();
        await expectAccessible(page, 'the SCIM page, revoking a token');
        await dialog.getByRole('button', { name: 'Revoke SCIM token' }).click();
        await page.getByRole('status').getByText('The SCIM token “Okta” is revoked: it no longer works.').waitFor();
        await list.getByText('Revoked', { exact: true }).waitFor();
        await expectAccessible(page, 'the SCIM page, a token revoked');
        await screenshot(page, `scim-revoked-${tag}`);
        expect((await page.request.get('/scim/v2/Users', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
      } finally {
        await context.close();
      }
    });
  }
});
