import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { migrations } from '../../src/db/migrations/index.js';
import { makeCompanyOn } from '../support/factories.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

const tables = async () => (await database.db.kysely.introspection.getTables()).map((table) => table.name);

// Migration 0024: the last active day, the join-date index, and the links a resend replaced.
describe(`migration 0024 (member activity, replaced links) on ${TEST_DATABASE}`, () => {
  it('is undone and done again cleanly; a new active day moves the revision of every company of the person', async () => {
    const { db } = database;
    const settings = loadConfig({ BASE_URL: 'http://roster.test', DATABASE_URL: database.url, DATA_DIR: database.dir });
    const { company } = await makeCompanyOn(db, (actorId) => ({ db, settings, actorId, now: () => new Date(), requestId: 'test' }));
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(migrations) } });

    expect((await migrator.migrateTo('0019-scim')).error).toBeUndefined();
    for (const table of ['user_activity', 'replaced_invitation_tokens']) expect(await tables()).not.toContain(table);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    for (const table of ['user_activity', 'replaced_invitation_tokens']) expect(await tables()).toContain(table);

    const revision = async () =>
      (await db.kysely.selectFrom('companies').select('membershipRevision').where('id', '=', company.id).executeTakeFirstOrThrow()).membershipRevision;
    const first = await revision();
    await db.kysely.insertInto('userActivity').values({ userId: company.ownerId, lastActiveOn: '2026-01-05' }).execute();
    const second = await revision();
    expect(second).not.toBe(first);
    // The same day again changes nothing; a new day is a new revision.
    await db.kysely.updateTable('userActivity').set({ lastActiveOn: '2026-01-05' }).where('userId', '=', company.ownerId).execute();
    expect(await revision()).toBe(second);
    await db.kysely.updateTable('userActivity').set({ lastActiveOn: '2026-01-06' }).where('userId', '=', company.ownerId).execute();
    expect(await revision()).not.toBe(second);
  });
});
