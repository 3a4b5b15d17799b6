import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { User } from '../../src/db/schema.js';
import { linkToken, startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn, snapshot } from '../support/factories.js';

/**
 * The daily limits that follow the person and the recipient, whatever company they act in: a
 * company is free to make, so the company's own limit alone stops nobody.
 */
const HOUR = 3_600_000;
const START = new Date('2026-01-05T10:00:00.000Z');
const freshEmail = (name = 'person') => `${name}-${randomUUID()}@example.com`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    INVITATIONS_PER_COMPANY_PER_DAY: '100',
    INVITATIONS_PER_USER_PER_DAY: '4',
    INVITATIONS_PER_RECIPIENT_PER_DAY: '3',
  });
});
afterAll(() => server.close());

const at = (hours: number) => {
  server.clock.now = new Date(START.getTime() + hours * HOUR);
};

async function post(on: TestServer, headers: Record<string, string>, url: string, payload?: object) {
  return on.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
}

/** A company of this user, made through the API; its id and default team. */
async function companyOf(on: TestServer, headers: Record<string, string>, name = 'Acme'): Promise<{ id: string; defaultTeamId: string }> {
  const res = await post(on, headers, '/api/v1/companies', { name });
  expect(res.statusCode, res.body).toBe(201);
  const { company } = res.json<{ company: { id: string; defaultTeamId: string } }>();
  return company;
}

function invite(on: TestServer, headers: Record<string, string>, company: { id: string; defaultTeamId: string }, emails: string[]) {
  return post(on, headers, `/api/v1/companies/${company.id}/invitations`, { emails, teams: [{ teamId: company.defaultTeamId, roles: [] }] });
}

async function expectLimited(res: LightMyRequestResponse, before: Awaited<ReturnType<typeof snapshot>>, db: Db, retryAfter: number) {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json().code).toBe('RATE_LIMITED');
  expect(res.headers['retry-after']).toBe(String(retryAfter));
  expect(await snapshot(db)).toEqual(before);
}

describe('invitation mails per inviting user, across all their companies', () => {
  it('refuses the mail past the limit in any company of theirs, resends included, and allows it again 24 hours later', async () => {
    at(0);
    const user = await makeUser(server.db);
    const headers = await signedIn(server.db, user);
    const [a, b, c] = [await companyOf(server, headers, 'A'), await companyOf(server, headers, 'B'), await companyOf(server, headers, 'C')];
    expect((await invite(server, headers, a, [freshEmail(), freshEmail()])).statusCode).toBe(201);
    at(1);
    const inB = await invite(server, headers, b, [freshEmail(), freshEmail()]);
    expect(inB.statusCode).toBe(201);

    at(2);
    const before = await snapshot(server.db);
    const refused = await invite(server, headers, c, [freshEmail()]);
    // The first of the four leaves the window 24 hours after it: 22 hours from now.
    await expectLimited(refused, before, server.db, 22 * 3600);
    expect(refused.json().detail).toMatch(/4 invitations per 24 hours, across all your companies/);
    // A resend is a mail too.
    const resent = await post(server, headers, `/api/v1/companies/${b.id}/invitations/${inB.json().items[0].id}/resend`);
    await expectLimited(resent, before, server.db, 22 * 3600);

    // Another person in the same position is not affected.
    const other = await makeUser(server.db);
    const otherHeaders = await signedIn(server.db, other);
    expect((await invite(server, otherHeaders, await companyOf(server, otherHeaders), [freshEmail()])).statusCode).toBe(201);

    // The two of the first hour have left the window; the two of the second have not.
    at(24);
    expect((await invite(server, headers, c, [freshEmail(), freshEmail()])).statusCode).toBe(201);
    expect((await invite(server, headers, a, [freshEmail()])).statusCode).toBe(429);
  });
});

describe('invitation mails per recipient address, across all companies', () => {
  it('refuses the mail past the limit to one address from any company, and allows it again 24 hours later', async () => {
    at(0);
    const victim = freshEmail('victim');
    const companies = await Promise.all([1, 2, 3, 4].map(() => makeCompany(server)));
    const headersOf = await Promise.all(companies.map((company) => signedIn(server.db, company.owner)));
    const company = (i: number) => ({ id: companies[i]!.company.id, defaultTeamId: companies[i]!.defaultTeamId });
    for (const i of [0, 1, 2]) {
      at(i);
      expect((await invite(server, headersOf[i]!, company(i), [victim])).statusCode).toBe(201);
    }

    at(3);
    const before = await snapshot(server.db);
    // Written otherwise, the same address: the email schema trims and lowercases.
    const refused = await invite(server, headersOf[3]!, company(3), [freshEmail(), `  ${victim.toUpperCase()} `]);
    await expectLimited(refused, before, server.db, 21 * 3600);
    expect(refused.json().emails).toEqual([victim]);
    // Resending to it from a company that already invited it is one more mail to the address.
    const first = await server.db.kysely.selectFrom('invitations').select('id').where('companyId', '=', company(0).id).executeTakeFirstOrThrow();
    const resent = await post(server, headersOf[0]!, `/api/v1/companies/${company(0).id}/invitations/${first.id}/resend`);
    await expectLimited(resent, before, server.db, 21 * 3600);

    at(24);
    expect((await invite(server, headersOf[3]!, company(3), [victim])).statusCode).toBe(201);
    expect((await invite(server, headersOf[3]!, company(3), [freshEmail()])).statusCode).toBe(201);
  });

  it('counts the mails of requests made at the same moment: exactly the limit passes', async () => {
    at(100);
    const victim = freshEmail('crowded');
    const companies = await Promise.all([1, 2, 3, 4, 5, 6].map(() => makeCompany(server)));
    const answers = await Promise.all(
      companies.map(async (company) =>
        invite(server, await signedIn(server.db, company.owner), { id: company.company.id, defaultTeamId: company.defaultTeamId }, [victim]),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 201, 201, 429, 429, 429]);
    const mails = await server.db.kysely.selectFrom('outbox').select('id').where('toAddress', '=', victim).execute();
    expect(mails).toHaveLength(3);

    // One person's requests in several companies at once count each other too.
    const user = await makeUser(server.db);
    const headers = await signedIn(server.db, user);
    const own = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => companyOf(server, headers, `Mine ${n}`)));
    const sent = await Promise.all(own.map((company) => invite(server, headers, company, [freshEmail()])));
    expect(sent.map((answer) => answer.statusCode).sort()).toEqual([201, 201, 201, 201, 429, 429]);
  });
});

