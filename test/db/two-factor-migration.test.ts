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
const columnsOf = async (table: string) =>
  (await database.db.kysely.introspection.getTables()).find((found) => found.name === table)?.columns.map((column) => column.name);

// Migration 0014: two-factor authentication, and a company's two-factor rule.
describe(`migration 0014 (two-factor) on ${TEST_DATABASE}`, () => {
  it('gives a company made before it the rule `none`, and is undone cleanly', async () => {
    const { db } = database;
    const settings = loadConfig({ BASE_URL: 'http://roster.test', DATABASE_URL: database.url, DATA_DIR: database.dir });
    const { company } = await makeCompanyOn(db, (actorId) => ({ db, settings, actorId, now: () => new Date(), requestId: 'test' }));
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(migrations) } });

    expect((await migrator.migrateTo('0010-session-details')).error).toBeUndefined();
    expect(await columnsOf('companies')).not.toContain('two_factor_rule');
    for (const table of ['two_factor', 'recovery_codes', 'sign_in_challenges']) expect(await tables()).not.toContain(table);

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const row = await db.kysely.selectFrom('companies').select('twoFactorRule').where('id', '=', company.id).executeTakeFirstOrThrow();
    expect(row.twoFactorRule).toBe('none');
    for (const table of ['two_factor', 'recovery_codes', 'sign_in_challenges']) expect(await tables()).toContain(table);
  });
});
