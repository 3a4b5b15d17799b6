import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { POSTGRES_ADMIN_URL } from '../support/database.js';
import { TEST_PASSWORD } from '../support/factories.js';
import { cookieOf, invariantViolations, makeCompany, openRaceDatabase, outcomeOf, postgresAnswers, race, repeat, Tally, type RaceDatabase, type Sent } from './support.js';

/**
 * Deleting one's account (RULES.md §4 "Accounts: sessions and deletion") under races: two server
 * processes on one PostgreSQL database, the deletion on one and a conflicting request on the
 * other at the same moment, many rounds over, each on fresh companies. Whichever commits first,
 * the other answers by the rules, the invariants of §3 hold, and a deleted account is a member of
 * nothing.
 */

const ROUNDS = 30;
const PARALLEL = 3;

const reachable = await postgresAnswers();
const runs = reachable || process.env.CI === 'true';
if (!runs) console.warn(`\n  ⚠  PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}: the account deletion race tests are SKIPPED.\n`);
const suite = runs ? describe : describe.skip;

suite('deleting an account while another process acts on the person, on PostgreSQL', () => {
  let database: RaceDatabase;
  let db: Db;
  const servers: ChildServer[] = [];
  let urls: [string, string];

  beforeAll(async () => {
    database = await openRaceDatabase();
    db = database.db;
    const env = { DATABASE_URL: database.url, DATABASE_POOL_SIZE: '6', RATE_LIMITS: 'off', MAIL_URL: `file:${join(database.dir, 'mail')}` };
    servers.push(await startChildServer(env));
    servers.push(await startChildServer(env));
    urls = [servers[0]!.url, servers[1]!.url];
  }, 60_000);

  beforeEach(() => {
    onTestFailed(() => {
      for (const [index, server] of servers.entries()) console.error(`server ${index} output:\n${server.output().slice(-4000)}`);
    });
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill()));
    await database.drop();
  });

  async function assertInvariants(companyId: string, sents: readonly Sent[]): Promise<void> {
    const violations = await invariantViolations(db, companyId, sents);
    const answers = sents.map((sent) => `${sent.label}@${sent.process}: ${sent.status} ${sent.code ?? ''}`);
    expect({ violations, answers }).toEqual({ violations: [], answers });
  }
  const isDeleted = async (userId: string) =>
    (await db.kysely.selectFrom('users').select('deletedAt').where('id', '=', userId).executeTakeFirstOrThrow()).deletedAt !== null;
  const membershipsOf = (userId: string) => db.kysely.selectFrom('companyMembers').select('companyId').where('userId', '=', userId).execute();

  it('X deletes their account while the owner makes X the contact person of a contract: one wins', async () => {
    const tally = new Tally('X deletes the account | a contract reassigned to X');
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const acme = await makeCompany(db);
      const design = await acme.team('Design');
      const current = await acme.member({ teams: { [design]: ['hiring_manager'] } });
      const x = await acme.member({ teams: { [design]: ['hiring_manager'] } });
      const contract = await acme.contract(design, current.id);
      const id = acme.company.id;
      const sents = await race(
        urls,
        [
          { label: 'delete', method: 'POST', path: '/api/v1/me/delete', cookie: await cookieOf(db, x), body: { password: TEST_PASSWORD } },
          { label: 'reassign', method: 'PATCH', path: `/api/v1/companies/${id}/contracts/${contract}`, cookie: await cookieOf(db, acme.owner), body: { contactPersonId: x.id } },
        ],
        { first: round % 2, delays: round % 4 < 2 ? [0, 5] : [5, 0] },
      );
      const outcome = outcomeOf(sents, {
        'delete won': { delete: '200', reassign: '404 NOT_FOUND' },
        'reassign won': { delete: '409 CONTACT_PERSON_ON_ACTIVE_CONTRACT', reassign: '200' },
      });
      tally.add(outcome);
      await assertInvariants(id, sents);
      const deleted = outcome === 'delete won';
      expect(await isDeleted(x.id)).toBe(deleted);
      expect((await membershipsOf(x.id)).length).toBe(deleted ? 0 : 1);
      const contactPerson = (await db.kysely.selectFrom('contracts').select('contactPersonId').where('id', '=', contract).executeTakeFirstOrThrow()).contactPersonId;
      expect(contactPerson).toBe(deleted ? current.id : x.id);
    });
    console.log(tally.summary());
  }, 90_000);

  it('X deletes their account while accepting an invitation on the other process: X ends up a member of nothing', async () => {
    const tally = new Tally('X deletes the account | X accepts an invitation');
    await repeat(ROUNDS, PARALLEL, async (round) => {
      const home = await makeCompany(db);
      const other = await makeCompany(db);
      const x = await home.member();
      const token = await other.invitation(x.email, other.defaultTeamId);
      const cookie = await cookieOf(db, x);
      const sents = await race(
        urls,
        [
          { label: 'delete', method: 'POST', path: '/api/v1/me/delete', cookie, body: { password: TEST_PASSWORD } },
          { label: 'accept', method: 'POST', path: `/api/v1/invitations/${token}/accept`, cookie },
        ],
        { first: round % 2, delays: round % 4 < 2 ? [0, 5] : [5, 0] },
      );
      const [deletion, acceptance] = sents as [Sent, Sent];
      const outcome = outcomeOf(sents, {
        'accepted, then deleted': { delete: '200', accept: '200' },
        'deleted, acceptance refused': { delete: '200', accept: '401 UNAUTHENTICATED' },
      });
      tally.add(outcome);
      await assertInvariants(home.company.id, [deletion]);
      // In the other company the deletion left only if the acceptance came first.
      const acceptedFirst = outcome === 'accepted, then deleted';
      await assertInvariants(other.company.id, acceptedFirst ? [acceptance, deletion] : [acceptance]);
      expect(await isDeleted(x.id)).toBe(true);
      expect(await membershipsOf(x.id)).toEqual([]);
    });
    console.log(tally.summary());
  }, 90_000);
});