describe('companies created per user per day', () => {
  it('refuses the 11th company of a day, and allows it again 24 hours after the first', async () => {
    const user = await makeUser(server.db);
    const headers = await signedIn(server.db, user);
    for (let n = 0; n < 10; n++) {
      at(200 + n);
      await companyOf(server, headers, `Company ${n}`);
    }
    at(210);
    const before = await snapshot(server.db);
    const refused = await post(server, headers, '/api/v1/companies', { name: 'One too many' });
    // The first leaves the window 24 hours after it was made: 14 hours from now.
    await expectLimited(refused, before, server.db, 14 * 3600);
    expect(refused.json().detail).toMatch(/10 companies per 24 hours/);

    // Handing a company to somebody else does not give its place back: the maker is counted.
    await server.db.kysely.updateTable('companies').set({ ownerId: (await makeUser(server.db)).id }).where('createdBy', '=', user.id).execute();
    expect((await post(server, headers, '/api/v1/companies', { name: 'Still too many' })).statusCode).toBe(429);

    at(224);
    await companyOf(server, headers, 'A new day');
  });
});

describe('an account whose email is not verified', () => {
  it('may create a company but not send invitations until it verifies', async () => {
    at(300);
    const email = freshEmail('new');
    const signUp = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, name: 'New Owner', password: 'a long password' } });
    expect(signUp.statusCode).toBe(201);
    expect(signUp.json().user.emailVerified).toBe(false);
    const headers = { cookie: String(signUp.headers['set-cookie']).split(';')[0]! };
    const company = await companyOf(server, headers, 'Unverified Inc');

    const before = await snapshot(server.db);
    const refused = await invite(server, headers, company, [freshEmail()]);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().code).toBe('EMAIL_NOT_VERIFIED');
    expect(refused.json().detail).toMatch(/Verify your email address before sending invitations/);
    expect(await snapshot(server.db)).toEqual(before);

    while ((await server.deliverMail()) > 0);
    const token = linkToken(server.mailTo(email).at(-1)!, 'verify-email');
    expect((await post(server, {}, '/api/v1/auth/verify-email', { token })).statusCode).toBe(200);
    expect((await invite(server, headers, company, [freshEmail()])).statusCode).toBe(201);
  });
});

describe('a new verification link', () => {
  it('is mailed on request to an unverified account, a few times a day, and lets it invite once opened', async () => {
    at(400);
    const email = freshEmail('late');
    const signUp = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, name: 'Late Owner', password: 'a long password' } });
    const headers = { cookie: String(signUp.headers['set-cookie']).split(';')[0]! };
    const company = await companyOf(server, headers, 'Late Inc');
    const resend = () => post(server, headers, '/api/v1/auth/verify-email/resend');
    // The sign-up's link has expired (48 hours): a new one is asked for, up to five a day.
    at(460);
    for (let n = 0; n < 5; n++) expect((await resend()).statusCode).toBe(204);
    at(461);
    const before = await snapshot(server.db);
    await expectLimited(await resend(), before, server.db, 23 * 3600);
    expect((await post(server, {}, '/api/v1/auth/verify-email/resend')).statusCode).toBe(401);

    while ((await server.deliverMail()) > 0);
    const token = linkToken(server.mailTo(email).at(-1)!, 'verify-email');
    expect((await post(server, {}, '/api/v1/auth/verify-email', { token })).statusCode).toBe(200);
    expect((await invite(server, headers, company, [freshEmail()])).statusCode).toBe(201);
    const verified = await resend();
    expect(verified.statusCode).toBe(409);
    expect(verified.json().code).toBe('CONFLICT');
  });
});

describe('RATE_LIMITS=off', () => {
  let unlimited: TestServer;
  beforeAll(async () => {
    unlimited = await startTestServer({
      RATE_LIMITS: 'off',
      INVITATIONS_PER_USER_PER_DAY: '1',
      INVITATIONS_PER_RECIPIENT_PER_DAY: '1',
      COMPANIES_PER_USER_PER_DAY: '1',
    });
  });
  afterAll(() => unlimited.close());

  it('lifts the limits per person and per recipient, but not the need for a verified email', async () => {
    const user: User = await makeUser(unlimited.db);
    const headers = await signedIn(unlimited.db, user);
    const victim = freshEmail('victim');
    const [a, b] = [await companyOf(unlimited, headers, 'A'), await companyOf(unlimited, headers, 'B')];
    expect((await invite(unlimited, headers, a, [victim, freshEmail()])).statusCode).toBe(201);
    expect((await invite(unlimited, headers, b, [victim, freshEmail()])).statusCode).toBe(201);

    await unlimited.db.kysely.updateTable('users').set({ emailVerified: 0 }).where('id', '=', user.id).execute();
    expect((await invite(unlimited, headers, a, [freshEmail()])).json().code).toBe('EMAIL_NOT_VERIFIED');
  });
});
