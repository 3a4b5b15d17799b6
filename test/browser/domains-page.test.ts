import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { startDnsServer, type TestDnsServer } from '../support/dns-server.js';
import { browserAvailable, expectAccessible, launchChromium, markEmailVerified, PASSWORD, screenshot, VIEWPORTS } from './browser.js';

const available = browserAvailable();

describe.skipIf(!available)('domains, joining by domain and join requests in Chromium', { timeout: 120_000 }, () => {
  let dns: TestDnsServer;
  let server: ChildServer;
  let browser: Browser;
  let dir: string;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-browser-domains-'));
    dns = await startDnsServer();
    server = await startChildServer({
      DATABASE_URL: `sqlite:${join(dir, 'roster.db')}`,
      MAIL_URL: `file:${join(dir, 'mail')}`,
      RATE_LIMITS: 'off',
      DNS_SERVERS: dns.address,
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
    await server.kill();
    await dns.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const running = () => ({ server, browser, dir });

  const newPage = async (viewport: { width: number; height: number }): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
    contexts.push(context);
    return context.newPage();
  };

  /** An account made through the API, its email verified, signed in on a new page. */
  const signedUp = async (viewport: { width: number; height: number }, email: string, name: string): Promise<Page> => {
    const page = await newPage(viewport);
    expect((await page.request.post('/api/v1/auth/signup', { data: { email, name, password: PASSWORD } })).status()).toBe(201);
    markEmailVerified(running(), email);
    return page;
  };

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: the owner verifies a domain, lets people ask to join; a person asks; the owner approves`, async () => {
      const tag = viewport.name;
      const domain = `acme-${tag}.test`;
      const owner = await signedUp(viewport, `olga@${domain}`, `Olga ${tag}`);
      const created = await owner.request.post('/api/v1/companies', { data: { name: `Acme ${tag}` } });
      const companyId = ((await created.json()) as { company: { id: string } }).company.id;

      await owner.goto(`/companies/${companyId}/members`);
      await owner.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Domains' }).click();
      await owner.getByRole('heading', { name: 'Domains', level: 1 }).waitFor();
      await owner.getByRole('textbox', { name: 'Domain' }).fill(domain.toUpperCase());
      await owner.getByRole('button', { name: 'Add domain' }).click();
      const list = owner.getByRole('list', { name: 'Domains' });
      await list.getByText(domain, { exact: true }).waitFor();
      await list.getByText('Pending').waitFor();
      const recordName = await list.locator('dl.record dd').nth(0).textContent();
      const recordValue = await list.locator('dl.record dd').nth(2).textContent();
      expect(recordName).toBe(`_roster-challenge.${domain}`);
      expect(recordValue).toMatch(/^roster-verification=[A-Za-z0-9_-]{43}$/);
      await expectAccessible(owner, 'the domains page, a domain pending');
      await screenshot(owner, `domains-pending-${tag}`);

      // Not published yet: the check says so in words, and nothing changes.
      await owner.getByRole('button', { name: `Check now: ${domain}` }).click();
      await list.getByRole('alert').getByText(/TXT record was not found yet/).waitFor();
      dns.set(recordName ?? '', { txt: [recordValue ?? ''] });
      await owner.getByRole('button', { name: `Check now: ${domain}` }).click();
      await list.getByText('Verified').waitFor();

      // Joining by request into the default team.
      await owner.getByRole('radio', { name: /Ask to join a team/ }).check();
      await owner.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'General' });
      await owner.getByRole('button', { name: 'Save joining' }).click();
      await owner.getByRole('status').getByText('Saved.').waitFor();
      await expectAccessible(owner, 'the domains page, a domain verified and joining by request');
      await screenshot(owner, `domains-verified-${tag}`);

      // A person at the domain finds the company and asks to join.
      const person = await signedUp(viewport, `pia@${domain}`, `Pia ${tag}`);
      await person.goto('/');
      await person.getByRole('heading', { name: 'Companies you can join' }).waitFor();
      await person.getByRole('button', { name: `Request to join Acme ${tag}` }).click();
      await person.getByRole('status').getByText(`Your request to join Acme ${tag} was sent.`, { exact: false }).waitFor();
      await person.getByText('Request sent').waitFor();
      await expectAccessible(person, 'companies one can join, a request sent');
      await screenshot(person, `joinable-${tag}`);

      // The owner approves it from the list, which shows the requester's email.
      await owner.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Join requests' }).click();
      await owner.getByRole('heading', { name: 'Join requests', level: 1 }).waitFor();
      await owner.getByText(`pia@${domain}`, { exact: false }).waitFor();
      await expectAccessible(owner, 'the join requests page');
      await screenshot(owner, `join-requests-${tag}`);
      await owner.getByRole('button', { name: `Approve Pia ${tag}` }).click();
      await owner.getByRole('status').getByText(`Pia ${tag} joined the team.`).waitFor();
      await owner.getByText('No requests are waiting.').waitFor();

      // Pia is a member now: the company's page is hers to open.
      await person.goto(`/companies/${companyId}/members`);
      await person.getByRole('heading', { name: 'Members & Permissions' }).waitFor();
    });
  }
});
