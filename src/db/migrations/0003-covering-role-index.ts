import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * The members list reads the team roles of one page of members by (company_id, user_id …). With the
 * index covering team_id and role too, that read never touches the table, and the planner no longer
 * prefers scanning the company's whole `team_member_roles_by_role` index instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('team_member_roles_by_member').execute();
  await db.schema
    .createIndex('team_member_roles_by_member')
    .on('team_member_roles')
    .columns(['company_id', 'user_id', 'team_id', 'role'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('team_member_roles_by_member').execute();
  await db.schema.createIndex('team_member_roles_by_member').on('team_member_roles').columns(['company_id', 'user_id']).execute();
}
