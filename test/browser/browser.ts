import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { readMail } from '../support/app.js';
import { built, unavailable } from '../support/built.js';
import { startChildServer, type ChildServer } from '../support/child-server.js';

/** Debian's Chromium (`apt-get install chromium`); playwright-core never downloads a browser of its own. */
export const CHROMIUM = process.env.ROSTER_TEST_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run here: Chromium, and the built server and page they drive.
 * Without either they are skipped with a visible message, except in CI, where that is a failure
 * (CI installs the browser, and `npm test` builds first).
 */
export function browserAvailable(): boolean {
  if (!existsSync(CHROMIUM)) {
    return unavailable(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\``, 'browser');
  }
  return built('browser');
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Headless Chromium as this machine allows it: no sandbox as root, no GPU, and none of Chromium's
 * own background connections (the closed network refuses them, many at a time).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // The page speaks the browser's language: the tests read it in English unless they choose another.
      '--lang=en-US',
    ],
  });
}

/** Where the tests write their screenshots (ignored by git). */
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

/** A full-page screenshot of the current screen, named for the screen and the width. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Puts axe-core into the page (once per document), as the global `axe`. */
export async function loadAxe(page: Page): Promise<void> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
  // govern; a <script> tag (page.addScriptTag) would be an inline script, which it refuses.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
}

/** Runs axe-core in the page; the serious and critical violations (WCAG 2 A and AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await loadAxe(page);
  const violations = await page.evaluate(async () => {
    // This runs in the page; the test project's types have no DOM, so the page's globals are named here.
    const { axe, document } = globalThis as unknown as {
      axe: { run: (context: unknown, options: object) => Promise<{ violations: AxeViolation[] }> };
      document: unknown;
    };
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target }) => ({ target })) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** The password of every account the browser tests make. */
export const PASSWORD = 'correct horse battery staple';

/** The page is tested at a desktop window's size and a phone's. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** A Roster server of the tests' own (its SQLite file and mail folder in `dir`) and Chromium. */
export interface BrowserServer {
  server: ChildServer;
  browser: Browser;
  dir: string;
}

/**
 * Starts a Roster server and Chromium before the tests of the enclosing `describe`, and stops
 * both after them; call it inside that `describe`. Rate limits are off: the tests sign up and in
 * many times from one address within seconds; `env` adds settings. The returned function gives the running pair.
 */
export function useBrowserServer(tmpPrefix: string, env: Record<string, string> = {}): () => BrowserServer {
  let running: BrowserServer | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), tmpPrefix));
    const server = await startChildServer({
      DATABASE_URL: `sqlite:${join(dir, 'roster.db')}`,
      MAIL_URL: `file:${join(dir, 'mail')}`,
      RATE_LIMITS: 'off',
      ...env,
    });
    running = { server, browser: await launchChromium(), dir };
  }, 60_000);
  afterAll(async () => {
    await running?.browser.close();
    await running?.server.kill();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!running) throw new Error('the server or the browser did not start');
    return running;
  };
}

/**
 * Every accept link mailed to an address, oldest first, once at least `count` have been
 * delivered (only invitation mail: a person who signs up also gets a verification mail).
 */
export async function acceptLinksFor({ server, dir }: BrowserServer, email: string, count = 1): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const links = readMail(join(dir, 'mail'))
      .filter((message) => message.headers.get('to')?.includes(email))
      .map((message) => message.text.split('\n').find((line) => line.trim().startsWith(`${server.url}/invitations/`)))
      .filter((line) => line !== undefined)
      .map((line) => line.trim());
    if (links.length >= count) return links;
    if (Date.now() > deadline) throw new Error(`${links.length} invitation mail(s) for ${email}, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Marks an account's email as verified, straight in the server's SQLite file, as its verification
 * link would: for tests about other things that an unverified account may not do (invite many).
 */
export function markEmailVerified({ dir }: BrowserServer, email: string): void {
  const db = new Database(join(dir, 'roster.db'));
  try {
    expect(db.prepare('update users set email_verified = 1 where email = ?').run(email).changes).toBe(1);
  } finally {
    db.close();
  }
}

/**
 * Every session of the account signed in an hour ago, as far as sensitive changes are concerned
 * (straight in the server's SQLite file): the next sensitive change asks for the password again.
 */
export function ageSessions({ dir }: BrowserServer, email: string): void {
  const db = new Database(join(dir, 'roster.db'));
  try {
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    expect(db.prepare('update sessions set authenticated_at = ? where user_id = (select id from users where email = ?)').run(hourAgo, email).changes).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}

/**
 * The link of the newest verification mail to an address, once delivered: the owner of a new
 * account opens it before inviting anyone (an unverified account sends no invitations).
 */
export async function verificationLinkFor({ server, dir }: BrowserServer, email: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const link = readMail(join(dir, 'mail'))
      .filter((message) => message.headers.get('to')?.includes(email))
      .map((message) => message.text.split('\n').find((line) => line.trim().startsWith(`${server.url}/verify-email/`)))
      .findLast((line) => line !== undefined);
    if (link !== undefined) return link.trim();
    if (Date.now() > deadline) throw new Error(`no verification mail for ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fails with the list of serious or critical axe-core violations on the page, if any. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Signs out through the account menu of the bar at the top. */
export async function signOutOf(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account menu of / }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
}
