import { type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * A member may be suspended in a company (RULES.md §4 "Suspend and reinstate"): the membership
 * stays, with its teams, roles and contracts, but the person acts in the company as a non-member
 * until reinstated. Kept on the membership row itself, `company_members`: `suspended_at` (null:
 * not suspended) and `suspended_by` (the audit actor who suspended them: a member, or whatever
 * actor the audit log names for a change made from outside).
 *
 * The members list shows the suspension, so it must move the company's membership revision:
 * it does without a trigger of its own, as every update of a `company_members` row fires the
 * `company_members_membership_revision_update` trigger of migration 0005 on both databases
 * (test/db/membership-revision.test.ts checks it for suspension).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('company_members').addColumn('suspended_at', 'text').execute();
  await db.schema.alterTable('company_members').addColumn('suspended_by', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('company_members').dropColumn('suspended_by').execute();
  await db.schema.alterTable('company_members').dropColumn('suspended_at').execute();
}
