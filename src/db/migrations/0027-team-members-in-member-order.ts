import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * The members export walks a company's team memberships once, in the members' name order, chunk by
 * chunk beside the members themselves: `team_members_in_member_order (company_id, name, user_id,
 * team_id)` is that order (`team_members.name` is the member's name, migration 0006) and covers the
 * columns the export reads, so that a chunk's teams are one range of the index instead of a probe
 * per member (docs/PERFORMANCE.md "Bulk paths").
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('team_members_in_member_order')
    .on('team_members')
    .columns(['company_id', 'name', 'user_id', 'team_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('team_members_in_member_order').execute();
}
