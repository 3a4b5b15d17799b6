import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
