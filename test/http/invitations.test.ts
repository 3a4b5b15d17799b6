import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import type { CompanyRole, TeamRole } from '../../src/domain/roles.js';
import { parseEml } from '../../src/mail/eml.js';
import { linkToken, startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn, snapshot } from '../support/factories.js';
import { call, expectRefused, type Method } from '../support/refusals.js';

const START = new Date('2026-01-05T10:00:00.000Z');
const HOUR = 3_600_000;

let server: TestServer;
beforeAll(async () => {
  // Many token requests come from one address here; their own limit has its own test below.
  server = await startTestServer({ TOKEN_ATTEMPTS_PER_MIN: '10000' });
});
afterAll(() => server.close());
afterEach(() => {
  server.clock.now = new Date(START);
});

type Headers = Record<string, string>;

const send = (method: Method, url: string, headers: Headers = {}, payload?: unknown) => call(server, method, url, headers, payload);

const invitationsUrl = (companyId: string) => `/api/v1/companies/${companyId}/invitations`;

interface InviteBody {
  emails: string[];
  teams: { teamId: string; roles: TeamRole[] }[];
  companyRoles?: CompanyRole[];
  message?: string;
}


let emailCounter = 0;
const freshEmail = (name = 'invitee') => `${name}-${(emailCounter++).toString(36)}-${Date.now().toString(36)}@example.com`;

/** A company with its owner signed in. */
async function companyWithOwner() {
  const acme = await makeCompany(server);
  const ownerHeaders = await signedIn(server.db, acme.owner);
  return { ...acme, ownerHeaders };
}

/** A member with these roles in these teams, signed in. */
async function signedInMember(
  acme: Awaited<ReturnType<typeof companyWithOwner>>,
  teams: Record<string, TeamRole[]>,
  companyRoles: CompanyRole[] = [],
) {
  const user = await acme.member({ teams, companyRoles });
  return { user, headers: await signedIn(server.db, user) };
}

interface InvitationJson {
  id: string;
  email: string;
  status: string;
  teams: { teamId: string; roles: string[] }[];
  expiresAt: string;
}

/** The `items` of a list or bulk answer. */
const itemsOf = (res: LightMyRequestResponse): InvitationJson[] => res.json<{ items: InvitationJson[] }>().items;

async function invite(headers: Headers, companyId: string, body: InviteBody) {
  const res = await send('POST', invitationsUrl(companyId), headers, body);
  expect(res.statusCode, res.body).toBe(201);
  return itemsOf(res);
}

/** Runs delivery passes until nothing is due; returns the messages written by them (not older ones). */
async function deliverMail(target = server) {
  const listEml = () => (existsSync(target.mailDir) ? readdirSync(target.mailDir).filter((name) => name.endsWith('.eml')) : []);
  const seen = new Set(listEml());
  while ((await target.deliverMail()) > 0) {
    // Each pass takes one batch; loop until nothing is due.
  }
  return listEml()
    .filter((name) => !seen.has(name))
    .map((name) => parseEml(readFileSync(join(target.mailDir, name))));
}

/** The token of the accept link in the newest invitation mail to this address, read from the `.eml` file. */
async function tokenMailedTo(email: string, target = server): Promise<string> {
  const mails = (await deliverMail(target)).filter((mail) => mail.headers.get('to')?.includes(email));
  expect(mails.length).toBeGreaterThan(0);
  const text = mails.at(-1)!.text;
  const match = /^http:\/\/roster\.test\/invitations\/(\S+)$/m.exec(text);
  expect(match, text).not.toBeNull();
  return match![1]!;
}

async function auditEvents(companyId: string, type: string) {
  return server.db.kysely.selectFrom('auditEvents').selectAll().where('companyId', '=', companyId).where('type', '=', type).execute();
}

