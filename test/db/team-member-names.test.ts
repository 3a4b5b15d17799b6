import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany } from '../../src/commands/create-company.js';
import { addTeamMembership, ensureCompanyMember } from '../../src/commands/memberships.js';
import { migrations } from '../../src/db/migrations/index.js';
import { makeUser } from '../support/factories.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';
import { testSettings } from '../support/settings.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

const settings = testSettings({ invitationsPerCompanyPerDay: 100 });

/** Every team membership with its name and the name of the company membership it belongs to. */
const teamMemberNames = () =>
  database.db.kysely
    .selectFrom('teamMembers as tm')
    .innerJoin('companyMembers as m', (join) => join.onRef('m.companyId', '=', 'tm.companyId').onRef('m.userId', '=', 'tm.userId'))
    .select(['tm.userId', 'tm.name as copied', 'm.name'])
    .execute();

// Migration 0006 gives team_members the member's name (the team filter's keyset) and fills it in
// for every membership made before it.
describe(`migration 0006 (team members' names) on ${TEST_DATABASE}`, () => {
  it('copies each member name into their team memberships made before it, and takes the copy away again when undone', async () => {
    const { db } = database;
    const owner = await makeUser(db, { name: 'Olga Owner' });
    const made = await createCompany({ db, settings, actorId: owner.id, now: () => new Date(), requestId: 'test' }, { name: 'Names' });
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(migrations) } });

    const undone = await migrator.migrateTo('0005-membership-revision');
    expect(undone.error).toBeUndefined();
    const columns = (await db.kysely.introspection.getTables()).find((table) => table.name === 'team_members')?.columns.map((column) => column.name);
    expect(columns).not.toContain('name');

    // Memberships made the way they were before the migration: no name.
    for (const name of ['Ann Early', 'Bob Early']) {
      const user = await makeUser(db, { name });
      await db.write(async (tx) => {
        await ensureCompanyMember(tx, made.id, user, new Date());
        await sql`insert into team_members (company_id, team_id, user_id, joined_at) values (${made.id}, ${made.defaultTeamId}, ${user.id}, ${new Date().toISOString()})`.execute(tx);
      });
    }
    const redone = await migrator.migrateToLatest();
    expect(redone.error).toBeUndefined();

    const rows = await teamMemberNames();
    expect(rows.map(({ copied }) => copied).sort()).toEqual(['Ann Early', 'Bob Early', 'Olga Owner']);
    for (const row of rows) expect(row.copied).toBe(row.name);

    // And memberships made after it carry the name from the start.
    const late = await makeUser(db, { name: 'Cy Late' });
    await db.write(async (tx) => {
      await ensureCompanyMember(tx, made.id, late, new Date());
      await addTeamMembership(tx, { companyId: made.id, teamId: made.defaultTeamId, userId: late.id }, [], new Date());
    });
    expect((await teamMemberNames()).find(({ userId }) => userId === late.id)?.copied).toBe('Cy Late');
  });
});
