import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * `former_members`: what a member removed from a company held there (teams with roles, company
 * roles) and when, written in the removal's own transaction, so that inviting them within 90 days
 * can offer it back (RULES.md §4 "Invite many"). One row per company and person, the latest
 * removal; it goes with the company or the account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('former_members')
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('teams', 'text', (c) => c.notNull())
    .addColumn('company_roles', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('former_members_pk', ['company_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('former_members').execute();
}
