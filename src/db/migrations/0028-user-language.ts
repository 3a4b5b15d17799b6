import { type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * `users.language`: the language a person chose for the page and their mail (one of LANGUAGES,
 * src/domain/languages.ts), or null while they have chosen none (then the page follows the
 * browser, and a mail the request that caused it: API.md "Mail"). Sign-up stores the request's
 * Accept-Language; accounts made by SCIM or single sign-on start with null.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('language', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('language').execute();
}
