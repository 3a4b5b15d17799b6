import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, loadAxe, screenshot, useBrowserServer, VIEWPORTS, type AxeViolation } from './browser.js';
import { makeCompanyOf } from './company-setup.js';

const available = browserAvailable();

/** The palette's page background (web/src/styles.css `--bg`) in each scheme, as the browser computes it. */
const BACKGROUND = { light: 'rgb(255, 255, 255)', dark: 'rgb(13, 17, 23)' } as const;

/** The document's background colour and its `data-theme`, as the page has them now. */
const shown = (page: Page) =>
  page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as {
      document: { documentElement: { dataset: Record<string, string | undefined> } };
      getComputedStyle: (element: unknown) => { backgroundColor: string; colorScheme: string };
    };
    const style = getComputedStyle(document.documentElement);
    return { background: style.backgroundColor, colorScheme: style.colorScheme, theme: document.documentElement.dataset.theme ?? null };
  });

/**
 * axe's color-contrast rule alone, on the whole page: every violation whatever its impact, and how
 * many elements it checked and passed (so that a run that looked at nothing does not pass).
 */
async function contrast(page: Page): Promise<{ violations: AxeViolation[]; passed: number }> {
  await loadAxe(page);
  return page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as {
      axe: { run: (context: unknown, options: object) => Promise<{ violations: AxeViolation[]; passes: { nodes: unknown[] }[] }> };
      document: unknown;
    };
    const result = await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] } });
    return {
      violations: result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target }) => ({ target })) })),
      passed: result.passes.reduce((sum, rule) => sum + rule.nodes.length, 0),
    };
  });
}

/** The account menu's button, in the bar at the top. */
const accountMenu = (page: Page) => page.getByRole('button', { name: /^Account menu of / });

/** A theme chosen in the account menu. */
async function choose(page: Page, label: 'System' | 'Light' | 'Dark'): Promise<void> {
  await accountMenu(page).click();
  await page.getByRole('menuitemradio', { name: label }).click();
  await page.getByRole('menu').waitFor({ state: 'detached' });
}

/** The theme the account menu shows as chosen. */
async function checked(page: Page): Promise<string> {
  await accountMenu(page).click();
  const item = page.getByRole('group', { name: 'Theme' }).getByRole('menuitemradio', { checked: true });
  const label = (await item.textContent())?.replace('✓', '').trim() ?? '';
  await page.keyboard.press('Escape');
  await page.getByRole('menu').waitFor({ state: 'detached' });
  return label;
}

