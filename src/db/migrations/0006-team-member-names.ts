import { PostgresAdapter, sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * The members list filtered by a team walks that team's members in name order, one keyset page at a
 * time on `team_members_by_name (team_id, name, user_id)`, as the unfiltered list walks
 * `company_members_by_name`. Before, it walked the whole company by name and probed each member's
 * membership of the team: for a team of 5% of a company of 100,000, ~1,100 rows and probes for a
 * page of 50 (the buffers read, before and after: docs/PERFORMANCE.md).
 *
 * So each team membership carries its member's name, copied from `company_members` when the
 * membership is made (src/commands/memberships.ts), and kept equal by a trigger should a member's
 * name ever change (nothing renames a company member today; the trigger makes sure no later write
 * path can forget the copy).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('team_members').addColumn('name', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`update team_members set name = (
      select m.name from company_members m where m.company_id = team_members.company_id and m.user_id = team_members.user_id
    )`.execute(db);
  await db.schema.createIndex('team_members_by_name').on('team_members').columns(['team_id', 'name', 'user_id']).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function copy_member_name_to_teams() returns trigger language plpgsql as $$
      begin
        update team_members set name = new.name where company_id = new.company_id and user_id = new.user_id;
        return null;
      end $$`.execute(db);
    await sql`create trigger company_members_name_to_teams after update of name on company_members
      for each row execute function copy_member_name_to_teams()`.execute(db);
  } else {
    await sql`create trigger company_members_name_to_teams after update of name on company_members begin
        update team_members set name = new.name where company_id = new.company_id and user_id = new.user_id;
      end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger company_members_name_to_teams on company_members`.execute(db);
    await sql`drop function copy_member_name_to_teams()`.execute(db);
  } else {
    await sql`drop trigger company_members_name_to_teams`.execute(db);
  }
  await db.schema.dropIndex('team_members_by_name').execute();
  await db.schema.alterTable('team_members').dropColumn('name').execute();
}
