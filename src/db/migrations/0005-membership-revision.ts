import { PostgresAdapter, sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/** The tables whose rows make up a company's members list: members, teams, and both kinds of roles. */
const MEMBERSHIP_TABLES = ['company_members', 'company_member_roles', 'teams', 'team_members', 'team_member_roles'] as const;

/** A random 32-bit integer, in each database's SQL. */
const NEW_REVISION_PG = 'floor(random() * 4294967296 - 2147483648)::integer';
const NEW_REVISION_SQLITE = 'random() % 2147483648';

/**
 * `companies.membership_revision` takes a new value in the same transaction as every change to what
 * the members list shows: a row of MEMBERSHIP_TABLES inserted, updated or deleted (cascades
 * included), or the company row itself changed (a new owner). The database keeps it, through
 * triggers, so that no write path can forget it: a page remembered under a revision is still the
 * page while the revision is (`MembersPages`, src/queries/members.ts). The new value is random, not the old one
 * plus one: a restore, or a failover that loses the last commits, takes the database back to an
 * earlier revision, and the next change must not then reuse a value that named another page.
 *
 * (A random 32-bit value repeats the one it replaces once in 2^32 changes at worst.)
 *
 * Also: `team_members_by_member` covers `team_id`, so that a page's teams are read from the index
 * alone, not with a table lookup per row (docs/PERFORMANCE.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('companies').addColumn('membership_revision', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // Once per statement, not per row: a statement that adds 2,000 rows bumps each company once.
    await sql`create function bump_membership_revision() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          update companies set membership_revision = ${sql.raw(NEW_REVISION_PG)} where id in (select company_id from old_rows);
        else
          update companies set membership_revision = ${sql.raw(NEW_REVISION_PG)} where id in (select company_id from new_rows);
        end if;
        return null;
      end $$`.execute(db);
    for (const table of MEMBERSHIP_TABLES) {
      // PostgreSQL gives transition tables to triggers of one event only: one trigger per event.
      for (const [event, rows] of [['insert', 'new table as new_rows'], ['update', 'new table as new_rows'], ['delete', 'old table as old_rows']] as const) {
        await sql`create trigger ${sql.raw(`${table}_membership_revision_${event}`)}
          after ${sql.raw(event)} on ${sql.table(table)} referencing ${sql.raw(rows)}
          for each statement execute function bump_membership_revision()`.execute(db);
      }
    }
    // The company row itself: any change that did not already set a new revision sets one.
    await sql`create function bump_own_membership_revision() returns trigger language plpgsql as $$
      begin
        if new.membership_revision = old.membership_revision then
          new.membership_revision := ${sql.raw(NEW_REVISION_PG)};
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger companies_membership_revision before update on companies
      for each row execute function bump_own_membership_revision()`.execute(db);
  } else {
    for (const table of MEMBERSHIP_TABLES) {
      for (const [event, row] of [['insert', 'new'], ['update', 'new'], ['delete', 'old']] as const) {
        await sql`create trigger ${sql.raw(`${table}_membership_revision_${event}`)}
          after ${sql.raw(event)} on ${sql.table(table)} begin
            update companies set membership_revision = ${sql.raw(NEW_REVISION_SQLITE)} where id = ${sql.raw(row)}.company_id;
          end`.execute(db);
      }
    }
    await sql`create trigger companies_membership_revision after update on companies
      when new.membership_revision = old.membership_revision begin
        update companies set membership_revision = ${sql.raw(NEW_REVISION_SQLITE)} where id = new.id;
      end`.execute(db);
  }

  await db.schema.dropIndex('team_members_by_member').execute();
  await db.schema.createIndex('team_members_by_member').on('team_members').columns(['company_id', 'user_id', 'team_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('team_members_by_member').execute();
  await db.schema.createIndex('team_members_by_member').on('team_members').columns(['company_id', 'user_id']).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const table of MEMBERSHIP_TABLES) {
      for (const event of ['insert', 'update', 'delete']) {
        await sql`drop trigger ${sql.raw(`${table}_membership_revision_${event}`)} on ${sql.table(table)}`.execute(db);
      }
    }
    await sql`drop trigger companies_membership_revision on companies`.execute(db);
    await sql`drop function bump_membership_revision()`.execute(db);
    await sql`drop function bump_own_membership_revision()`.execute(db);
  } else {
    for (const table of MEMBERSHIP_TABLES) {
      for (const event of ['insert', 'update', 'delete']) {
        await sql`drop trigger ${sql.raw(`${table}_membership_revision_${event}`)}`.execute(db);
      }
    }
    await sql`drop trigger companies_membership_revision`.execute(db);
  }
  await db.schema.alterTable('companies').dropColumn('membership_revision').execute();
}
