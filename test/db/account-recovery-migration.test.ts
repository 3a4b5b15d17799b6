import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations/index.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';
import { makeUser } from '../support/factories.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

const tables = async () => (await database.db.kysely.introspection.getTables()).map((table) => table.name);

describe(`migration 0011 (account recovery) on ${TEST_DATABASE}`, () => {
  it('adds the reset and email-change links, one row per token hash, and is undone cleanly', async () => {
    const { db } = database;
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(migrations) } });
    expect(await tables()).toEqual(expect.arrayContaining(['password_resets', 'email_changes']));
    const user = await makeUser(db);
    const at = new Date().toISOString();
    await db.kysely.insertInto('passwordResets').values({ tokenHash: 'h1', userId: user.id, email: user.email, createdAt: at, expiresAt: at, usedAt: null }).execute();
    await db.kysely
      .insertInto('emailChanges')
      .values({ tokenHash: 'h2', userId: user.id, oldEmail: user.email, newEmail: 'n@example.com', createdAt: at, expiresAt: at, usedAt: null })
      .execute();
    // One hash, one link.
    await expect(
      db.kysely.insertInto('passwordResets').values({ tokenHash: 'h1', userId: user.id, email: user.email, createdAt: at, expiresAt: at, usedAt: null }).execute(),
    ).rejects.toThrow();

    expect((await migrator.migrateTo('0010-session-details')).error).toBeUndefined();
    expect(await tables()).not.toContain('password_resets');
    expect(await tables()).not.toContain('email_changes');
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await tables()).toEqual(expect.arrayContaining(['password_resets', 'email_changes']));
  });
});