async function invitationRow(id: string) {
  return server.db.kysely.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('POST /companies/:companyId/invitations', () => {
  it('invites normalised, de-duplicated emails into teams with roles, mails each a link and audits once', async () => {
    const acme = await companyWithOwner();
    const sales = await acme.team('Sales');
    const email = freshEmail('ann');
    const res = await send('POST', invitationsUrl(acme.company.id), acme.ownerHeaders, {
      emails: [`  ${email.toUpperCase()} `, email, 'bob@example.com'],
      teams: [
        { teamId: acme.defaultTeamId, roles: ['work_diary'] },
        { teamId: sales, roles: ['hiring_manager', 'recruiter', 'recruiter'] },
      ],
      companyRoles: ['finance'],
      message: 'Welcome aboard!',
    });
    expect(res.statusCode, res.body).toBe(201);
    const items = itemsOf(res);
    expect(items).toHaveLength(2);
    const expiresAt = new Date(START.getTime() + 168 * HOUR).toISOString();
    for (const item of items) {
      expect(item).toMatchObject({ status: 'pending', invitedBy: acme.owner.id, companyRoles: ['finance'], expiresAt, createdAt: START.toISOString() });
      expect(item.teams).toEqual(
        expect.arrayContaining([
          { teamId: acme.defaultTeamId, roles: ['work_diary'] },
          { teamId: sales, roles: ['hiring_manager', 'recruiter'] },
        ]),
      );
    }
    expect(items.map((item) => item.email).sort()).toEqual([email, 'bob@example.com'].sort());

    const events = await auditEvents(acme.company.id, 'invitation.created');
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.data).invitations).toEqual(
      expect.arrayContaining(items.map((item) => ({ id: item.id, email: item.email }))),
    );

    // §6: the link's token is in the mail only; the database keeps its hash.
    const token = await tokenMailedTo(email);
    const stored = await invitationRow(items.find((item) => item.email === email)!.id);
    expect(stored.tokenHash).toBe(hashSecret(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    const preview = await send('GET', `/api/v1/invitations/${token}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({
      companyName: 'Acme',
      inviterName: 'Olivia Owner',
      email,
      teams: expect.arrayContaining([
        { teamName: 'General', roles: ['work_diary'] },
        { teamName: 'Sales', roles: ['hiring_manager', 'recruiter'] },
      ]),
      companyRoles: ['finance'],
      status: 'pending',
      expiresAt,
    });
  });

  it('puts the personal message in the mail', async () => {
    const acme = await companyWithOwner();
    const email = freshEmail();
    await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: [] }], message: 'See you Monday' });
    const [mail] = (await deliverMail()).filter((m) => m.headers.get('to')?.includes(email));
    expect(mail!.text).toContain('> See you Monday');
    expect(mail!.headers.get('subject')).toContain('Acme');
  });

  it('quotes every line of the personal message, whatever separates its lines, after the real link', async () => {
    const acme = await companyWithOwner();
    const email = freshEmail();
    const fake = 'http://evil.example/invitations/steal';
    // Each of these starts a new line in some reader: CR LF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
    const message = `Welcome!\r\none\rtwo\u0085three\u2028four\u2029${fake}`;
    await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: [] }], message });
    const [mail] = (await deliverMail()).filter((m) => m.headers.get('to')?.includes(email));
    const lines = mail!.text.split(/\r?\n/);
    const wrote = lines.indexOf('Olivia Owner wrote:');
    expect(lines.slice(wrote + 1, wrote + 7)).toEqual(['> Welcome!', '> one', '> two', '> three', '> four', `> ${fake}`]);
    expect(mail!.text).not.toMatch(/[\u0085\u2028\u2029\r]/);
    // The real link stands alone, before the message; the test helper finds it first.
    const link = lines.findIndex((line) => line.startsWith('http://roster.test/invitations/'));
    expect(link).toBeGreaterThan(-1);
    expect(link).toBeLessThan(wrote);
    expect(lines.filter((line) => line.includes('/invitations/'))).toEqual([lines[link], `> ${fake}`]);
    expect(linkToken(mail!, 'invitations')).toBe(lines[link]!.split('/invitations/')[1]);
  });

  it('answers 401 without a session', async () => {
    const acme = await companyWithOwner();
    const before = await snapshot(server.db);
    const res = await send('POST', invitationsUrl(acme.company.id), {}, { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    await expectRefused(server.db, res, 401, 'UNAUTHENTICATED', before);
  });

  it('answers 404 to a non-member, for an unknown company, and for a team of another company', async () => {
    const acme = await companyWithOwner();
    const other = await companyWithOwner();
    const outsider = await signedIn(server.db, await makeUser(server.db));
    const body = { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: [] }] };
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('POST', invitationsUrl(acme.company.id), outsider, body), 404, 'NOT_FOUND', before);
    await expectRefused(server.db, await send('POST', invitationsUrl('no-such-company'), acme.ownerHeaders, body), 404, 'NOT_FOUND', before);
    // A team of another company is NOT_FOUND, even for that company's owner inviting into their own.
    const mixed = { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: [] }, { teamId: other.defaultTeamId, roles: [] }] };
    await expectRefused(server.db, await send('POST', invitationsUrl(acme.company.id), acme.ownerHeaders, mixed), 404, 'NOT_FOUND', before);
    await expectRefused(server.db, await send('POST', invitationsUrl(other.company.id), other.ownerHeaders, mixed), 404, 'NOT_FOUND', before);
  });

  it.each([
    ['an unknown field', { invitedBy: 'x' }],
    ['an unknown role', { teams: 'unknown-role' }],
    ['a company role among team roles', { teams: 'admin' }],
    ['more than 100 emails', { emails: Array.from({ length: 101 }, (_, i) => `p${i}@example.com`) }],
    ['no email', { emails: [] }],
    ['a malformed email', { emails: ['not an email'] }],
    ['no team', { teams: [] }],
    ['a message over 1,000 characters', { message: 'x'.repeat(1001) }],
    ['an unknown company role', { companyRoles: ['owner'] }],
    ['a team named twice', { teams: 'twice' }],
  ])('refuses %s with VALIDATION_FAILED', async (_case, change) => {
    const acme = await companyWithOwner();
    const body: Record<string, unknown> = { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: ['recruiter'] }] };
    for (const [key, value] of Object.entries(change)) {
      if (key === 'teams' && value === 'twice') {
        body.teams = [{ teamId: acme.defaultTeamId, roles: [] }, { teamId: acme.defaultTeamId, roles: ['recruiter'] }];
      } else if (key === 'teams') {
        body.teams = [{ teamId: acme.defaultTeamId, roles: [value] }];
      } else {
        body[key] = value;
      }
    }
    const before = await snapshot(server.db);
    const res = await send('POST', invitationsUrl(acme.company.id), acme.ownerHeaders, body);
    await expectRefused(server.db, res, 400, 'VALIDATION_FAILED', before);
    expect(res.json().errors.length).toBeGreaterThan(0);
  });

  it('accepts exactly 100 emails and a 1,000-character message', async () => {
    const acme = await companyWithOwner();
    const emails = Array.from({ length: 100 }, () => freshEmail('bulk'));
    const items = await invite(acme.ownerHeaders, acme.company.id, {
      emails,
      teams: [{ teamId: acme.defaultTeamId, roles: [] }],
      message: 'y'.repeat(1000),
    });
    expect(items).toHaveLength(100);
    expect(await auditEvents(acme.company.id, 'invitation.created')).toHaveLength(1);
  });

  describe('who may grant what (§2.2)', () => {
    type Case = [string, (acme: Awaited<ReturnType<typeof companyWithOwner>>, teamA: string, teamB: string) => Promise<{ headers: Headers; body: Omit<InviteBody, 'emails'> }>];
    const allowed: Case[] = [
      ['the owner grants company roles', (acme, a) => Promise.resolve({ headers: acme.ownerHeaders, body: { teams: [{ teamId: a, roles: ['team_admin'] }], companyRoles: ['admin', 'finance'] } })],
      ['an admin grants team_admin in any team', async (acme, a, b) => ({ headers: (await signedInMember(acme, { [b]: [] }, ['admin'])).headers, body: { teams: [{ teamId: a, roles: ['team_admin'] }] } })],
      ['a team admin grants hiring_manager in their team', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: ['team_admin'] })).headers, body: { teams: [{ teamId: a, roles: ['hiring_manager', 'work_diary'] }] } })],
      ['a hiring manager grants roles they hold', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: ['hiring_manager', 'recruiter'] })).headers, body: { teams: [{ teamId: a, roles: ['hiring_manager', 'recruiter'] }] } })],
      ['a recruiter grants recruiter', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: ['recruiter'] })).headers, body: { teams: [{ teamId: a, roles: ['recruiter'] }] } })],
    ];
    const refused: Case[] = [
      ['a plain member', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: [] })).headers, body: { teams: [{ teamId: a, roles: [] }] } })],
      ['a work diary viewer', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: ['work_diary'] })).headers, body: { teams: [{ teamId: a, roles: [] }] } })],
      ['a finance admin', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: [] }, ['finance'])).headers, body: { teams: [{ teamId: a, roles: [] }] } })],
      ['an admin granting a company role', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: [] }, ['admin'])).headers, body: { teams: [{ teamId: a, roles: [] }], companyRoles: ['finance'] } })],
      ['a team admin granting team_admin', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: ['team_admin'] })).headers, body: { teams: [{ teamId: a, roles: ['team_admin'] }] } })],
      ['a team admin granting a company role', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: ['team_admin'] })).headers, body: { teams: [{ teamId: a, roles: [] }], companyRoles: ['admin'] } })],
      ['a team admin inviting into another team too', async (acme, a, b) => ({ headers: (await signedInMember(acme, { [a]: ['team_admin'] })).headers, body: { teams: [{ teamId: a, roles: [] }, { teamId: b, roles: [] }] } })],
      ['a hiring manager granting team_admin', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: ['hiring_manager'] })).headers, body: { teams: [{ teamId: a, roles: ['team_admin'] }] } })],
      ['a hiring manager granting a role they lack', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: ['hiring_manager'] })).headers, body: { teams: [{ teamId: a, roles: ['recruiter'] }] } })],
      ['a hiring manager inviting into a team where they hold nothing', async (acme, a, b) => ({ headers: (await signedInMember(acme, { [a]: ['hiring_manager'], [b]: [] })).headers, body: { teams: [{ teamId: b, roles: [] }] } })],
      ['a recruiter granting hiring_manager', async (acme, a) => ({ headers: (await signedInMember(acme, { [a]: ['recruiter'] })).headers, body: { teams: [{ teamId: a, roles: ['hiring_manager'] }] } })],
    ];

    it.each(allowed)('allows %s', async (_case, make) => {
      const acme = await companyWithOwner();
      const { headers, body } = await make(acme, await acme.team('A'), await acme.team('B'));
      await invite(headers, acme.company.id, { emails: [freshEmail()], ...body });
    });

    it.each(refused)('refuses %s with FORBIDDEN', async (_case, make) => {
      const acme = await companyWithOwner();
      const { headers, body } = await make(acme, await acme.team('A'), await acme.team('B'));
      const before = await snapshot(server.db);
      const res = await send('POST', invitationsUrl(acme.company.id), headers, { emails: [freshEmail()], ...body });
      await expectRefused(server.db, res, 403, 'FORBIDDEN', before);
    });
  });

  it('refuses a hidden team with CONFLICT', async () => {
    const acme = await companyWithOwner();
    const archive = await acme.team('Archive');
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', archive).execute();
    const before = await snapshot(server.db);
    const res = await send('POST', invitationsUrl(acme.company.id), acme.ownerHeaders, {
      emails: [freshEmail()],
      teams: [{ teamId: acme.defaultTeamId, roles: [] }, { teamId: archive, roles: [] }],
    });
    await expectRefused(server.db, res, 409, 'CONFLICT', before);
  });

  it('refuses the email of a member with ALREADY_MEMBER, all or nothing, listing the emails (§3.4)', async () => {
    const acme = await companyWithOwner();
    const member = await acme.member();
    const before = await snapshot(server.db);
    const res = await send('POST', invitationsUrl(acme.company.id), acme.ownerHeaders, {
      emails: [freshEmail(), ` ${member.email.toUpperCase()}`],
      teams: [{ teamId: acme.defaultTeamId, roles: [] }],
    });
    await expectRefused(server.db, res, 409, 'ALREADY_MEMBER', before);
    expect(res.json().emails).toEqual([member.email]);
  });

  it('invites the member of another company', async () => {
    const acme = await companyWithOwner();
    const other = await makeCompany(server);
    await invite(acme.ownerHeaders, acme.company.id, { emails: [other.owner.email], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
  });

  it('refuses a second pending invitation for one email with INVITATION_ALREADY_PENDING (§3.4)', async () => {
    const acme = await companyWithOwner();
    const email = freshEmail();
    await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    const before = await snapshot(server.db);
    const res = await send('POST', invitationsUrl(acme.company.id), acme.ownerHeaders, {
      emails: [freshEmail(), email.toUpperCase()],
      teams: [{ teamId: acme.defaultTeamId, roles: ['recruiter'] }],
    });
    await expectRefused(server.db, res, 409, 'INVITATION_ALREADY_PENDING', before);
    expect(res.json().emails).toEqual([email]);
    // Another company may invite the same email at the same time.
    const other = await companyWithOwner();
    await invite(other.ownerHeaders, other.company.id, { emails: [email], teams: [{ teamId: other.defaultTeamId, roles: [] }] });
  });

  it('marks a pending invitation past its expiry as expired and makes a new one', async () => {
    const acme = await companyWithOwner();
    const email = freshEmail();
    const [first] = await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    const oldToken = await tokenMailedTo(email);
    server.clock.now = new Date(START.getTime() + 169 * HOUR);
    const [second] = await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    expect(second!.id).not.toBe(first!.id);
    expect((await invitationRow(first!.id)).status).toBe('expired');
    const user = await makeUser(server.db, { email });
    const headers = await signedIn(server.db, user);
    const stale = await send('POST', `/api/v1/invitations/${oldToken}/accept`, headers);
    expect(stale.statusCode).toBe(410);
    expect(stale.json().code).toBe('INVITATION_EXPIRED');
    const fresh = await send('POST', `/api/v1/invitations/${await tokenMailedTo(email)}/accept`, headers);
    expect(fresh.statusCode, fresh.body).toBe(200);
  });
});

describe('the daily invitation limit per company', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ INVITATIONS_PER_COMPANY_PER_DAY: '3' });
  });
  afterAll(() => limited.close());

  it('answers 429 RATE_LIMITED with Retry-After past the limit, counting the last 24 hours only', async () => {
    const acme = await makeCompany(limited);
    const headers = await signedIn(limited.db, acme.owner);
    const body = (emails: string[]) => ({ emails, teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    const post = (emails: string[]) => call(limited, 'POST', invitationsUrl(acme.company.id), headers, body(emails));

    expect((await post([freshEmail(), freshEmail()])).statusCode).toBe(201);
    limited.clock.now = new Date(START.getTime() + 2 * HOUR);
    expect((await post([freshEmail()])).statusCode).toBe(201);

    limited.clock.now = new Date(START.getTime() + 3 * HOUR);
    const before = await snapshot(limited.db);
    const res = await post([freshEmail()]);
    await expectRefused(limited.db, res, 429, 'RATE_LIMITED', before);
    // The two made at START leave the window 24 hours after them: 21 hours from now.
    expect(res.headers['retry-after']).toBe(String(21 * 3600));
    expect(res.json().retryAfterSeconds).toBe(21 * 3600);

    // Other companies have their own count.
    const other = await makeCompany(limited);
    const otherHeaders = await signedIn(limited.db, other.owner);
    const elsewhere = await call(limited, 'POST', invitationsUrl(other.company.id), otherHeaders, {
      emails: [freshEmail()],
      teams: [{ teamId: other.defaultTeamId, roles: [] }],
    });
    expect(elsewhere.statusCode).toBe(201);

    limited.clock.now = new Date(START.getTime() + 24 * HOUR + 1000);
    expect((await post([freshEmail(), freshEmail()])).statusCode).toBe(201);
    limited.clock.now = new Date(START);
  });

  it('counts every resent invitation as one more mail: resending one invitation over and over is limited too', async () => {
    const acme = await makeCompany(limited);
    const headers = await signedIn(limited.db, acme.owner);
    const url = invitationsUrl(acme.company.id);
    const made = await call(limited, 'POST', url, headers, { emails: [freshEmail(), freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    expect(made.statusCode).toBe(201);
    const [first, second] = itemsOf(made);
    const resend = (ids: string[]) => call(limited, 'POST', `${url}/resend`, headers, { ids });

    limited.clock.now = new Date(START.getTime() + 1 * HOUR);
    expect((await call(limited, 'POST', `${url}/${first!.id}/resend`, headers)).statusCode).toBe(200); // the third mail

    limited.clock.now = new Date(START.getTime() + 2 * HOUR);
    for (const attempt of [
      () => call(limited, 'POST', `${url}/${first!.id}/resend`, headers),
      () => resend([first!.id, second!.id]),
      () => call(limited, 'POST', url, headers, { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: [] }] }),
    ]) {
      // Every row, tokens and outbox included: a refused resend issues no new link and queues no mail.
      const before = await snapshot(limited.db);
      const refused = await attempt();
      await expectRefused(limited.db, refused, 429, 'RATE_LIMITED', before);
      // The two mails of START leave the window 24 hours after them: 22 hours from now.
      expect(refused.headers['retry-after']).toBe(String(22 * 3600));
    }

    limited.clock.now = new Date(START.getTime() + 24 * HOUR + 1000);
    expect((await resend([first!.id, second!.id])).statusCode).toBe(200); // the mail of START+1h and these two
    expect((await call(limited, 'POST', `${url}/${second!.id}/resend`, headers)).statusCode).toBe(429);
    limited.clock.now = new Date(START);
  });
});

describe('GET /companies/:companyId/invitations', () => {
  it('lists newest first with keyset pages, and filters by status with expired read from the clock', async () => {
    const acme = await companyWithOwner();
    const team = { teamId: acme.defaultTeamId, roles: [] as TeamRole[] };
    const [old] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [team] });
    server.clock.now = new Date(START.getTime() + 100 * HOUR);
    const [middle] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [team] });
    server.clock.now = new Date(START.getTime() + 170 * HOUR);
    const [newest] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [team] });
    await send('DELETE', `${invitationsUrl(acme.company.id)}/${middle!.id}`, acme.ownerHeaders);

    const all = await send('GET', invitationsUrl(acme.company.id), acme.ownerHeaders);
    expect(all.statusCode).toBe(200);
    expect(itemsOf(all).map((item) => [item.id, item.status])).toEqual([
      [newest!.id, 'pending'],
      [middle!.id, 'revoked'],
      [old!.id, 'expired'],
    ]);
    expect(all.json().nextCursor).toBeNull();

    const first = await send('GET', `${invitationsUrl(acme.company.id)}?limit=2`, acme.ownerHeaders);
    expect(itemsOf(first).map((item) => item.id)).toEqual([newest!.id, middle!.id]);
    const second = await send('GET', `${invitationsUrl(acme.company.id)}?limit=2&cursor=${first.json().nextCursor}`, acme.ownerHeaders);
    expect(second.json()).toEqual({ items: [expect.objectContaining({ id: old!.id })], nextCursor: null });

    for (const [status, ids] of [['pending', [newest!.id]], ['expired', [old!.id]], ['revoked', [middle!.id]], ['accepted', []]] as const) {
      const res = await send('GET', `${invitationsUrl(acme.company.id)}?status=${status}`, acme.ownerHeaders);
      expect(itemsOf(res).map((item) => item.id), status).toEqual(ids);
    }
  });

  it('shows a team admin only the invitations touching a team they administer; an admin sees all', async () => {
    const acme = await companyWithOwner();
    const sales = await acme.team('Sales');
    const ops = await acme.team('Ops');
    const [intoSales] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: sales, roles: [] }] });
    const [intoBoth] = await invite(acme.ownerHeaders, acme.company.id, {
      emails: [freshEmail()],
      teams: [{ teamId: sales, roles: [] }, { teamId: ops, roles: [] }],
    });
    const [intoOps] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: ops, roles: [] }] });

    const salesAdmin = await signedInMember(acme, { [sales]: ['team_admin'], [ops]: ['hiring_manager'] });
    const seen = await send('GET', invitationsUrl(acme.company.id), salesAdmin.headers);
    expect(seen.statusCode).toBe(200);
    expect(itemsOf(seen).map((item) => item.id).sort()).toEqual([intoSales!.id, intoBoth!.id].sort());

    const admin = await signedInMember(acme, { [acme.defaultTeamId]: [] }, ['admin']);
    const all = await send('GET', invitationsUrl(acme.company.id), admin.headers);
    expect(itemsOf(all).map((item) => item.id).sort()).toEqual([intoSales!.id, intoBoth!.id, intoOps!.id].sort());
  });

  it('refuses members who may not manage members with 403, outsiders with 404, anonymous callers with 401', async () => {
    const acme = await companyWithOwner();
    const url = invitationsUrl(acme.company.id);
    for (const roles of [[], ['hiring_manager', 'recruiter'], ['work_diary']] as TeamRole[][]) {
      const member = await signedInMember(acme, { [acme.defaultTeamId]: roles });
      const res = await send('GET', url, member.headers);
      expect(res.statusCode, roles.join()).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    const finance = await signedInMember(acme, { [acme.defaultTeamId]: [] }, ['finance']);
    expect((await send('GET', url, finance.headers)).statusCode).toBe(403);
    const outsider = await signedIn(server.db, await makeUser(server.db));
    expect((await send('GET', url, outsider)).json().code).toBe('NOT_FOUND');
    expect((await send('GET', url)).statusCode).toBe(401);
  });

  it.each([
    ['an unknown status', '?status=open'],
    ['an unknown query field', '?sort=email'],
    ['a limit of 0', '?limit=0'],
    ['a limit over 200', '?limit=201'],
    ['a cursor it did not give', '?cursor=bm9wZQ'],
  ])('refuses %s with VALIDATION_FAILED', async (_case, query) => {
    const acme = await companyWithOwner();
    const res = await send('GET', `${invitationsUrl(acme.company.id)}${query}`, acme.ownerHeaders);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('PATCH /companies/:companyId/invitations/:invitationId', () => {
  it('replaces teams and company roles; the same link then grants the new ones', async () => {
    const acme = await companyWithOwner();
    const sales = await acme.team('Sales');
    const email = freshEmail();
    const [created] = await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: ['recruiter'] }] });
    const token = await tokenMailedTo(email);
    const res = await send('PATCH', `${invitationsUrl(acme.company.id)}/${created!.id}`, acme.ownerHeaders, {
      teams: [{ teamId: sales, roles: ['hiring_manager'] }],
      companyRoles: ['finance'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().invitation).toMatchObject({
      id: created!.id,
      status: 'pending',
      teams: [{ teamId: sales, roles: ['hiring_manager'] }],
      companyRoles: ['finance'],
      expiresAt: created!.expiresAt,
    });
    const events = await auditEvents(acme.company.id, 'invitation.updated');
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.data)).toMatchObject({
      before: { teams: [{ teamId: acme.defaultTeamId, roles: ['recruiter'] }], companyRoles: [] },
      after: { teams: [{ teamId: sales, roles: ['hiring_manager'] }], companyRoles: ['finance'] },
    });

    const user = await makeUser(server.db, { email });
    const accepted = await send('POST', `/api/v1/invitations/${token}/accept`, await signedIn(server.db, user));
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().member).toMatchObject({ companyRoles: ['finance'], teams: [{ teamId: sales, roles: ['hiring_manager'] }] });
  });

  it('edits the company roles alone and keeps the teams', async () => {
    const acme = await companyWithOwner();
    const [created] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: ['recruiter'] }], companyRoles: ['admin'] });
    const res = await send('PATCH', `${invitationsUrl(acme.company.id)}/${created!.id}`, acme.ownerHeaders, { companyRoles: [] });
    expect(res.statusCode).toBe(200);
    expect(res.json().invitation).toMatchObject({ companyRoles: [], teams: [{ teamId: acme.defaultTeamId, roles: ['recruiter'] }] });
  });

  it('needs the right to grant both the old and the new grants (403)', async () => {
    const acme = await companyWithOwner();
    const sales = await acme.team('Sales');
    const ops = await acme.team('Ops');
    const salesAdmin = await signedInMember(acme, { [sales]: ['team_admin'] });
    const plain = await signedInMember(acme, { [sales]: [] });
    const [intoOps] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: ops, roles: [] }] });
    const [intoSales] = await invite(salesAdmin.headers, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: sales, roles: [] }] });
    const before = await snapshot(server.db);
    // Old grants out of reach: an invitation into Ops.
    await expectRefused(server.db, await send('PATCH', `${invitationsUrl(acme.company.id)}/${intoOps!.id}`, salesAdmin.headers, { teams: [{ teamId: sales, roles: [] }] }), 403, 'FORBIDDEN', before);
    // New grants out of reach: moving their own invitation to Ops, or adding team_admin.
    for (const teams of [[{ teamId: ops, roles: [] }], [{ teamId: sales, roles: ['team_admin'] }]]) {
      await expectRefused(server.db, await send('PATCH', `${invitationsUrl(acme.company.id)}/${intoSales!.id}`, salesAdmin.headers, { teams }), 403, 'FORBIDDEN', before);
    }
    await expectRefused(server.db, await send('PATCH', `${invitationsUrl(acme.company.id)}/${intoSales!.id}`, salesAdmin.headers, { companyRoles: ['admin'] }), 403, 'FORBIDDEN', before);
    await expectRefused(server.db, await send('PATCH', `${invitationsUrl(acme.company.id)}/${intoSales!.id}`, plain.headers, { teams: [{ teamId: sales, roles: [] }] }), 403, 'FORBIDDEN', before);
  });

  it('lets a hiring manager edit their own invitation only while they hold its roles', async () => {
    const acme = await companyWithOwner();
    const { user, headers } = await signedInMember(acme, { [acme.defaultTeamId]: ['hiring_manager', 'recruiter'] });
    const [created] = await invite(headers, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: ['hiring_manager'] }] });
    const url = `${invitationsUrl(acme.company.id)}/${created!.id}`;
    expect((await send('PATCH', url, headers, { teams: [{ teamId: acme.defaultTeamId, roles: ['recruiter'] }] })).statusCode).toBe(200);
    await server.db.kysely.deleteFrom('teamMemberRoles').where('userId', '=', user.id).where('role', '=', 'recruiter').execute();
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('PATCH', url, headers, { teams: [{ teamId: acme.defaultTeamId, roles: [] }] }), 403, 'FORBIDDEN', before);
  });

  it('answers 404 for another company’s invitation and to outsiders, 401 without a session', async () => {
    const acme = await companyWithOwner();
    const other = await companyWithOwner();
    const [theirs] = await invite(other.ownerHeaders, other.company.id, { emails: [freshEmail()], teams: [{ teamId: other.defaultTeamId, roles: [] }] });
    const [ours] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    const body = { companyRoles: [] };
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('PATCH', `${invitationsUrl(acme.company.id)}/${theirs!.id}`, acme.ownerHeaders, body), 404, 'NOT_FOUND', before);
    await expectRefused(server.db, await send('PATCH', `${invitationsUrl(acme.company.id)}/${ours!.id}`, other.ownerHeaders, body), 404, 'NOT_FOUND', before);
    await expectRefused(server.db, await send('PATCH', `${invitationsUrl(acme.company.id)}/${ours!.id}`, acme.ownerHeaders, { teams: [{ teamId: other.defaultTeamId, roles: [] }] }), 404, 'NOT_FOUND', before);
    await expectRefused(server.db, await send('PATCH', `${invitationsUrl(acme.company.id)}/${ours!.id}`, {}, body), 401, 'UNAUTHENTICATED', before);
  });

  it.each([
    ['an empty body', {}],
    ['an unknown field', { companyRoles: [], email: 'x@example.com' }],
    ['an unknown role', { teams: [{ teamId: 'T', roles: ['boss'] }] }],
    ['no team', { teams: [] }],
  ])('refuses %s with VALIDATION_FAILED', async (_case, body) => {
    const acme = await companyWithOwner();
    const [created] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    const before = await snapshot(server.db);
    const res = await send('PATCH', `${invitationsUrl(acme.company.id)}/${created!.id}`, acme.ownerHeaders, body);
    await expectRefused(server.db, res, 400, 'VALIDATION_FAILED', before);
  });

  it('refuses to edit an expired, revoked or accepted invitation, or to add a hidden team, with CONFLICT', async () => {
    const acme = await companyWithOwner();
    const team = [{ teamId: acme.defaultTeamId, roles: [] as TeamRole[] }];
    const [expired, revoked, accepted, open] = await invite(acme.ownerHeaders, acme.company.id, {
      emails: [freshEmail('e'), freshEmail('r'), freshEmail('a'), freshEmail('o')],
      teams: team,
    });
    await send('DELETE', `${invitationsUrl(acme.company.id)}/${revoked!.id}`, acme.ownerHeaders);
    await server.db.kysely.updateTable('invitations').set({ status: 'accepted' }).where('id', '=', accepted!.id).execute();
    await server.db.kysely.updateTable('invitations').set({ expiresAt: START.toISOString() }).where('id', '=', expired!.id).execute();
    const archive = await acme.team('Archive');
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', archive).execute();
    const before = await snapshot(server.db);
    for (const invitation of [expired, revoked, accepted]) {
      const res = await send('PATCH', `${invitationsUrl(acme.company.id)}/${invitation!.id}`, acme.ownerHeaders, { companyRoles: [] });
      await expectRefused(server.db, res, 409, 'CONFLICT', before);
    }
    const hidden = await send('PATCH', `${invitationsUrl(acme.company.id)}/${open!.id}`, acme.ownerHeaders, { teams: [{ teamId: archive, roles: [] }] });
    await expectRefused(server.db, hidden, 409, 'CONFLICT', before);
  });
});

describe('resending', () => {
  it('gives a new link and a new expiry; the old link stops working and the new one works', async () => {
    const acme = await companyWithOwner();
    const email = freshEmail();
    const [created] = await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: ['recruiter'] }] });
    const oldToken = await tokenMailedTo(email);
    server.clock.now = new Date(START.getTime() + 200 * HOUR);
    const res = await send('POST', `${invitationsUrl(acme.company.id)}/${created!.id}/resend`, acme.ownerHeaders);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().invitation).toMatchObject({
      id: created!.id,
      status: 'pending',
      createdAt: START.toISOString(),
      expiresAt: new Date(START.getTime() + 368 * HOUR).toISOString(),
    });
    expect(await auditEvents(acme.company.id, 'invitation.resent')).toHaveLength(1);
    const newToken = await tokenMailedTo(email);
    expect(newToken).not.toBe(oldToken);

    const user = await makeUser(server.db, { email });
    const headers = await signedIn(server.db, user);
    // The old link is told apart from one that never was: replaced, look for the newer mail (410), and nothing changes.
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('GET', `/api/v1/invitations/${oldToken}`), 410, 'INVITATION_REPLACED', before);
    await expectRefused(server.db, await send('POST', `/api/v1/invitations/${oldToken}/accept`, headers), 410, 'INVITATION_REPLACED', before);
    await expectRefused(server.db, await send('POST', `/api/v1/invitations/${oldToken}/decline`), 410, 'INVITATION_REPLACED', before);
    expect((await send('GET', `/api/v1/invitations/${oldToken}x`)).json().code).toBe('NOT_FOUND');
    const accepted = await send('POST', `/api/v1/invitations/${newToken}/accept`, headers);
    expect(accepted.statusCode, accepted.body).toBe(200);
  });

  it('answers every link a resend replaced with INVITATION_REPLACED, at sign-up too, and the newest one works', async () => {
    const acme = await companyWithOwner();
    const email = freshEmail();
    const [created] = await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    const first = await tokenMailedTo(email);
    await send('POST', `${invitationsUrl(acme.company.id)}/${created!.id}/resend`, acme.ownerHeaders);
    const second = await tokenMailedTo(email);
    await send('POST', `${invitationsUrl(acme.company.id)}/${created!.id}/resend`, acme.ownerHeaders);
    const third = await tokenMailedTo(email);
    expect(new Set([first, second, third]).size).toBe(3);
    const before = await snapshot(server.db);
    for (const token of [first, second]) {
      await expectRefused(server.db, await send('GET', `/api/v1/invitations/${token}`), 410, 'INVITATION_REPLACED', before);
      const signUp = await send('POST', '/api/v1/auth/signup', undefined, { email, name: 'Newcomer', password: 'a long enough passphrase', invitationToken: token });
      await expectRefused(server.db, signUp, 410, 'INVITATION_REPLACED', before);
    }
    expect((await send('GET', `/api/v1/invitations/${third}`)).statusCode).toBe(200);
  });

  it('resends many expired invitations at once, all or nothing', async () => {
    const acme = await companyWithOwner();
    const emails = [freshEmail(), freshEmail()];
    const created = await invite(acme.ownerHeaders, acme.company.id, { emails, teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    await deliverMail();
    server.clock.now = new Date(START.getTime() + 170 * HOUR);
    // A mark left by a later invite: the stored status is `expired` for the first.
    await server.db.kysely.updateTable('invitations').set({ status: 'expired' }).where('id', '=', created[0]!.id).execute();
    const res = await send('POST', `${invitationsUrl(acme.company.id)}/resend`, acme.ownerHeaders, { ids: created.map((item) => item.id) });
    expect(res.statusCode, res.body).toBe(200);
    expect(itemsOf(res).map((item) => item.status)).toEqual(['pending', 'pending']);
    expect(await deliverMail()).toHaveLength(2);
    expect(await auditEvents(acme.company.id, 'invitation.resent')).toHaveLength(1);
  });

  it('refuses with INVITATION_ALREADY_PENDING when another invitation for the email is pending now', async () => {
    const acme = await companyWithOwner();
    const email = freshEmail();
    const [first] = await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    server.clock.now = new Date(START.getTime() + 170 * HOUR);
    await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    const before = await snapshot(server.db);
    const res = await send('POST', `${invitationsUrl(acme.company.id)}/${first!.id}/resend`, acme.ownerHeaders);
    await expectRefused(server.db, res, 409, 'INVITATION_ALREADY_PENDING', before);
  });

  it('refuses with ALREADY_MEMBER when the email has become a member', async () => {
    const acme = await companyWithOwner();
    const email = freshEmail();
    const [created] = await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    await acme.member({}, { email });
    const before = await snapshot(server.db);
    const res = await send('POST', `${invitationsUrl(acme.company.id)}/${created!.id}/resend`, acme.ownerHeaders);
    await expectRefused(server.db, res, 409, 'ALREADY_MEMBER', before);
  });

  it('refuses accepted, declined and revoked invitations with CONFLICT, and a hidden team', async () => {
    const acme = await companyWithOwner();
    const archive = await acme.team('Archive');
    const [declined, revoked, accepted] = await invite(acme.ownerHeaders, acme.company.id, {
      emails: [freshEmail('d'), freshEmail('r'), freshEmail('a')],
      teams: [{ teamId: acme.defaultTeamId, roles: [] }],
    });
    const [intoArchive] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: archive, roles: [] }] });
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', archive).execute();
    await server.db.kysely.updateTable('invitations').set({ status: 'declined' }).where('id', '=', declined!.id).execute();
    await server.db.kysely.updateTable('invitations').set({ status: 'accepted' }).where('id', '=', accepted!.id).execute();
    await send('DELETE', `${invitationsUrl(acme.company.id)}/${revoked!.id}`, acme.ownerHeaders);
    const before = await snapshot(server.db);
    for (const invitation of [declined, revoked, accepted, intoArchive]) {
      await expectRefused(server.db, await send('POST', `${invitationsUrl(acme.company.id)}/${invitation!.id}/resend`, acme.ownerHeaders), 409, 'CONFLICT', before);
    }
  });

  it('answers 401, 403, 404 (another company’s id, even among ours) and 400', async () => {
    const acme = await companyWithOwner();
    const other = await companyWithOwner();
    const [ours] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: ['team_admin'] }] });
    const [theirs] = await invite(other.ownerHeaders, other.company.id, { emails: [freshEmail()], teams: [{ teamId: other.defaultTeamId, roles: [] }] });
    const teamAdmin = await signedInMember(acme, { [acme.defaultTeamId]: ['team_admin'] });
    const url = invitationsUrl(acme.company.id);
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('POST', `${url}/${ours!.id}/resend`), 401, 'UNAUTHENTICATED', before);
    // The team admin may not grant team_admin, so they may not manage this invitation.
    await expectRefused(server.db, await send('POST', `${url}/${ours!.id}/resend`, teamAdmin.headers), 403, 'FORBIDDEN', before);
    await expectRefused(server.db, await send('POST', `${url}/${theirs!.id}/resend`, acme.ownerHeaders), 404, 'NOT_FOUND', before);
    await expectRefused(server.db, await send('POST', `${url}/resend`, acme.ownerHeaders, { ids: [ours!.id, theirs!.id] }), 404, 'NOT_FOUND', before);
    await expectRefused(server.db, await send('POST', `${url}/${ours!.id}/resend`, other.ownerHeaders), 404, 'NOT_FOUND', before);
    for (const body of [{ ids: [] }, { ids: Array.from({ length: 101 }, (_, i) => `id-${i}`) }, { ids: [ours!.id], force: true }, {}]) {
      await expectRefused(server.db, await send('POST', `${url}/resend`, acme.ownerHeaders, body), 400, 'VALIDATION_FAILED', before);
    }
  });
});

describe('revoking', () => {
  it('revokes a pending invitation: 204, its link answers INVITATION_NOT_PENDING, one audit event', async () => {
    const acme = await companyWithOwner();
    const email = freshEmail();
    const [created] = await invite(acme.ownerHeaders, acme.company.id, { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    const token = await tokenMailedTo(email);
    const res = await send('DELETE', `${invitationsUrl(acme.company.id)}/${created!.id}`, acme.ownerHeaders);
    expect(res.statusCode).toBe(204);
    expect((await invitationRow(created!.id)).status).toBe('revoked');
    expect(await auditEvents(acme.company.id, 'invitation.revoked')).toHaveLength(1);
    const user = await makeUser(server.db, { email });
    const accept = await send('POST', `/api/v1/invitations/${token}/accept`, await signedIn(server.db, user));
    expect(accept.statusCode).toBe(410);
    expect(accept.json().code).toBe('INVITATION_NOT_PENDING');
    expect((await send('GET', `/api/v1/invitations/${token}`)).json().status).toBe('revoked');
  });

  it('revokes pending and expired invitations in one request, and lets the inviter revoke their own', async () => {
    const acme = await companyWithOwner();
    const recruiter = await signedInMember(acme, { [acme.defaultTeamId]: ['recruiter'] });
    const [first] = await invite(recruiter.headers, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: ['recruiter'] }] });
    server.clock.now = new Date(START.getTime() + 170 * HOUR);
    const [second] = await invite(recruiter.headers, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    const res = await send('POST', `${invitationsUrl(acme.company.id)}/revoke`, recruiter.headers, { ids: [first!.id, second!.id] });
    expect(res.statusCode, res.body).toBe(204);
    expect((await invitationRow(first!.id)).status).toBe('revoked');
    expect((await invitationRow(second!.id)).status).toBe('revoked');
    expect(await auditEvents(acme.company.id, 'invitation.revoked')).toHaveLength(1);
  });

  it('refuses, all or nothing, when one of them is no longer open (CONFLICT)', async () => {
    const acme = await companyWithOwner();
    const [open, accepted] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail(), freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: [] }] });
    await server.db.kysely.updateTable('invitations').set({ status: 'accepted' }).where('id', '=', accepted!.id).execute();
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('POST', `${invitationsUrl(acme.company.id)}/revoke`, acme.ownerHeaders, { ids: [open!.id, accepted!.id] }), 409, 'CONFLICT', before);
    await expectRefused(server.db, await send('DELETE', `${invitationsUrl(acme.company.id)}/${accepted!.id}`, acme.ownerHeaders), 409, 'CONFLICT', before);
  });

  it('answers 401, 403, 404 and 400', async () => {
    const acme = await companyWithOwner();
    const other = await companyWithOwner();
    const [ours] = await invite(acme.ownerHeaders, acme.company.id, { emails: [freshEmail()], teams: [{ teamId: acme.defaultTeamId, roles: ['hiring_manager'] }] });
    const [theirs] = await invite(other.ownerHeaders, other.company.id, { emails: [freshEmail()], teams: [{ teamId: other.defaultTeamId, roles: [] }] });
    const recruiter = await signedInMember(acme, { [acme.defaultTeamId]: ['recruiter'] });
    const url = invitationsUrl(acme.company.id);
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('DELETE', `${url}/${ours!.id}`), 401, 'UNAUTHENTICATED', before);
    await expectRefused(server.db, await send('DELETE', `${url}/${ours!.id}`, recruiter.headers), 403, 'FORBIDDEN', before);
    await expectRefused(server.db, await send('POST', `${url}/revoke`, recruiter.headers, { ids: [ours!.id] }), 403, 'FORBIDDEN', before);
    await expectRefused(server.db, await send('DELETE', `${url}/${theirs!.id}`, acme.ownerHeaders), 404, 'NOT_FOUND', before);
    await expectRefused(server.db, await send('POST', `${url}/revoke`, acme.ownerHeaders, { ids: [ours!.id, theirs!.id] }), 404, 'NOT_FOUND', before);
    const outsider = await signedIn(server.db, await makeUser(server.db));
    const afterSignIn = await snapshot(server.db);
    await expectRefused(server.db, await send('DELETE', `${url}/${ours!.id}`, outsider), 404, 'NOT_FOUND', afterSignIn);
    await expectRefused(server.db, await send('POST', `${url}/revoke`, acme.ownerHeaders, { ids: [] }), 400, 'VALIDATION_FAILED', afterSignIn);
    await expectRefused(server.db, await send('POST', `${url}/revoke`, acme.ownerHeaders, { ids: [ours!.id], all: true }), 400, 'VALIDATION_FAILED', afterSignIn);
  });
});

describe('the accept link', () => {
  async function invited(roles: TeamRole[] = ['recruiter'], companyRoles: CompanyRole[] = []) {
    const acme = await companyWithOwner();
    const sales = await acme.team('Sales');
    const email = freshEmail();
    const [invitation] = await invite(acme.ownerHeaders, acme.company.id, {
      emails: [email],
      teams: [{ teamId: acme.defaultTeamId, roles: [] }, { teamId: sales, roles }],
      companyRoles,
    });
    return { acme, sales, email, invitation: invitation!, token: await tokenMailedTo(email) };
  }

  it('previews without sign-in; an unknown token is 404; past expiry it reads expired', async () => {
    const { token, email } = await invited();
    const res = await send('GET', `/api/v1/invitations/${token}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email, status: 'pending', companyName: 'Acme', inviterName: 'Olivia Owner' });
    expect((await send('GET', '/api/v1/invitations/not-a-token')).json().code).toBe('NOT_FOUND');
    server.clock.now = new Date(START.getTime() + 168 * HOUR);
    expect((await send('GET', `/api/v1/invitations/${token}`)).json().status).toBe('expired');
  });

  it('accepts for the account of that email: exactly the teams and roles it carries, once (§3.5)', async () => {
    const { acme, sales, email, token, invitation } = await invited(['recruiter', 'work_diary'], ['finance']);
    const user = await makeUser(server.db, { email });
    await server.db.kysely.updateTable('users').set({ emailVerified: 0 }).where('id', '=', user.id).execute();
    const headers = await signedIn(server.db, user);
    const res = await send('POST', `/api/v1/invitations/${token}/accept`, headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().company).toMatchObject({ id: acme.company.id, name: 'Acme' });
    expect(res.json().member).toMatchObject({ userId: user.id, email, isOwner: false, companyRoles: ['finance'] });
    expect(res.json().member.teams).toEqual(
      expect.arrayContaining([
        { teamId: acme.defaultTeamId, teamName: 'General', roles: [] },
        { teamId: sales, teamName: 'Sales', roles: ['recruiter', 'work_diary'] },
      ]),
    );
    expect(res.json().member.teams).toHaveLength(2);
    expect((await invitationRow(invitation.id)).status).toBe('accepted');
    expect(await auditEvents(acme.company.id, 'invitation.accepted')).toHaveLength(1);
    // The link came through the mailbox: the address is proven.
    expect((await server.db.kysely.selectFrom('users').select('emailVerified').where('id', '=', user.id).executeTakeFirstOrThrow()).emailVerified).toBe(1);

    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('POST', `/api/v1/invitations/${token}/accept`, headers), 410, 'INVITATION_NOT_PENDING', before);
  });

  it('lets exactly one of two simultaneous accepts win', async () => {
    const { email, token, acme } = await invited();
    const user = await makeUser(server.db, { email });
    const headers = await signedIn(server.db, user);
    const answers = await Promise.all([1, 2, 3].map(() => send('POST', `/api/v1/invitations/${token}/accept`, headers)));
    expect(answers.map((res) => res.statusCode).sort()).toEqual([200, 410, 410]);
    expect(await auditEvents(acme.company.id, 'invitation.accepted')).toHaveLength(1);
  });

  it('refuses another account with INVITATION_EMAIL_MISMATCH and changes nothing', async () => {
    const { token } = await invited();
    const stranger = await signedIn(server.db, await makeUser(server.db));
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('POST', `/api/v1/invitations/${token}/accept`, stranger), 403, 'INVITATION_EMAIL_MISMATCH', before);
  });

  it('refuses past expiry with INVITATION_EXPIRED', async () => {
    const { token, email } = await invited();
    const headers = await signedIn(server.db, await makeUser(server.db, { email }));
    server.clock.now = new Date(START.getTime() + 168 * HOUR);
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('POST', `/api/v1/invitations/${token}/accept`, headers), 410, 'INVITATION_EXPIRED', before);
  });

  it('answers 401 without sign-in and 404 for an unknown token', async () => {
    const { token, email } = await invited();
    const headers = await signedIn(server.db, await makeUser(server.db, { email }));
    const before = await snapshot(server.db);
    await expectRefused(server.db, await send('POST', `/api/v1/invitations/${token}/accept`), 401, 'UNAUTHENTICATED', before);
    await expectRefused(server.db, await send('POST', '/api/v1/invitations/nope/accept', headers), 404, 'NOT_FOUND', before);
  });

  it('adds the roles to a member of another team who was invited before joining', async () => {
    const { acme, sales, email, token } = await invited(['recruiter']);
    // Joined the default team meanwhile with a role; the invitation adds to it, removes nothing.
    const user = await acme.member({ teams: { [acme.defaultTeamId]: ['work_diary'] } }, { email });
    const res = await send('POST', `/api/v1/invitations/${token}/accept`, await signedIn(server.db, user));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().member.teams).toEqual(
      expect.arrayContaining([
        { teamId: acme.defaultTeamId, teamName: 'General', roles: ['work_diary'] },
        { teamId: sales, teamName: 'Sales', roles: ['recruiter'] },
      ]),
    );
  });

  it('adds to what a member already holds in the invited teams and the company, removing nothing', async () => {
    const { acme, sales, email, token } = await invited(['recruiter'], ['finance']);
    // Joined both invited teams meanwhile, with roles there and a company role.
    const user = await acme.member(
      { teams: { [acme.defaultTeamId]: ['hiring_manager'], [sales]: ['work_diary'] }, companyRoles: ['admin'] },
      { email },
    );
    const res = await send('POST', `/api/v1/invitations/${token}/accept`, await signedIn(server.db, user));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().member).toMatchObject({
      companyRoles: ['admin', 'finance'],
      teams: [
        { teamId: acme.defaultTeamId, teamName: 'General', roles: ['hiring_manager'] },
        { teamId: sales, teamName: 'Sales', roles: ['recruiter', 'work_diary'] },
      ],
    });
  });

  describe('declining', () => {
    it('declines without sign-in (204), audited with the inviter standing in, and the link then answers 410', async () => {
      const { acme, email, token, invitation } = await invited();
      const res = await send('POST', `/api/v1/invitations/${token}/decline`);
      expect(res.statusCode).toBe(204);
      expect((await invitationRow(invitation.id)).status).toBe('declined');
      const [event] = await auditEvents(acme.company.id, 'invitation.declined');
      expect(event).toMatchObject({ actorId: acme.owner.id, targetId: invitation.id });
      expect(JSON.parse(event!.data)).toMatchObject({ invitationId: invitation.id, email, signedIn: false });

      const headers = await signedIn(server.db, await makeUser(server.db, { email }));
      const before = await snapshot(server.db);
      await expectRefused(server.db, await send('POST', `/api/v1/invitations/${token}/accept`, headers), 410, 'INVITATION_NOT_PENDING', before);
      await expectRefused(server.db, await send('POST', `/api/v1/invitations/${token}/decline`), 410, 'INVITATION_NOT_PENDING', before);
    });

    it('records the signed-in user as the actor', async () => {
      const { acme, email, token } = await invited();
      const user = await makeUser(server.db, { email });
      const res = await send('POST', `/api/v1/invitations/${token}/decline`, await signedIn(server.db, user));
      expect(res.statusCode).toBe(204);
      const [event] = await auditEvents(acme.company.id, 'invitation.declined');
      expect(event!.actorId).toBe(user.id);
      expect(JSON.parse(event!.data).signedIn).toBe(true);
    });

    it('refuses past expiry with INVITATION_EXPIRED and an unknown token with 404', async () => {
      const { token } = await invited();
      server.clock.now = new Date(START.getTime() + 169 * HOUR);
      const before = await snapshot(server.db);
      await expectRefused(server.db, await send('POST', `/api/v1/invitations/${token}/decline`), 410, 'INVITATION_EXPIRED', before);
      await expectRefused(server.db, await send('POST', '/api/v1/invitations/nope/decline'), 404, 'NOT_FOUND', before);
    });
  });

  describe('signing up from the link', () => {
    it('creates the account with its email verified and accepts in the same step', async () => {
      const { acme, sales, email, token, invitation } = await invited(['recruiter']);
      const res = await send('POST', '/api/v1/auth/signup', {}, { email: email.toUpperCase(), name: 'Nia New', password: 'long enough pw', invitationToken: token });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ user: { email, emailVerified: true }, companyId: acme.company.id });
      expect((await invitationRow(invitation.id)).status).toBe('accepted');
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      const me = await send('GET', '/api/v1/me', { cookie });
      expect(me.json().companies[0].teams).toEqual(
        expect.arrayContaining([
          { teamId: acme.defaultTeamId, teamName: 'General', roles: [] },
          { teamId: sales, teamName: 'Sales', roles: ['recruiter'] },
        ]),
      );
      // No verification mail: the invitation proved the address.
      expect(await server.db.kysely.selectFrom('outbox').select('id').where('toAddress', '=', email).where('kind', '!=', 'invitation').execute()).toEqual([]);
    });

    it('creates no account when the invitation is refused: another email, expired, revoked', async () => {
      const { token, acme, invitation } = await invited();
      const signup = (body: object) => send('POST', '/api/v1/auth/signup', {}, { name: 'X', password: 'long enough pw', ...body });
      let before = await snapshot(server.db);
      await expectRefused(server.db, await signup({ email: freshEmail('other'), invitationToken: token }), 403, 'INVITATION_EMAIL_MISMATCH', before);

      const email = (await invitationRow(invitation.id)).email;
      server.clock.now = new Date(START.getTime() + 168 * HOUR);
      await expectRefused(server.db, await signup({ email, invitationToken: token }), 410, 'INVITATION_EXPIRED', before);
      server.clock.now = new Date(START);
      await send('DELETE', `${invitationsUrl(acme.company.id)}/${invitation.id}`, acme.ownerHeaders);
      before = await snapshot(server.db);
      await expectRefused(server.db, await signup({ email, invitationToken: token }), 410, 'INVITATION_NOT_PENDING', before);
    });
  });
});

describe('token guesses', () => {
  it('are rate limited per address with 429 and Retry-After', async () => {
    const guarded = await startTestServer({ TOKEN_ATTEMPTS_PER_MIN: '2' });
    try {
      expect((await call(guarded, 'GET', '/api/v1/invitations/guess-1')).statusCode).toBe(404);
      expect((await call(guarded, 'POST', '/api/v1/invitations/guess-2/decline')).statusCode).toBe(404);
      const res = await call(guarded, 'GET', '/api/v1/invitations/guess-3');
      expect(res.statusCode).toBe(429);
      expect(res.json().code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await guarded.close();
    }
  });
});
