import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, verifies, type TestReceiver } from '../support/webhook-receiver.js';
import { browserAvailable, expectAccessible, PASSWORD, screenshot, useBrowserServer, VIEWPORTS } from './browser.js';

const available = browserAvailable();

describe.skipIf(!available)('Settings › Webhooks in Chromium', { timeout: 120_000 }, () => {
  // The receiver listens on 127.0.0.1: private addresses are allowed for this server.
  const running = useBrowserServer('roster-browser-webhooks-', { WEBHOOKS_ALLOW_PRIVATE: 'true' });
  let receiver: TestReceiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: the owner adds an endpoint, copies its secret once, reads the delivery log, redelivers, tests, rotates, turns it off and deletes it`, async () => {
      const { server, browser } = running();
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
      try {
        const page = await context.newPage();
        const tag = viewport.name;
        expect((await page.request.post('/api/v1/auth/signup', { data: { email: `olga-${tag}@hooks.test`, name: `Olga ${tag}`, password: PASSWORD } })).status()).toBe(201);
        const created = await page.request.post('/api/v1/companies', { data: { name: `Acme ${tag}` } });
        const companyId = ((await created.json()) as { company: { id: string } }).company.id;
        const url = `${receiver.url}/${tag}`;

        await page.goto(`/companies/${companyId}/members`);
        await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' }).click();
        await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
        await page.getByText('No webhook endpoints yet.').waitFor();
        await expectAccessible(page, 'the webhooks page, no endpoints');

        await page.getByRole('button', { name: 'Add endpoint' }).click();
        const dialog = page.getByRole('dialog', { name: 'Add webhook endpoint' });
        await dialog.getByRole('textbox', { name: 'URL' }).fill(url);
        await dialog.getByRole('textbox', { name: 'Description' }).fill('Our CRM');
        await dialog.getByRole('checkbox', { name: 'team.created' }).click();
        await expectAccessible(page, 'the add endpoint dialog');
        await screenshot(page, `webhooks-add-${tag}`);
        await dialog.getByRole('button', { name: 'Add endpoint' }).click();
        const shown = page.getByRole('region', { name: "The endpoint's signing secret" });
        await shown.waitFor();
        const secret = await shown.getByRole('textbox', { name: 'Signing secret' }).inputValue();
        expect(secret).toMatch(/^whsec_/);
        await expectAccessible(page, 'the webhooks page, a secret shown once');
        await shown.getByRole('button', { name: 'Done' }).click();
        await shown.waitFor({ state: 'detached' });

        // A change in the company reaches the receiver, signed with that secret.
        const before = receiver.received.length;
        expect((await page.request.post(`/api/v1/companies/${companyId}/teams`, { data: { name: 'Design' } })).status()).toBe(201);
        const deadline = Date.now() + 20_000;
        while (receiver.received.length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        const got = receiver.received.at(-1)!;
        expect(verifies(secret, got)).toBe(true);
        expect(JSON.parse(got.body)).toMatchObject({ type: 'team.created' });

        await page.reload();
        const endpoints = page.getByRole('list', { name: 'Webhook endpoints' });
        await endpoints.getByText(url).waitFor();
        expect(await page.content()).not.toContain(secret);
        await endpoints.getByRole('button', { name: 'Show delivery log' }).click();
        const log = page.getByRole('list', { name: `Deliveries to ${url}` });
        await log.getByText('team.created').waitFor();
        await log.getByText('Delivered').waitFor();
        await log.getByText(/status 204/).waitFor();
        await expectAccessible(page, 'the webhooks page, a delivery log');
        await screenshot(page, `webhooks-log-${tag}`);

        await log.getByRole('button', { name: /^Redeliver the team\.created event/ }).click();
        await page.getByRole('status').getByText('The team.created event will be sent again in a moment.').waitFor();

        await endpoints.getByRole('button', { name: `Actions for ${url}` }).click();
        await page.getByRole('menuitem', { name: 'Send test event' }).click();
        await page.getByRole('status').getByText(`A test event is on its way to ${url}: see its delivery log.`).waitFor();
        await log.getByText('webhook.test').waitFor();

        await endpoints.getByRole('button', { name: `Actions for ${url}` }).click();
        await page.getByRole('menuitem', { name: 'Rotate secret' }).click();
        const confirmRotate = page.getByRole('alertdialog');
        await confirmRotate.getByText(/keeps signing beside it for 24 hours/).waitFor();
        await expectAccessible(page, 'the webhooks page, rotating a secret');
        await confirmRotate.getByRole('button', { name: 'Rotate secret' }).click();
        const rotated = await page.getByRole('region', { name: "The endpoint's signing secret" }).getByRole('textbox', { name: 'Signing secret' }).inputValue();
        expect(rotated).toMatch(/^whsec_/);
        expect(rotated).not.toBe(secret);
        await page.getByRole('region', { name: "The endpoint's signing secret" }).getByRole('button', { name: 'Done' }).click();
        await endpoints.getByText(/The previous secret signs too until/).waitFor();

        await endpoints.getByRole('button', { name: `Actions for ${url}` }).click();
        await page.getByRole('menuitem', { name: 'Turn off' }).click();
        await page.getByRole('status').getByText(`${url} is off: no events go to it until it is turned on.`).waitFor();
        await endpoints.getByText('Off', { exact: true }).waitFor();
        await expectAccessible(page, 'the webhooks page, an endpoint off');

        await endpoints.getByRole('button', { name: `Actions for ${url}` }).click();
        await page.getByRole('menuitem', { name: 'Delete' }).click();
        const confirmDelete = page.getByRole('alertdialog');
        await confirmDelete.getByRole('button', { name: 'Delete endpoint' }).click();
        await page.getByRole('status').getByText(`${url} is deleted, with its delivery log.`).waitFor();
        await page.getByText('No webhook endpoints yet.').waitFor();
      } finally {
        await context.close();
      }
    });
  }
});