describe.skipIf(!available)('dark mode in Chromium', { timeout: 180_000 }, () => {
  // The webhook endpoint points at 127.0.0.1, where nothing answers: its deliveries fail, and the log shows it.
  const running = useBrowserServer('roster-browser-dark-', { WEBHOOKS_ALLOW_PRIVATE: 'true' });
  const contexts: BrowserContext[] = [];
  /** Pages in a dark system (the first people) or a light one. */
  let scheme: 'light' | 'dark' = 'dark';
  const newPage = async (): Promise<Page> => {
    const { browser, server } = running();
    const context = await browser.newContext({ baseURL: server.url, colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    return context.newPage();
  };
  let company: Awaited<ReturnType<typeof makeCompanyOf>>;
  let paths: { name: string; path: string; ready: (page: Page) => Promise<unknown> }[] = [];

  beforeAll(async () => {
    company = await makeCompanyOf(running(), newPage, 'dark', ['Design'], {
      hank: { name: 'Hank Dark', teams: { General: ['hiring_manager'], Design: ['hiring_manager'] } },
      tara: { name: 'Tara Dark', teams: { Design: ['team_admin'] } },
    });
    const { companyId, teams, owner, people } = company;
    const api = owner.page.request;
    const base = `/api/v1/companies/${companyId}`;
    // An active and a paused contract (their badges), a pending invitation, a webhook endpoint with a failing delivery.
    for (const [title, status] of [['Logo', 'active'], ['Poster', 'paused']] as const) {
      const made = await api.post(`${base}/contracts`, { data: { teamId: teams.Design, title, freelancerName: 'Fay', contactPersonId: people.hank!.id } });
      expect(made.status()).toBe(201);
      const { contract } = (await made.json()) as { contract: { id: string } };
      if (status === 'paused') expect((await api.patch(`${base}/contracts/${contract.id}`, { data: { status } })).status()).toBe(200);
    }
    expect((await api.post(`${base}/invitations`, { data: { emails: ['ivy-dark@company.test'], teams: [{ teamId: teams.Design, roles: [] }] } })).status()).toBe(201);
    expect((await api.post(`${base}/webhooks`, { data: { url: 'http://127.0.0.1:9/hook', eventTypes: ['team.created'], description: 'Nobody listens' } })).status()).toBe(201);
    expect((await api.post(`${base}/teams`, { data: { name: 'Sales' } })).status()).toBe(201);

    const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 1 }).waitFor();
    paths = [
      { name: 'members', path: `/companies/${companyId}/members`, ready: (page) => page.getByRole('link', { name: 'Tara Dark' }).first().waitFor() },
      { name: 'member', path: `/companies/${companyId}/members/${people.hank!.id}`, ready: (page) => page.getByText('Poster').first().waitFor() },
      { name: 'invitations', path: `/companies/${companyId}/invitations`, ready: (page) => page.getByText('ivy-dark@company.test').first().waitFor() },
      { name: 'contracts', path: `/companies/${companyId}/contracts`, ready: (page) => page.getByRole('listitem').filter({ hasText: 'Poster' }).getByText('Paused', { exact: true }).waitFor() },
      { name: 'team', path: `/companies/${companyId}/teams/${teams.Design}`, ready: (page) => page.getByText('Logo').first().waitFor() },
      { name: 'audit-log', path: `/companies/${companyId}/audit-log`, ready: (page) => page.getByText('Sales').first().waitFor() },
      { name: 'webhooks', path: `/companies/${companyId}/webhooks`, ready: (page) => page.getByText('http://127.0.0.1:9/hook').first().waitFor() },
      { name: 'account', path: '/account', ready: (page) => heading(page, 'Profile') },
    ];
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
  /** The owner, signed in on a page of a browser of its own whose system is light or dark (its own remembered choice). */
  const ownerIn = async (system: 'light' | 'dark'): Promise<Page> => {
    scheme = system;
    const page = await newPage();
    await page.context().addCookies(await company.owner.page.context().cookies());
    return page;
  };

  /** Every main page, then the Invite dialog and the account menu, with no contrast below AA and no serious or critical axe violation. */
  async function walk(page: Page, label: string): Promise<void> {
    for (const { name, path, ready } of paths) {
      await page.goto(path);
      await ready(page);
      // A page may have more than one list (pending and expired invitations): all of them loaded.
      await expect.poll(() => page.getByText(/^Loading /).count(), { message: `${path}: still loading` }).toBe(0);
      expect((await shown(page)).background, path).toBe(BACKGROUND.dark);
      await expectAccessible(page, `${label} ${path}`);
      const { violations, passed } = await contrast(page);
      expect(violations, `${label} ${path}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
      expect(passed, `${label} ${path}: axe checked no text`).toBeGreaterThan(5);
      await screenshot(page, `dark-${label}-${name}`);
    }
    await page.goto(paths[2]!.path);
    await paths[2]!.ready(page);
    await page.getByRole('button', { name: 'Invite members' }).click();
    const invite = page.getByRole('dialog', { name: 'Invite members' });
    await invite.getByRole('checkbox', { name: 'Add to Design' }).click();
    await expectAccessible(page, `${label}: the Invite dialog`);
    expect((await contrast(page)).violations).toEqual([]);
    await screenshot(page, `dark-${label}-invite`);
    await page.keyboard.press('Escape');
    await invite.waitFor({ state: 'detached' });
    const trigger = accountMenu(page);
    const targets = [await trigger.boundingBox()];
    await trigger.click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).waitFor();
    for (const item of await page.getByRole('group', { name: 'Theme' }).getByRole('menuitemradio').all()) targets.push(await item.boundingBox());
    // The menu's button and choices are at least 44 × 44 px on a phone (WCAG 2.5.5), as every other.
    if (label.endsWith('phone')) expect(targets.map((box) => Math.min(box?.width ?? 0, box?.height ?? 0) >= 44)).toEqual([true, true, true, true]);
    await screenshot(page, `dark-${label}-account-menu`);
    // Contrast alone: an open Radix menu hides the rest of the page from assistive technology, its trigger included (aria-hidden-focus).
    expect((await contrast(page)).violations).toEqual([]);
    await page.keyboard.press('Escape');
  }

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: in a dark system, every main page is dark with AA contrast`, async () => {
      const page = company.owner.page;
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.emulateMedia({ colorScheme: 'dark' });
      await walk(page, `system-${viewport.name}`);
      expect((await shown(page)).theme).toBe(null);
    });

    it(`at ${viewport.width}×${viewport.height}: in a light system, Dark from the account menu makes every main page dark with AA contrast`, async () => {
      const page = await ownerIn('light');
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.goto(paths[0]!.path);
      await paths[0]!.ready(page);
      await choose(page, 'Light');
      expect(await shown(page)).toEqual({ background: BACKGROUND.light, colorScheme: 'light', theme: 'light' });
      await choose(page, 'Dark');
      expect(await shown(page)).toEqual({ background: BACKGROUND.dark, colorScheme: 'dark', theme: 'dark' });
      await walk(page, `chosen-${viewport.name}`);
    });
  }

  it('the choice survives a reload, applies from the first frame, and System follows the system as it changes', async () => {
    const page = await ownerIn('light');
    // What the page shows at its first frame: the bundle's script blocks rendering until it has applied the choice.
    await page.addInitScript(() => {
      const scope = globalThis as unknown as {
        requestAnimationFrame: (callback: () => void) => void;
        document: { documentElement: unknown };
        getComputedStyle: (element: unknown) => { backgroundColor: string };
        firstFrame?: string;
      };
      scope.requestAnimationFrame(() => {
        scope.firstFrame = scope.getComputedStyle(scope.document.documentElement).backgroundColor;
      });
    });
    const firstFrame = () => page.evaluate(() => (globalThis as unknown as { firstFrame?: string }).firstFrame);
    const members = paths[0]!;
    await page.goto(members.path);
    await members.ready(page);
    expect(await checked(page)).toBe('System');
    expect(await shown(page)).toEqual({ background: BACKGROUND.light, colorScheme: 'light dark', theme: null });

    // Dark, in a light system: kept across a reload, and the first frame is already dark.
    await choose(page, 'Dark');
    expect(await shown(page)).toEqual({ background: BACKGROUND.dark, colorScheme: 'dark', theme: 'dark' });
    expect(await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem: (key: string) => string | null } }).localStorage.getItem('roster.theme'))).toBe('dark');
    await page.reload();
    await members.ready(page);
    expect(await firstFrame()).toBe(BACKGROUND.dark);
    expect(await shown(page)).toEqual({ background: BACKGROUND.dark, colorScheme: 'dark', theme: 'dark' });
    expect(await checked(page)).toBe('Dark');

    // Light, in a dark system: the same.
    await page.emulateMedia({ colorScheme: 'dark' });
    await choose(page, 'Light');
    await page.reload();
    await members.ready(page);
    expect(await firstFrame()).toBe(BACKGROUND.light);
    expect(await shown(page)).toEqual({ background: BACKGROUND.light, colorScheme: 'light', theme: 'light' });
    expect(await checked(page)).toBe('Light');

    // System: follows the system's setting, as it changes, and after a reload.
    await choose(page, 'System');
    expect(await shown(page)).toEqual({ background: BACKGROUND.dark, colorScheme: 'light dark', theme: null });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await shown(page)).toEqual({ background: BACKGROUND.light, colorScheme: 'light dark', theme: null });
    await page.reload();
    await members.ready(page);
    expect(await checked(page)).toBe('System');
    expect((await shown(page)).background).toBe(BACKGROUND.light);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect((await shown(page)).background).toBe(BACKGROUND.dark);

    // A page before signing in (no account menu there) keeps the choice too.
    await choose(page, 'Dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.context().clearCookies();
    await page.goto('/signin');
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    expect(await firstFrame()).toBe(BACKGROUND.dark);
    expect((await shown(page)).background).toBe(BACKGROUND.dark);
    const { violations } = await contrast(page);
    expect(violations).toEqual([]);
  });
});
