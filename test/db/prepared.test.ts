import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { prepare } from '../../src/db/prepared.js';
import { makeUser } from '../support/factories.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

const userByEmail = prepare((db, v: { email: string }) =>
  db.selectFrom('users').select(['id', 'email', 'emailVerified']).where('email', '=', v.email),
);
const usersNamed = prepare((db, v: { name: string; limit: number }) =>
  db.selectFrom('users').select('email').where('name', '=', v.name).orderBy('email').limit(v.limit),
);
const verify = prepare((db, v: { id: string }) => db.updateTable('users').set({ emailVerified: 1 }).where('id', '=', v.id));

describe(`prepared queries on ${TEST_DATABASE}`, () => {
  it('runs one compiled query with the values of each call, and maps columns to camelCase', async () => {
    const { db } = database;
    const ada = await makeUser(db, { email: 'ada@prepared.example.com', name: 'Ada' });
    const alan = await makeUser(db, { email: 'alan@prepared.example.com', name: 'Alan' });
    expect(await userByEmail.executeTakeFirst(db.kysely, { email: ada.email })).toEqual({
      id: ada.id,
      email: ada.email,
      emailVerified: ada.emailVerified,
    });
    expect((await userByEmail.executeTakeFirst(db.kysely, { email: alan.email }))?.id).toBe(alan.id);
    expect(await userByEmail.executeTakeFirst(db.kysely, { email: 'nobody@prepared.example.com' })).toBeUndefined();
  });

  it('binds values that are not compared, such as a limit, and leaves the constants of the query alone', async () => {
    const { db } = database;
    for (const letter of ['c', 'a', 'b']) await makeUser(db, { email: `${letter}@grace.example.com`, name: 'Grace' });
    const emails = async (limit: number) => (await usersNamed.execute(db.kysely, { name: 'Grace', limit })).map((row) => row.email);
    expect(await emails(2)).toEqual(['a@grace.example.com', 'b@grace.example.com']);
    expect(await emails(3)).toEqual(['a@grace.example.com', 'b@grace.example.com', 'c@grace.example.com']);
  });

  it('counts the rows a write changed, inside a transaction, and rolls back with it', async () => {
    const { db } = database;
    const user = await makeUser(db, { email: 'hedy@prepared.example.com' });
    await db.kysely.updateTable('users').set({ emailVerified: 0 }).where('id', '=', user.id).execute();
    await expect(
      db.write(async (tx) => {
        expect(await verify.executeWrite(tx, { id: user.id })).toBe(1);
        expect((await userByEmail.executeTakeFirst(tx, { email: user.email }))?.emailVerified).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await userByEmail.executeTakeFirst(db.kysely, { email: user.email }))?.emailVerified).toBe(0);
    expect(await db.write((tx) => verify.executeWrite(tx, { id: 'no-such-user' }))).toBe(0);
  });

  // PostgreSQL runs prepared queries as named statements, planned once per connection
  // (src/db/database.ts). A migration run by another process can change what `*` means under them.
  it.runIf(TEST_DATABASE === 'postgres')('keeps answering when a column is added under a named statement that reads *', async () => {
    const { db, url } = database;
    const everything = prepare((kysely, v: { id: string }) => kysely.selectFrom('users').selectAll().where('id', '=', v.id));
    const user = await makeUser(db, { email: 'grace@prepared.example.com' });
    // Every connection of the pool has the statement prepared, outside and inside transactions.
    await Promise.all(Array.from({ length: 12 }, () => everything.executeTakeFirst(db.kysely, { id: user.id })));
    await Promise.all(Array.from({ length: 12 }, () => db.write((tx) => everything.executeTakeFirst(tx, { id: user.id }))));
    const namedOnConnection = await db.write(async (tx) => {
      await everything.executeTakeFirst(tx, { id: user.id });
      return (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(tx)).rows.map((row) => row.name);
    });
    expect(namedOnConnection.some((name) => name.startsWith('roster_'))).toBe(true);

    // Another process migrates: a new column.
    let other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query("alter table users add column nickname text not null default 'amazing'");
    await other.end();

    // Inside transactions first (the failed statement aborts the transaction; Db.write runs it
    // again), then on their own (prepared again at once).
    const inTransactions = await Promise.all(
      Array.from({ length: 12 }, () => db.write(async (tx) => (await everything.executeTakeFirst(tx, { id: user.id }))?.id)),
    );
    expect(inTransactions).toEqual(Array.from({ length: 12 }, () => user.id));
    other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query("alter table users add column motto text not null default 'onward'");
    await other.end();
    const reads = await Promise.all(Array.from({ length: 12 }, () => everything.executeTakeFirst(db.kysely, { id: user.id })));
    for (const row of reads) expect(row).toMatchObject({ id: user.id, nickname: 'amazing', motto: 'onward' });
  });
});
