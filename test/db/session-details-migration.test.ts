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

// Migration 0010: a session's public id, client, address, and when it last proved who it is.
describe(`migration 0010 (session details) on ${TEST_DATABASE}`, () => {
  it('gives each session made before it an id of its own and counts it as authenticated when made; is undone cleanly', async () => {
    const { db } = database;
    const user = await makeUser(db);
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(migrations) } });
    expect((await migrator.migrateTo('0009-limits-per-person')).error).toBeUndefined();
    expect(await columnsOf('sessions')).not.toContain('authenticated_at');

    const made = '2026-01-01T08:00:00.000Z';
    for (const hash of ['old-a', 'old-b']) {
      await sql`insert into sessions (token_hash, user_id, created_at, expires_at, last_used_at) values (${hash}, ${user.id}, ${made}, '2026-02-01T08:00:00.000Z', ${made})`.execute(db.kysely);
    }

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const sessions = await db.kysely.selectFrom('sessions').select(['id', 'authenticatedAt', 'userAgent', 'ip']).orderBy('tokenHash').execute();
    expect(sessions).toEqual([
      { id: expect.any(String), authenticatedAt: made, userAgent: null, ip: null },
      { id: expect.any(String), authenticatedAt: made, userAgent: null, ip: null },
    ]);
    expect(sessions[0]?.id).not.toBe(sessions[1]?.id);
    // Two sessions cannot share an id.
    await expect(db.kysely.updateTable('sessions').set({ id: sessions[0]?.id ?? '' }).where('tokenHash', '=', 'old-b').execute()).rejects.toThrow();

    expect((await migrator.migrateTo('0009-limits-per-person')).error).toBeUndefined();
    for (const column of ['id', 'user_agent', 'ip', 'authenticated_at']) expect(await columnsOf('sessions')).not.toContain(column);
    expect(await db.kysely.selectFrom('sessions').select('tokenHash').execute()).toHaveLength(2);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });
});
