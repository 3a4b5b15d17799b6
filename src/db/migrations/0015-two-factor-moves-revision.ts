import { PostgresAdapter, sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

const NEW_REVISION_PG = 'floor(random() * 4294967296 - 2147483648)::integer';
const NEW_REVISION_SQLITE = 'random() % 2147483648';

/**
 * The members list shows, to the owner and admins, who holds an admin role without two-factor on,
 * so two-factor turned on or off is a change of the list: every company of the person takes a new
 * membership revision, by triggers as for the tables of migration 0005, so that no write path can
 * forget it (test/db/members-page-statements.test.ts checks that the page reads only tables with
 * such triggers). Only `enabled_at` matters: a code spent at sign-in (`last_step`) is no change.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function bump_membership_revision_of_user() returns trigger language plpgsql as $$
      declare person text;
      begin
        if tg_op = 'DELETE' then person := old.user_id; else person := new.user_id; end if;
        update companies set membership_revision = ${sql.raw(NEW_REVISION_PG)}
          where id in (select company_id from company_members where user_id = person);
        return null;
      end $$`.execute(db);
    await sql`create trigger two_factor_membership_revision_insert after insert on two_factor
      for each row when (new.enabled_at is not null) execute function bump_membership_revision_of_user()`.execute(db);
    await sql`create trigger two_factor_membership_revision_update after update on two_factor
      for each row when (old.enabled_at is distinct from new.enabled_at) execute function bump_membership_revision_of_user()`.execute(db);
    await sql`create trigger two_factor_membership_revision_delete after delete on two_factor
      for each row when (old.enabled_at is not null) execute function bump_membership_revision_of_user()`.execute(db);
  } else {
    const bump = (row: 'new' | 'old') =>
      sql.raw(`update companies set membership_revision = ${NEW_REVISION_SQLITE}
        where id in (select company_id from company_members where user_id = ${row}.user_id);`);
    await sql`create trigger two_factor_membership_revision_insert after insert on two_factor
      when new.enabled_at is not null begin ${bump('new')} end`.execute(db);
    await sql`create trigger two_factor_membership_revision_update after update on two_factor
      when old.enabled_at is not new.enabled_at begin ${bump('new')} end`.execute(db);
    await sql`create trigger two_factor_membership_revision_delete after delete on two_factor
      when old.enabled_at is not null begin ${bump('old')} end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const event of ['insert', 'update', 'delete']) {
    await sql`drop trigger ${sql.raw(`two_factor_membership_revision_${event}`)}${sql.raw(db.getExecutor().adapter instanceof PostgresAdapter ? ' on two_factor' : '')}`.execute(db);
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop function bump_membership_revision_of_user()`.execute(db);
}
