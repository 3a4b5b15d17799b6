import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * `company_api_tokens`: the bearer tokens a company's owner or admins make for the company's other
 * systems (the job board, time tracking, billing), which ask Roster's permission check what a
 * member may do. Shaped as `scim_tokens`: only the SHA-256 of a token is kept.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('company_api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('company_api_tokens_by_company').on('company_api_tokens').columns(['company_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('company_api_tokens').execute();
}
