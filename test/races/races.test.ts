import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { POSTGRES_ADMIN_URL } from '../support/database.js';
import { TEST_PASSWORD } from '../support/factories.js';
import {
  cookieOf,
  invariantViolations,
  makeCompany,
  makeUser,
  openRaceDatabase,
  outcomeOf,
  postgresAnswers,
  race,
  repeat,
  seqOf,
  Tally,
  type Call,
  type RaceDatabase,
  type Sent,
} from './support.js';

/**
 * RULES.md §3 under races: two real server processes on one PostgreSQL database take two
 * conflicting requests at the same moment, one each, many rounds over, each round on a fresh
 * company. After every round each invariant must hold, every answer must be one of the legal
 * outcomes (never a 500), and each outcome is counted, so that the summary shows both orders happened.
 */

const ROUNDS = 50;
/** Rounds in flight at once, each on its own company: keeps the file well under a minute on 2 cores. */
const PARALLEL = 3;

const reachable = await postgresAnswers();
// CI must run these (issue 3); elsewhere a missing PostgreSQL skips them, visibly.
const runs = reachable || process.env.CI === 'true';
if (!runs) console.warn(`\n  ⚠  PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}: the two-process race tests are SKIPPED.\n`);
const suite = runs ? describe : describe.skip;
const title = runs
  ? 'two server processes on one PostgreSQL database, conflicting requests at the same moment'
  : `SKIPPED (PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}): two-process race tests`;

