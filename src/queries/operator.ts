import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { normalizeEmail } from '../domain/normalize.js';

/**
 * What the command line reads as the operator, who runs Roster and reads its database: outside any
 * company's roles, so no member's rights apply here. Everything a person does through the command
 * line (an export as someone) goes through the same queries and commands as the API.
 */

/** Every company with its owner's email and member count, by name. */
export async function listAllCompanies(db: Db) {
  return db.kysely
    .selectFrom('companies as c')
    .innerJoin('users as o', 'o.id', 'c.ownerId')
    .select((eb) => [
      'c.id',
      'c.name',
      'o.email as ownerEmail',
      'c.createdAt',
      eb.selectFrom('companyMembers as m').select(sql<string | number>`count(*)`.as('n')).whereRef('m.companyId', '=', 'c.id').as('members'),
    ])
    .orderBy('c.name')
    .orderBy('c.id')
    .execute();
}

/** The id of the account with this email, if there is one. */
export async function userIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const row = await db.kysely.selectFrom('users').select('id').where('email', '=', normalizeEmail(email)).executeTakeFirst();
  return row?.id;
}

/** The company's owner, and how many members it has; undefined when there is no such company. */
export async function companyFacts(db: Db, companyId: string): Promise<{ ownerId: string; members: number } | undefined> {
  const row = await db.kysely
    .selectFrom('companies as c')
    .select((eb) => [
      'c.ownerId',
      eb.selectFrom('companyMembers as m').select(sql<string | number>`count(*)`.as('n')).whereRef('m.companyId', '=', 'c.id').as('members'),
    ])
    .where('c.id', '=', companyId)
    .executeTakeFirst();
  return row === undefined ? undefined : { ownerId: row.ownerId, members: Number(row.members ?? 0) };
}
