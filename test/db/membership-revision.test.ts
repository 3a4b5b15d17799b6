import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/auth/secrets.js';
import { createCompany } from '../../src/commands/create-company.js';
import type { Db } from '../../src/db/database.js';
import { teamNameKey } from '../../src/domain/normalize.js';
import { makeUser } from '../support/factories.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';
import { testSettings } from '../support/settings.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

const settings = testSettings({ invitationsPerCompanyPerDay: 100 });

async function company(db: Db) {
  const owner = await makeUser(db);
  const made = await createCompany({ db, settings, actorId: owner.id, now: () => new Date(), requestId: 'test' }, { name: 'Revisions' });
  return { id: made.id, owner, defaultTeamId: made.defaultTeamId };
}

async function revision(db: Db, companyId: string): Promise<number> {
  const row = await db.kysely.selectFrom('companies').select('membershipRevision').where('id', '=', companyId).executeTakeFirstOrThrow();
  return row.membershipRevision;
}

// The members page is remembered under this revision (`MembersPages`, src/queries/members.ts): a change it
// missed would show a stale page. Each step below fails if its trigger (migration 0005) is missing.
describe(`the membership revision on ${TEST_DATABASE}`, () => {
  it('changes with every insert, update and delete of the membership tables, and with the company row', async () => {
    const { db } = database;
    const c = await company(db);
    const bystander = await company(db);
    const user = await makeUser(db, { name: 'Rita' });
    const teamId = newId();
    const now = new Date().toISOString();
    const member = { companyId: c.id, userId: user.id };
    const team = { companyId: c.id, teamId };

    const steps: [string, () => Promise<unknown>][] = [
      ['team created', () => db.kysely.insertInto('teams').values({ id: teamId, companyId: c.id, name: 'Ops', nameKey: teamNameKey('Ops'), hidden: 0, isDefault: 0, createdAt: now }).execute()],
      ['team renamed', () => db.kysely.updateTable('teams').set({ name: 'Ops 2', nameKey: teamNameKey('Ops 2') }).where('id', '=', teamId).execute()],
      ['member added', () => db.kysely.insertInto('companyMembers').values({ ...member, name: user.name, email: user.email, joinedAt: now }).execute()],
      ['member renamed', () => db.kysely.updateTable('companyMembers').set({ name: 'Rita R.' }).where('userId', '=', user.id).execute()],
      // Migration 0017: a suspension is on the membership row, shown in the list (suspendedAt).
      ['member suspended', () => db.kysely.updateTable('companyMembers').set({ suspendedAt: now, suspendedBy: c.owner.id }).where('userId', '=', user.id).execute()],
      ['member reinstated', () => db.kysely.updateTable('companyMembers').set({ suspendedAt: null, suspendedBy: null }).where('userId', '=', user.id).execute()],
      ['company role granted', () => db.kysely.insertInto('companyMemberRoles').values({ ...member, role: 'finance' }).execute()],
      ['company role changed', () => db.kysely.updateTable('companyMemberRoles').set({ role: 'admin' }).where('userId', '=', user.id).execute()],
      ['company role taken', () => db.kysely.deleteFrom('companyMemberRoles').where('userId', '=', user.id).execute()],
      ['added to a team', () => db.kysely.insertInto('teamMembers').values({ ...team, userId: user.id, name: 'Rita R.', joinedAt: now }).execute()],
      ['team membership changed', () => db.kysely.updateTable('teamMembers').set({ joinedAt: 'later' }).where('userId', '=', user.id).execute()],
      ['team role granted', () => db.kysely.insertInto('teamMemberRoles').values({ ...team, userId: user.id, role: 'recruiter' }).execute()],
      ['team role changed', () => db.kysely.updateTable('teamMemberRoles').set({ role: 'work_diary' }).where('userId', '=', user.id).execute()],
      ['team role taken', () => db.kysely.deleteFrom('teamMemberRoles').where('userId', '=', user.id).execute()],
      ['removed from the team', () => db.kysely.deleteFrom('teamMembers').where('userId', '=', user.id).execute()],
      ['owner changed', () => db.kysely.updateTable('companies').set({ ownerId: user.id }).where('id', '=', c.id).execute()],
      ['team deleted', () => db.kysely.deleteFrom('teams').where('id', '=', teamId).execute()],
      ['member removed', () => db.kysely.deleteFrom('companyMembers').where('userId', '=', user.id).where('companyId', '=', c.id).execute()],
    ];
    const bystanderRevision = await revision(db, bystander.id);
    for (const [step, run] of steps) {
      const before = await revision(db, c.id);
      await run();
      expect(await revision(db, c.id), step).not.toBe(before);
    }
    expect(await revision(db, bystander.id), 'another company').toBe(bystanderRevision);
  });

  it('stays when nothing the members list shows changes: invitations, contracts, the audit log', async () => {
    const { db } = database;
    const c = await company(db);
    const before = await revision(db, c.id);
    const now = new Date().toISOString();
    await db.kysely
      .insertInto('contracts')
      .values({ id: newId(), companyId: c.id, teamId: c.defaultTeamId, title: 'T', freelancerName: 'F', status: 'active', contactPersonId: c.owner.id, createdAt: now, updatedAt: now })
      .execute();
    await db.kysely
      .insertInto('invitations')
      .values({ id: newId(), companyId: c.id, email: 'x@revision.test', status: 'pending', tokenHash: newId(), invitedBy: c.owner.id, message: null, companyRoles: '[]', createdAt: now, updatedAt: now, expiresAt: now, respondedAt: null })
      .execute();
    expect(await revision(db, c.id)).toBe(before);
  });
});
