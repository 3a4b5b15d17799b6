import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations/index.js';
import { makeUser } from '../support/factories.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

const columnsOf = async (table: string) =>
  (await database.db.kysely.introspection.getTables()).find((found) => found.name === table)?.columns.map((column) => column.name);

// Migration 0008: sessions' last use (idle timeout), API tokens' expiry, and the users' security log.
describe(`migration 0008 (sessions and tokens) on ${TEST_DATABASE}`, () => {
  it('counts a session made before it as used when made, adds no expiry to tokens, and is undone cleanly', async () => {
    const { db } = database;
    const user = await makeUser(db);
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(migrations) } });
    expect((await migrator.migrateTo('0007-invitation-mails-by-company')).error).toBeUndefined();
    expect(await columnsOf('sessions')).not.toContain('last_used_at');
    expect(await columnsOf('security_events')).toBeUndefined();

    const made = '2026-01-01T08:00:00.000Z';
    await sql`insert into sessions (token_hash, user_id, created_at, expires_at) values ('old-session', ${user.id}, ${made}, '2026-02-01T08:00:00.000Z')`.execute(db.kysely);
    await sql`insert into api_tokens (id, user_id, name, token_hash, created_at, last_used_at) values ('old-token', ${user.id}, 'CI', 'old-token-hash', ${made}, null)`.execute(db.kysely);

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await db.kysely.selectFrom('sessions').select(['lastUsedAt']).where('tokenHash', '=', 'old-session').executeTakeFirst()).toEqual({ lastUsedAt: made });
    expect(await db.kysely.selectFrom('apiTokens').select(['expiresAt', 'lastUsedAt']).where('id', '=', 'old-token').executeTakeFirst()).toEqual({ expiresAt: null, lastUsedAt: null });
    await db.kysely.insertInto('securityEvents').values({ id: 'e1', userId: user.id, type: 'api_token.created', data: '{}', ip: null, createdAt: made }).execute();

    // Undone, the columns and the log go and the rows stay; done again, nothing is lost.
    expect((await migrator.migrateTo('0007-invitation-mails-by-company')).error).toBeUndefined();
    expect(await columnsOf('sessions')).not.toContain('last_used_at');
    expect(await columnsOf('api_tokens')).not.toContain('expires_at');
    expect(await columnsOf('security_events')).toBeUndefined();
    expect(await db.kysely.selectFrom('sessions').select('tokenHash').where('tokenHash', '=', 'old-session').execute()).toHaveLength(1);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await db.kysely.selectFrom('sessions').select(['lastUsedAt']).where('tokenHash', '=', 'old-session').executeTakeFirst()).toEqual({ lastUsedAt: made });
    expect(await db.kysely.selectFrom('securityEvents').selectAll().execute()).toEqual([]);
  });
});
