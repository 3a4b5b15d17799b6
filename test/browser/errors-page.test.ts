import type { BrowserContext, Locator, Page, Route } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserAvailable, markEmailVerified, PASSWORD, useBrowserServer } from './browser.js';

const available = browserAvailable();

const problem = (status: number, code: string, detail: string) => ({
  status,
  contentType: 'application/problem+json',
  body: JSON.stringify({ type: 'about:blank', title: code, status, code, detail }),
});

/** Every answer the page may get besides the API's own refusals, and the sentence it must show. */
const FAULTS: { name: string; answer: (route: Route) => Promise<void>; says: string }[] = [
  {
    name: 'a 500 INTERNAL problem',
    answer: (route) => route.fulfill(problem(500, 'INTERNAL', 'Something went wrong')),
    says: 'Something went wrong on the server. Try again in a moment.',
  },
  {
    name: 'a 502 from a proxy, in HTML',
    answer: (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>' }),
    says: 'The server is not available right now. Try again in a moment.',
  },
  {
    name: 'a network failure',
    answer: (route) => route.abort('internetdisconnected'),
    says: 'The server could not be reached. Check your connection and try again.',
  },
  {
    name: 'a 429 with Retry-After',
    answer: (route) => route.fulfill({ ...problem(429, 'RATE_LIMITED', 'Rate limit exceeded'), headers: { 'retry-after': '120' } }),
    says: 'Too many attempts. Try again in 2 minutes.',
  },
  {
    name: 'a 503 SERVICE_UNAVAILABLE with Retry-After',
    answer: (route) =>
      route.fulfill({ ...problem(503, 'SERVICE_UNAVAILABLE', 'The database does not answer'), headers: { 'retry-after': '30' } }),
    says: 'The server is not available right now. Try again in 30 seconds.',
  },
  {
    name: 'a 503 without a body',
    answer: (route) => route.fulfill({ status: 503, body: '' }),
    says: 'The server is not available right now. Try again in a moment.',
  },
  {
    name: 'a 4xx with a code newer than the page',
    answer: (route) => route.fulfill(problem(422, 'SOMETHING_NEW', 'machine words')),
    says: 'The server refused this. Reload the page and try again.',
  },
  {
    name: 'a 200 that is not JSON (a captive portal)',
    answer: (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<html>Sign in to the Wi-Fi</html>' }),
    says: 'The server gave an answer this page does not understand. Reload the page and try again.',
  },
];

/** The alert's text is the expected sentence, with nothing raw in it. */
async function expectSentence(alert: Locator, says: string): Promise<void> {
  await expect.poll(() => alert.textContent()).toBe(says);
  const text = (await alert.textContent()) ?? '';
  expect(text).not.toMatch(/undefined|null|NaN|INTERNAL|SERVICE_UNAVAILABLE|SOMETHING_NEW|Bad Gateway|<|\(\s*\)/);
}

describe.skipIf(!available)('the page when the server fails or cannot be reached, in Chromium', { timeout: 90_000 }, () => {
  const running = useBrowserServer('roster-browser-errors-');
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
  const newPage = async (): Promise<Page> => {
    const { browser, server } = running();
    const context = await browser.newContext({ baseURL: server.url });
    contexts.push(context);
    return context.newPage();
  };

  it('the sign-in form says what happened in a sentence and keeps what was typed', async () => {
    const page = await newPage();
    await page.goto('/signin');
    const email = page.getByRole('textbox', { name: 'Email' });
    const password = page.getByLabel('Password');
    await email.fill('someone@acme.test');
    await password.fill(PASSWORD);
    for (const fault of FAULTS) {
      await page.route('**/api/v1/auth/login', fault.answer);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expectSentence(page.getByRole('alert'), fault.says);
      expect(await email.inputValue(), fault.name).toBe('someone@acme.test');
      expect(await password.inputValue(), fault.name).toBe(PASSWORD);
      await page.unroute('**/api/v1/auth/login');
    }
  });

  it('the invite dialog keeps the emails and choices; the invitations list stays when it cannot be read again', async () => {
    const page = await newPage();
    const signUp = await page.request.post('/api/v1/auth/signup', { data: { email: 'erin@acme.test', name: 'Erin Owner', password: PASSWORD } });
    expect(signUp.status()).toBe(201);
    markEmailVerified(running(), 'erin@acme.test');
    const created = await page.request.post('/api/v1/companies', { data: { name: 'Acme Faults' } });
    const companyId = ((await created.json()) as { company: { id: string } }).company.id;
    const teams = (await (await page.request.get(`/api/v1/companies/${companyId}/teams`)).json()) as { items: { id: string }[] };
    const invited = await page.request.post(`/api/v1/companies/${companyId}/invitations`, {
      data: { emails: ['first@acme.test'], teams: [{ teamId: teams.items[0]?.id ?? '', roles: [] }] },
    });
    expect(invited.status()).toBe(201);

    await page.goto(`/companies/${companyId}/invitations`);
    await page.getByRole('table', { name: 'Pending invitations' }).getByText('first@acme.test').waitFor();
    await page.getByRole('button', { name: 'Invite members' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite members' });
    const emails = dialog.getByRole('textbox', { name: 'Emails' });
    await emails.fill('second@acme.test, third@acme.test');
    await dialog.getByRole('checkbox', { name: 'Add to General' }).click();
    await dialog.getByRole('checkbox', { name: 'Recruiter' }).click();
    const message = dialog.getByRole('textbox', { name: 'Message (optional)' });
    await message.fill('Welcome aboard');
    const invitations = `**/api/v1/companies/${companyId}/invitations`;
    for (const fault of FAULTS) {
      await page.route(invitations, (route) => (route.request().method() === 'POST' ? fault.answer(route) : route.fallback()));
      await dialog.getByRole('button', { name: 'Send invitations' }).click();
      await expectSentence(dialog.getByRole('alert'), fault.says);
      expect(await emails.inputValue(), fault.name).toBe('second@acme.test, third@acme.test');
      expect(await message.inputValue(), fault.name).toBe('Welcome aboard');
      expect(await dialog.getByRole('checkbox', { name: 'Recruiter' }).getAttribute('aria-checked'), fault.name).toBe('true');
      await page.unroute(invitations);
    }

    // The invitations go out; reading the list again then fails: the list shown stays, with why.
    await page.route(`${invitations}?*`, (route) => route.fulfill(problem(500, 'INTERNAL', 'Something went wrong')));
    await dialog.getByRole('button', { name: 'Send invitations' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: '2 invitations sent.' }).waitFor();
    await expectSentence(page.getByRole('alert').first(), 'Something went wrong on the server. Try again in a moment.');
    await page.getByRole('table', { name: 'Pending invitations' }).getByText('first@acme.test').waitFor();
    await page.unroute(`${invitations}?*`);
  });
});