suite(title, () => {
  let database: RaceDatabase;
  let db: Db;
  const servers: ChildServer[] = [];
  let urls: [string, string];

  beforeAll(async () => {
    database = await openRaceDatabase();
    db = database.db;
    const env = {
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '6',
      RATE_LIMITS: 'off',
      MAIL_URL: `file:${join(database.dir, 'mail')}`,
    };
    // One after the other, so that afterAll stops the first even if the second fails to start.
    servers.push(await startChildServer(env));
    servers.push(await startChildServer(env));
    urls = [servers[0]!.url, servers[1]!.url];
  }, 60_000);

  beforeEach(() => {
    // A 500 or a broken invariant is explained by what the servers logged.
    onTestFailed(() => {
      for (const [index, server] of servers.entries()) console.error(`server ${index} output:\n${server.output().slice(-4000)}`);
    });
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill()));
    await database.drop();
  });

  /** Fails the round with every broken invariant and every answer; never a 500 slips through. */
  async function assertInvariants(companyId: string, sents: readonly Sent[]): Promise<void> {
    const violations = await invariantViolations(db, companyId, sents);
    const answers = sents.map((sent) => `${sent.label}@${sent.process}: ${sent.status} ${sent.code ?? ''}`);
    expect({ violations, answers }).toEqual({ violations: [], answers });
    for (const sent of sents) expect(sent.status, sent.label).toBeLessThan(500);
  }

  const memberPath = (companyId: string, userId: string) => `/api/v1/companies/${companyId}/members/${userId}`;
  const contractPath = (companyId: string, contractId: string) => `/api/v1/companies/${companyId}/contracts/${contractId}`;

  /** Whether the user belongs to the team now. */
  async function inTeam(teamId: string, userId: string): Promise<boolean> {
    const row = await db.kysely.selectFrom('teamMembers').select('userId').where('teamId', '=', teamId).where('userId', '=', userId).executeTakeFirst();
    return row !== undefined;
  }

  async function contactPersonOf(contractId: string): Promise<string> {
    const row = await db.kysely.selectFrom('contracts').select('contactPersonId').where('id', '=', contractId).executeTakeFirstOrThrow();
    return row.contactPersonId;
  }

  it('0. the invariant check sees each invariant broken (so that its silence in the races means something)', async () => {
    const violationsAfter = async (breakIt: (acme: Awaited<ReturnType<typeof makeCompany>>, x: { id: string; email: string }) => Promise<unknown>, sents: Sent[] = []) => {
      const acme = await makeCompany(db);
      const x = await acme.member({ teams: { [acme.defaultTeamId]: ['hiring_manager'] } });
      await acme.contract(acme.defaultTeamId, x.id);
      expect(await invariantViolations(db, acme.company.id, [])).toEqual([]);
      await breakIt(acme, x);
      return (await invariantViolations(db, acme.company.id, sents)).map((violation) => violation.slice(0, 4));
    };
    const k = db.kysely;
    // §3.1: an owner outside the default team.
    expect(await violationsAfter((acme) => k.deleteFrom('teamMembers').where('teamId', '=', acme.defaultTeamId).where('userId', '=', acme.owner.id).execute())).toContain('§3.1');
    // §3.2: a member of no team.
    expect(await violationsAfter((acme, x) => k.deleteFrom('teamMembers').where('companyId', '=', acme.company.id).where('userId', '=', x.id).execute())).toContain('§3.2');
    // §3.3: a contact person without hiring_manager.
    expect(await violationsAfter((_, x) => k.deleteFrom('teamMemberRoles').where('userId', '=', x.id).execute())).toEqual(['§3.3']);
    // §3.4: a pending invitation to a member's email (two pending ones the unique index refuses itself).
    expect(await violationsAfter((acme, x) => acme.invitation(x.email, acme.defaultTeamId))).toEqual(['§3.4']);
    // §3.5: an invitation marked accepted that nobody accepted.
    expect(
      await violationsAfter(async (acme) => {
        await acme.invitation('nobody@example.com', acme.defaultTeamId);
        await k.updateTable('invitations').set({ status: 'accepted' }).where('companyId', '=', acme.company.id).execute();
      }),
    ).toEqual(['§3.5']);
    // §4 "Suspend and reinstate": a suspended owner; a pending invitation from a suspended member.
    expect(await violationsAfter((acme) => k.updateTable('companyMembers').set({ suspendedAt: 'now' }).where('userId', '=', acme.owner.id).execute())).toContain('§4 (');
    expect(
      await violationsAfter(async (acme, x) => {
        await acme.invitation('invitee@example.com', acme.defaultTeamId);
        await k.updateTable('invitations').set({ invitedBy: x.id }).where('companyId', '=', acme.company.id).execute();
        await k.updateTable('companyMembers').set({ suspendedAt: 'now' }).where('userId', '=', x.id).execute();
      }),
    ).toEqual(['§4 (']);
    // §3.6: a success without its audit event, and a refusal with one.
    const success: Sent = { process: 0, label: 'success', requestId: 'never-recorded', status: 200, code: undefined, ms: 0 };
    const refusal: Sent = { process: 1, label: 'refusal', requestId: 'setup', status: 409, code: 'CONFLICT', ms: 0 };
    expect(await violationsAfter(() => Promise.resolve(), [success, refusal])).toEqual(['§3.6', '§3.6']);
  });

  it('1. reassigning a contract to X while X is removed from the team: one wins', async () => {
    const tally = new Tally('1 reassign contract to X | remove X from its team');
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      const design = await acme.team('Design');
      const current = await acme.member({ teams: { [design]: ['hiring_manager'] } });
      const x = await acme.member({ teams: { [acme.defaultTeamId]: [], [design]: ['hiring_manager'] } });
      const contract = await acme.contract(design, current.id);
      const owner = await cookieOf(db, acme.owner);
      const id = acme.company.id;

      const sents = await race(
        urls,
        [
          { label: 'reassign', method: 'PATCH', path: contractPath(id, contract), cookie: owner, body: { contactPersonId: x.id } },
          { label: 'remove', method: 'DELETE', path: `${memberPath(id, x.id)}/teams/${design}`, cookie: owner },
        ],
        { first: round % 2 },
      );
      const outcome = outcomeOf(sents, {
        'reassign won': { reassign: '200', remove: '409 CONTACT_PERSON_ON_ACTIVE_CONTRACT' },
        'remove won': { reassign: '409 NOT_HIRING_MANAGER', remove: '200' },
      });
      tally.add(outcome);
      await assertInvariants(id, sents);
      const reassigned = outcome === 'reassign won';
      expect(await contactPersonOf(contract)).toBe(reassigned ? x.id : current.id);
      expect(await inTeam(design, x.id)).toBe(reassigned);
    });
    console.log(tally.summary());
  }, 60_000);

  it('2. removing X from the company while a contract is reassigned to X: one wins', async () => {
    const tally = new Tally('2 reassign contract to X | remove X from the company');
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      const design = await acme.team('Design');
      const current = await acme.member({ teams: { [design]: ['hiring_manager'] } });
      const x = await acme.member({ teams: { [acme.defaultTeamId]: [], [design]: ['hiring_manager'] } });
      const contract = await acme.contract(design, current.id);
      const owner = await cookieOf(db, acme.owner);
      const id = acme.company.id;

      const sents = await race(
        urls,
        [
          { label: 'reassign', method: 'PATCH', path: contractPath(id, contract), cookie: owner, body: { contactPersonId: x.id } },
          { label: 'remove', method: 'DELETE', path: memberPath(id, x.id), cookie: owner },
        ],
        { first: round % 2 },
      );
      const outcome = outcomeOf(sents, {
        'reassign won': { reassign: '200', remove: '409 CONTACT_PERSON_ON_ACTIVE_CONTRACT' },
        // X is no member any more: the contract cannot even name them.
        'remove won': { reassign: '404 NOT_FOUND', remove: '204' },
      });
      tally.add(outcome);
      await assertInvariants(id, sents);
      const reassigned = outcome === 'reassign won';
      expect(await contactPersonOf(contract)).toBe(reassigned ? x.id : current.id);
      expect(await inTeam(acme.defaultTeamId, x.id)).toBe(reassigned);
    });
    console.log(tally.summary());
  }, 60_000);

  it('2b. removing the contact person A from the company while their contract is reassigned away from A: legal in either order', async () => {
    const tally = new Tally('2b reassign A’s contract to B | remove A from the company');
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      const design = await acme.team('Design');
      const a = await acme.member({ teams: { [acme.defaultTeamId]: [], [design]: ['hiring_manager'] } });
      const b = await acme.member({ teams: { [design]: ['hiring_manager'] } });
      const contract = await acme.contract(design, a.id);
      const owner = await cookieOf(db, acme.owner);
      const id = acme.company.id;

      const sents = await race(
        urls,
        [
          { label: 'reassign', method: 'PATCH', path: contractPath(id, contract), cookie: owner, body: { contactPersonId: b.id } },
          { label: 'remove', method: 'DELETE', path: memberPath(id, a.id), cookie: owner },
        ],
        { first: round % 2 },
      );
      const outcome = outcomeOf(sents, {
        // Reassigned first, A is no contact person any more when the removal runs: both succeed.
        'reassign then remove, both won': { reassign: '200', remove: '204' },
        'remove first refused, reassign won': { reassign: '200', remove: '409 CONTACT_PERSON_ON_ACTIVE_CONTRACT' },
      });
      tally.add(outcome);
      await assertInvariants(id, sents);
      expect(await contactPersonOf(contract)).toBe(b.id);
      const [reassign, remove] = sents as [Sent, Sent];
      if (outcome === 'reassign then remove, both won') expect(await seqOf(db, reassign)).toBeLessThan(await seqOf(db, remove));
      expect(await inTeam(acme.defaultTeamId, a.id)).toBe(remove.status !== 204);
    });
    console.log(tally.summary());
  }, 60_000);

  it('3. revoking X’s hiring_manager while X is made a contract’s contact person: one wins', async () => {
    const tally = new Tally('3 make X contact person | revoke X’s hiring_manager');
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      const design = await acme.team('Design');
      const current = await acme.member({ teams: { [design]: ['hiring_manager'] } });
      const x = await acme.member({ teams: { [design]: ['hiring_manager', 'recruiter'] } });
      const contract = await acme.contract(design, current.id);
      const owner = await cookieOf(db, acme.owner);
      const id = acme.company.id;

      const sents = await race(
        urls,
        [
          { label: 'reassign', method: 'PATCH', path: contractPath(id, contract), cookie: owner, body: { contactPersonId: x.id } },
          { label: 'revoke', method: 'PUT', path: `${memberPath(id, x.id)}/teams/${design}`, cookie: owner, body: { roles: ['recruiter'] } },
        ],
        { first: round % 2 },
      );
      const outcome = outcomeOf(sents, {
        'reassign won': { reassign: '200', revoke: '409 CONTACT_PERSON_ON_ACTIVE_CONTRACT' },
        'revoke won': { reassign: '409 NOT_HIRING_MANAGER', revoke: '200' },
      });
      tally.add(outcome);
      await assertInvariants(id, sents);
      expect(await contactPersonOf(contract)).toBe(outcome === 'reassign won' ? x.id : current.id);
    });
    console.log(tally.summary());
  }, 60_000);

  it('4. ownership transferred to X while X is removed from the company: one wins', async () => {
    const tally = new Tally('4 transfer ownership to X | remove X from the company');
    // The transfer checks the password before its transaction opens, so it reaches the company lock
    // later than the removal; the removal waits a random part of the transfer's usual answer time,
    // so that either may come first.
    let transferMs = 20;
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      const design = await acme.team('Design');
      // X is not in the default team: becoming owner must put them there (§3.1).
      const x = await acme.member({ teams: { [design]: ['hiring_manager'] } });
      const owner = await cookieOf(db, acme.owner);
      const id = acme.company.id;

      const calls: Call[] = [
        { label: 'transfer', method: 'POST', path: `/api/v1/companies/${id}/ownership`, cookie: owner, body: { userId: x.id, password: TEST_PASSWORD } },
        { label: 'remove', method: 'DELETE', path: memberPath(id, x.id), cookie: owner },
      ];
      const sents = await race(urls, calls, { first: round % 2, delays: [0, Math.random() * transferMs] });
      transferMs = 0.8 * transferMs + 0.2 * sents[0]!.ms;
      const outcome = outcomeOf(sents, {
        // The old owner, now an admin, may not remove the owner.
        'transfer won': { transfer: '200', remove: '409 OWNER_CANNOT_BE_REMOVED' },
        'remove won': { transfer: '404 NOT_FOUND', remove: '204' },
      });
      tally.add(outcome);
      await assertInvariants(id, sents);
      const company = await db.kysely.selectFrom('companies').select('ownerId').where('id', '=', id).executeTakeFirstOrThrow();
      expect(company.ownerId).toBe(outcome === 'transfer won' ? x.id : acme.owner.id);
      if (outcome === 'transfer won') {
        // §4: the old owner keeps `admin`.
        const roles = await db.kysely.selectFrom('companyMemberRoles').select('role').where('companyId', '=', id).where('userId', '=', acme.owner.id).execute();
        expect(roles.map((row) => row.role)).toEqual(['admin']);
      }
    });
    console.log(tally.summary());
  }, 60_000);

  it('5. eight accepts of one invitation over both processes: exactly one wins', async () => {
    const tally = new Tally('5 8 accepts of one invitation');
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      const design = await acme.team('Design');
      const invitee = await makeUser(db);
      const token = await acme.invitation(invitee.email, design, ['recruiter']);
      const cookie = await cookieOf(db, invitee);

      const accept: Call = { label: 'accept', method: 'POST', path: `/api/v1/invitations/${token}/accept`, cookie };
      const sents = await race(urls, Array.from({ length: 8 }, (_, index) => ({ ...accept, label: `accept${index}` })), { first: round % 2 });
      const won = sents.filter((sent) => sent.status === 200);
      expect(won).toHaveLength(1);
      for (const sent of sents) if (sent.status !== 200) expect(`${sent.status} ${sent.code ?? ''}`).toBe('410 INVITATION_NOT_PENDING');
      tally.add(`won on process ${won[0]!.process}`);
      await assertInvariants(acme.company.id, sents);
      expect(await inTeam(design, invitee.id)).toBe(true);
    });
    console.log(tally.summary());
  }, 60_000);

  it('6. ten invitations of one email over both processes: exactly one is made', async () => {
    const tally = new Tally('6 10 invitations of one email');
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      const owner = await cookieOf(db, acme.owner);
      const id = acme.company.id;
      const email = `invitee-${round}-${id.slice(0, 8)}@example.com`;

      const invite: Call = {
        label: 'invite',
        method: 'POST',
        path: `/api/v1/companies/${id}/invitations`,
        cookie: owner,
        body: { emails: [email], teams: [{ teamId: acme.defaultTeamId, roles: [] }] },
      };
      const sents = await race(
        urls,
        Array.from({ length: 10 }, (_, index) => ({
          ...invite,
          label: `invite${index}`,
          // Spelt two ways: the server compares normalised emails.
          body: { ...invite.body, emails: [index % 2 === 0 ? email : ` ${email.toUpperCase()} `] },
        })),
        { first: round % 2 },
      );
      const won = sents.filter((sent) => sent.status === 201);
      expect(won).toHaveLength(1);
      for (const sent of sents) if (sent.status !== 201) expect(`${sent.status} ${sent.code ?? ''}`).toBe('409 INVITATION_ALREADY_PENDING');
      tally.add(`won on process ${won[0]!.process}`);
      await assertInvariants(id, sents);
      const pending = await db.kysely.selectFrom('invitations').select('id').where('companyId', '=', id).where('status', '=', 'pending').execute();
      expect(pending).toHaveLength(1);
    });
    console.log(tally.summary());
  }, 60_000);

  it('7. a team admin removing a member while a company admin revokes their team_admin: the removal only before the demotion', async () => {
    const tally = new Tally('7 demote team admin T | T removes a plain member');
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      const design = await acme.team('Design');
      const admin = await acme.member({ teams: { [acme.defaultTeamId]: [] }, companyRoles: ['admin'] });
      const teamAdmin = await acme.member({ teams: { [design]: ['team_admin'] } });
      const plain = await acme.member({ teams: { [design]: [] } });
      const id = acme.company.id;
      const [adminCookie, teamAdminCookie] = await Promise.all([cookieOf(db, admin), cookieOf(db, teamAdmin)]);

      const sents = await race(
        urls,
        [
          { label: 'demote', method: 'PUT', path: `${memberPath(id, teamAdmin.id)}/teams/${design}`, cookie: adminCookie, body: { roles: [] } },
          { label: 'remove', method: 'DELETE', path: `${memberPath(id, plain.id)}/teams/${design}`, cookie: teamAdminCookie },
        ],
        { first: round % 2 },
      );
      const outcome = outcomeOf(sents, {
        // Removed while the remover still held team_admin, then demoted: both legal in that order.
        'remove then demote, both won': { demote: '200', remove: '200' },
        'demote first, remove refused': { demote: '200', remove: '403 FORBIDDEN' },
      });
      tally.add(outcome);
      await assertInvariants(id, sents);
      const [demote, remove] = sents as [Sent, Sent];
      if (outcome === 'remove then demote, both won') expect(await seqOf(db, remove)).toBeLessThan(await seqOf(db, demote));
      expect(await inTeam(design, plain.id)).toBe(remove.status !== 200);
    });
    console.log(tally.summary());
  }, 60_000);

  it('8. the owner requiring two-factor of admins while an admin without it makes a team: the team only before the rule', async () => {
    const tally = new Tally('8 require two-factor of admins | an admin without it makes a team');
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      // The owner has two-factor on (the rule needs it); the secret is never opened here.
      await db.kysely
        .insertInto('twoFactor')
        .values({ userId: acme.owner.id, secret: 'sealed:v1:unused', createdAt: new Date().toISOString(), enabledAt: new Date().toISOString(), lastStep: null })
        .execute();
      const admin = await acme.member({ teams: { [acme.defaultTeamId]: [] }, companyRoles: ['admin'] });
      const id = acme.company.id;
      const [ownerCookie, adminCookie] = await Promise.all([cookieOf(db, acme.owner), cookieOf(db, admin)]);

      const sents = await race(
        urls,
        [
          { label: 'rule', method: 'PUT', path: `/api/v1/companies/${id}/two-factor-rule`, cookie: ownerCookie, body: { rule: 'admins' } },
          { label: 'team', method: 'POST', path: `/api/v1/companies/${id}/teams`, cookie: adminCookie, body: { name: `Sales ${round}` } },
        ],
        { first: round % 2 },
      );
      const outcome = outcomeOf(sents, {
        'team then rule, both won': { rule: '200', team: '201' },
        'rule first, team refused': { rule: '200', team: '403 TWO_FACTOR_REQUIRED' },
      });
      tally.add(outcome);
      await assertInvariants(id, sents);
      const [rule, team] = sents as [Sent, Sent];
      if (outcome === 'team then rule, both won') expect(await seqOf(db, team)).toBeLessThan(await seqOf(db, rule));
    });
    console.log(tally.summary());
  }, 60_000);

  it('9. ownership transferred to X while X is suspended: one wins, the owner is never suspended', async () => {
    const tally = new Tally('9 transfer ownership to X | suspend X');
    // As in 4: the transfer checks the password first; the suspension waits a random part of it.
    let transferMs = 20;
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      const x = await acme.member({ teams: { [acme.defaultTeamId]: ['hiring_manager'] } });
      const owner = await cookieOf(db, acme.owner);
      const id = acme.company.id;
      const calls: Call[] = [
        { label: 'transfer', method: 'POST', path: `/api/v1/companies/${id}/ownership`, cookie: owner, body: { userId: x.id, password: TEST_PASSWORD } },
        { label: 'suspend', method: 'POST', path: `${memberPath(id, x.id)}/suspend`, cookie: owner },
      ];
      const sents = await race(urls, calls, { first: round % 2, delays: [0, Math.random() * transferMs] });
      transferMs = 0.8 * transferMs + 0.2 * sents[0]!.ms;
      const outcome = outcomeOf(sents, {
        // The former owner, now an admin, may not suspend the owner.
        'transfer won': { transfer: '200', suspend: '409 OWNER_CANNOT_BE_SUSPENDED' },
        'suspend won': { transfer: '409 CONFLICT', suspend: '200' },
      });
      tally.add(outcome);
      await assertInvariants(id, sents);
      const company = await db.kysely.selectFrom('companies').select('ownerId').where('id', '=', id).executeTakeFirstOrThrow();
      expect(company.ownerId).toBe(outcome === 'transfer won' ? x.id : acme.owner.id);
    });
    console.log(tally.summary());
  }, 60_000);

  it('10. an admin suspended while they invite: their invitation only before the suspension, and then revoked by it', async () => {
    const tally = new Tally('10 suspend an admin | the admin invites');
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      const admin = await acme.member({ teams: { [acme.defaultTeamId]: [] }, companyRoles: ['admin'] });
      await db.kysely.updateTable('users').set({ emailVerified: 1 }).where('id', '=', admin.id).execute();
      const id = acme.company.id;
      const [ownerCookie, adminCookie] = await Promise.all([cookieOf(db, acme.owner), cookieOf(db, admin)]);
      const sents = await race(
        urls,
        [
          { label: 'suspend', method: 'POST', path: `${memberPath(id, admin.id)}/suspend`, cookie: ownerCookie },
          {
            label: 'invite',
            method: 'POST',
            path: `/api/v1/companies/${id}/invitations`,
            cookie: adminCookie,
            body: { emails: [`new-${round}@race.test`], teams: [{ teamId: acme.defaultTeamId, roles: [] }] },
          },
        ],
        { first: round % 2 },
      );
      const outcome = outcomeOf(sents, {
        'invite then suspend, both won': { suspend: '200', invite: '201' },
        'suspend first, invite refused': { suspend: '200', invite: '404 NOT_FOUND' },
      });
      tally.add(outcome);
      // The invariant check: no pending invitation from the suspended admin, either way.
      await assertInvariants(id, sents);
      const [suspend, invite] = sents as [Sent, Sent];
      if (outcome === 'invite then suspend, both won') expect(await seqOf(db, invite)).toBeLessThan(await seqOf(db, suspend));
    });
    console.log(tally.summary());
  }, 60_000);
});
