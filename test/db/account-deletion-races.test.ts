import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, newId, newSecret } from '../../src/auth/secrets.js';
import { acceptInvitation } from '../../src/commands/accept-invitation.js';
import type { CommandContext } from '../../src/commands/context.js';
import { createContract } from '../../src/commands/create-contract.js';
import { deleteAccount } from '../../src/commands/delete-account.js';
import { DomainError } from '../../src/domain/errors.js';
import { makeCompanyOn, TEST_PASSWORD } from '../support/factories.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';
import { testSettings } from '../support/settings.js';

/**
 * Deleting an account while someone else acts on the person, the two started at the same moment
 * (on PostgreSQL on two connections at once; on SQLite one write transaction after the other, in
 * either order), many rounds over: whichever commits first, the other answers by the rules and
 * the account is never left half deleted.
 */

const ROUNDS = 24;

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

/** TEST_PASSWORD in the stored format at a low cost, so that the deletion's password check is no head start. */
const salt = randomBytes(16);
const cheapHash = ['scrypt', 1024, 8, 1, salt.toString('base64url'), scryptSync(TEST_PASSWORD, salt, 64, { N: 1024, r: 8, p: 1 }).toString('base64url')].join('$');

const settings = testSettings();
const as = (userId: string): CommandContext => ({
  db: database.db,
  settings,
  actorId: userId,
  now: () => new Date(),
  requestId: 'race',
  signedInWith: 'session',
  // A session that has just signed in: deleting the account needs a recent sign-in.
  sessionAuthenticatedAt: new Date().toISOString(),
});

/** The outcome of a call: 'ok', or the code it was refused with. */
async function outcome(run: () => Promise<unknown>, delayMs: number): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  try {
    await run();
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}
/** Start delays for the two calls: each round gives one or the other a head start of a few ms, so that both orders happen. */
const delays = (round: number): [number, number] => (round % 2 === 0 ? [0, 10 + Math.floor(Math.random() * 10)] : [10 + Math.floor(Math.random() * 10), 0]);

async function isDeleted(userId: string): Promise<boolean> {
  const row = await database.db.kysely.selectFrom('users').select('deletedAt').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.deletedAt !== null;
}
const membershipsOf = (userId: string) =>
  database.db.kysely.selectFrom('companyMembers').select('companyId').where('userId', '=', userId).execute();

describe(`deleting an account in a race, on ${TEST_DATABASE}`, () => {
  it('against being made the contact person of a contract: one of the two wins, the other is refused by the rules', async () => {
    const tally = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const acme = await makeCompanyOn(database.db, as, { name: `Race ${round}`, userFields: { passwordHash: cheapHash } });
      const person = await acme.member({ teams: { [acme.defaultTeamId]: ['hiring_manager'] } }, { passwordHash: cheapHash });
      const [first, second] = delays(round);
      const [deleted, contracted] = await Promise.all([
        outcome(() => deleteAccount(as(person.id), { password: TEST_PASSWORD }), first),
        outcome(() => createContract(as(acme.owner.id), acme.company.id, { teamId: acme.defaultTeamId, title: 'Race', freelancerName: 'Fran', contactPersonId: person.id }), second),
      ]);
      const key = `delete ${deleted} / contract ${contracted}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      expect([
        'delete ok / contract NOT_FOUND',
        'delete CONTACT_PERSON_ON_ACTIVE_CONTRACT / contract ok',
      ]).toContain(key);
      const contracts = await database.db.kysely.selectFrom('contracts').select('id').where('contactPersonId', '=', person.id).execute();
      expect({ deleted: await isDeleted(person.id), contracts: contracts.length, memberships: (await membershipsOf(person.id)).length }).toEqual(
        deleted === 'ok' ? { deleted: true, contracts: 0, memberships: 0 } : { deleted: false, contracts: 1, memberships: 1 },
      );
    }
    console.info(`account deletion vs a new contract (${TEST_DATABASE}):`, Object.fromEntries(tally));
    expect(tally.size, 'both orders happened').toBe(2);
  });

  it('against accepting an invitation: the person is never left a member of a company after the deletion', async () => {
    const tally = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const home = await makeCompanyOn(database.db, as, { name: `Home ${round}`, userFields: { passwordHash: cheapHash } });
      const other = await makeCompanyOn(database.db, as, { name: `Other ${round}`, userFields: { passwordHash: cheapHash } });
      const person = await home.member({}, { passwordHash: cheapHash });
      const token = newSecret();
      const now = new Date();
      const invitationId = newId();
      await database.db.kysely
        .insertInto('invitations')
        .values({
          id: invitationId, companyId: other.company.id, email: person.email, status: 'pending', tokenHash: hashSecret(token),
          invitedBy: other.owner.id, message: null, companyRoles: '[]', createdAt: now.toISOString(), updatedAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + 86_400_000).toISOString(), respondedAt: null,
        })
        .execute();
      await database.db.kysely.insertInto('invitationTeams').values({ invitationId, companyId: other.company.id, teamId: other.defaultTeamId, roles: '[]' }).execute();

      let companiesLeft = -1;
      const [first, second] = delays(round);
      const [deleted, accepted] = await Promise.all([
        outcome(async () => ({ companiesLeft } = await deleteAccount(as(person.id), { password: TEST_PASSWORD })), first),
        outcome(() => acceptInvitation(as(person.id), token), second),
      ]);
      const key = `delete ${deleted} (left ${companiesLeft}) / accept ${accepted}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      // Accepted first: the deletion takes the person out of both companies. Deleted first: the
      // acceptance finds no account (and the invitation, to an email that is gone, revoked).
      expect(['delete ok (left 2) / accept ok', 'delete ok (left 1) / accept UNAUTHENTICATED']).toContain(key);
      expect(await isDeleted(person.id)).toBe(true);
      expect(await membershipsOf(person.id)).toEqual([]);
      const invitation = await database.db.kysely.selectFrom('invitations').select(['status', 'email']).where('id', '=', invitationId).executeTakeFirstOrThrow();
      expect(invitation.email).not.toBe(person.email);
    }
    console.info(`account deletion vs accepting an invitation (${TEST_DATABASE}):`, Object.fromEntries(tally));
    expect(tally.size, 'both orders happened').toBe(2);
  });
});
