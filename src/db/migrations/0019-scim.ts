import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * SCIM 2.0 provisioning (RFC 7643, RFC 7644), per company:
 * - `scim_tokens`: the bearer tokens a company's owner makes for its identity provider; only the
 *   SHA-256 of each is kept (unique: a request finds its token by it). Revoked tokens stay, listed
 *   as revoked, for the audit log's sake.
 * - `scim_users`: what SCIM says of a member of the company beyond Roster's own columns: its
 *   `externalId`, the given and family names it sent, whether this company's SCIM made the account
 *   (`provisioned`: only then does SCIM change the account's name and email), and when SCIM last
 *   changed it. It goes with the membership (a cascade from `company_members`).
 * - `scim_groups`: the same for a team that SCIM sees as a Group: its `externalId`, and when SCIM
 *   last changed it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scim_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('scim_tokens_by_company').on('scim_tokens').columns(['company_id', 'created_at']).execute();

  await db.schema
    .createTable('scim_users')
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('provisioned', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scim_users_pk', ['company_id', 'user_id'])
    .addForeignKeyConstraint('scim_users_member_fk', ['company_id', 'user_id'], 'company_members', ['company_id', 'user_id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  // `filter=externalId eq "…"`
  await db.schema.createIndex('scim_users_by_external_id').on('scim_users').columns(['company_id', 'external_id']).execute();

  await db.schema
    .createTable('scim_groups')
    .addColumn('team_id', 'text', (c) => c.primaryKey().references('teams.id').onDelete('cascade'))
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scim_groups').execute();
  await db.schema.dropTable('scim_users').execute();
  await db.schema.dropTable('scim_tokens').execute();
}
