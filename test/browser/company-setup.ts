import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { addTeamMembership, ensureCompanyMember } from '../../src/commands/memberships.js';
import { openDatabase } from '../../src/db/database.js';
import type { TeamRole } from '../../src/domain/roles.js';
import { makeUser } from '../support/factories.js';
import { acceptLinksFor, markEmailVerified, PASSWORD, VIEWPORTS, type BrowserServer } from './browser.js';

/**
 * Members of a company made straight in the server's SQLite file (a sign-up's scrypt for each
 * would take minutes), each in the teams given (team id → roles there), their email their name at
 * `domain`; their ids by name.
 */
export async function seedMembers(
  running: BrowserServer,
  companyId: string,
  people: { name: string; teams: Record<string, TeamRole[]> }[],
  domain: string,
): Promise<Map<string, string>> {
  const db = openDatabase(`sqlite:${join(running.dir, 'roster.db')}`);
  try {
    const users: { user: Awaited<ReturnType<typeof makeUser>>; teams: Record<string, TeamRole[]> }[] = [];
    for (const person of people) {
      const email = `${person.name.toLowerCase().replace(/\W+/g, '-')}@${domain}`;
      users.push({ user: await makeUser(db, { name: person.name, email }), teams: person.teams });
    }
    await db.write(async (tx) => {
      const now = new Date();
      for (const { user, teams } of users) {
        await ensureCompanyMember(tx, companyId, user, now);
        for (const [teamId, roles] of Object.entries(teams)) await addTeamMembership(tx, { companyId, teamId, userId: user.id }, roles, now);
      }
    });
    return new Map(users.map(({ user }) => [user.name, user.id]));
  } finally {
    await db.close();
  }
}

/** A person of a company made for a browser test: signed in on a page of their own. */
export interface Person {
  id: string;
  name: string;
  email: string;
  page: Page;
}

/** What a person holds: team name → roles there, and company roles. */
export interface Holding {
  name: string;
  teams: Record<string, TeamRole[]>;
  companyRoles?: ('admin' | 'finance')[];
}

/**
 * A company made through the API, as a test's starting point: its owner (email verified) with
 * the teams named (besides General, the default team), and each person invited into theirs and
 * signed up by the invitation's link, every one signed in on a page of their own.
 */
export async function makeCompanyOf(
  running: BrowserServer,
  newPage: () => Promise<Page>,
  tag: string,
  teamNames: string[],
  people: Record<string, Holding>,
): Promise<{ companyId: string; teams: Record<string, string>; owner: Person; people: Record<string, Person> }> {
  const ownerPage = await newPage();
  const ownerEmail = `olga-${tag}@company.test`;
  const signUp = await ownerPage.request.post('/api/v1/auth/signup', { data: { email: ownerEmail, name: `Olga ${tag}`, password: PASSWORD } });
  expect(signUp.status()).toBe(201);
  const ownerId = ((await signUp.json()) as { user: { id: string } }).user.id;
  markEmailVerified(running, ownerEmail);
  const created = await ownerPage.request.post('/api/v1/companies', { data: { name: `Acme ${tag}` } });
  const company = ((await created.json()) as { company: { id: string; defaultTeamId: string } }).company;
  const teams: Record<string, string> = { General: company.defaultTeamId };
  for (const name of teamNames) {
    const team = await ownerPage.request.post(`/api/v1/companies/${company.id}/teams`, { data: { name } });
    expect(team.status()).toBe(201);
    teams[name] = ((await team.json()) as { team: { id: string } }).team.id;
  }
  const made: Record<string, Person> = {};
  for (const [key, holding] of Object.entries(people)) {
    const email = `${key}-${tag}@company.test`;
    const invited = await ownerPage.request.post(`/api/v1/companies/${company.id}/invitations`, {
      data: {
        emails: [email],
        teams: Object.entries(holding.teams).map(([teamName, roles]) => ({ teamId: teams[teamName], roles })),
        ...(holding.companyRoles === undefined ? {} : { companyRoles: holding.companyRoles }),
      },
    });
    expect(invited.status()).toBe(201);
    const link = (await acceptLinksFor(running, email)).at(-1) ?? '';
    const page = await newPage();
    const joined = await page.request.post('/api/v1/auth/signup', {
      data: { email, name: holding.name, password: PASSWORD, invitationToken: link.split('/').at(-1) },
    });
    expect(joined.status()).toBe(201);
    made[key] = { id: ((await joined.json()) as { user: { id: string } }).user.id, name: holding.name, email, page };
  }
  return { companyId: company.id, teams, owner: { id: ownerId, name: `Olga ${tag}`, email: ownerEmail, page: ownerPage }, people: made };
}

/** Every element of the page smaller than 44 × 44 px that can be clicked or tapped (WCAG 2.5.5), by its text. */
export async function smallTargets(page: Page, within: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const { document } = globalThis as unknown as {
      document: { querySelectorAll: (s: string) => Iterable<{ getBoundingClientRect: () => { width: number; height: number }; textContent: string | null; getAttribute: (name: string) => string | null }> };
    };
    const found: string[] = [];
    for (const element of document.querySelectorAll(`${selector} button, ${selector} a[href], ${selector} select, ${selector} input`)) {
      const { width, height } = element.getBoundingClientRect();
      if (width === 0 && height === 0) continue; // not shown
      if (width < 44 || height < 44) found.push(`${element.getAttribute('aria-label') ?? element.textContent ?? '?'} (${Math.round(width)}×${Math.round(height)})`);
    }
    return found;
  }, within);
}

/** Opens pages at a viewport's size, each in a context of its own (a person of their own), kept in `contexts` to close after. */
export const pagesAt =
  (running: () => BrowserServer, contexts: BrowserContext[], viewport: (typeof VIEWPORTS)[number]) =>
  async (): Promise<Page> => {
    const { browser, server } = running();
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, baseURL: server.url });
    contexts.push(context);
    return context.newPage();
  };
