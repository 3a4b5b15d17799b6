import { PostgresAdapter, sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

const NEW_REVISION_SQLITE = 'random() % 2147483648';

/**
 * - `user_activity`: the last day (UTC, `YYYY-MM-DD`) a person used Roster, by a session or an API
 *   token; written at most once a day per person (src/auth/activity.ts), never once per request.
 *   The members list shows it to the owner and admins, so a new day there is a change of the list:
 *   every company of the person takes a new membership revision, by triggers as for two-factor
 *   (migration 0015), so that the remembered page and its ETag follow it.
 * - `company_members_by_joined`: the members list sorted by join date, keyset-paged on
 *   `(joined_at, user_id)` within one company as `company_members_by_name` does by name.
 * - `replaced_invitation_tokens`: the hash of every invitation link a resend replaced, so that the
 *   old link is answered `410 INVITATION_REPLACED` (look for the newer mail), not `404`. It goes
 *   with its invitation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_activity')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('last_active_on', 'text', (c) => c.notNull())
    .execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // bump_membership_revision_of_user() is migration 0015's.
    await sql`create trigger user_activity_membership_revision_insert after insert on user_activity
      for each row execute function bump_membership_revision_of_user()`.execute(db);
    await sql`create trigger user_activity_membership_revision_update after update on user_activity
      for each row when (old.last_active_on is distinct from new.last_active_on) execute function bump_membership_revision_of_user()`.execute(db);
    await sql`create trigger user_activity_membership_revision_delete after delete on user_activity
      for each row execute function bump_membership_revision_of_user()`.execute(db);
  } else {
    const bump = (row: 'new' | 'old') =>
      sql.raw(`update companies set membership_revision = ${NEW_REVISION_SQLITE}
        where id in (select company_id from company_members where user_id = ${row}.user_id);`);
    await sql`create trigger user_activity_membership_revision_insert after insert on user_activity begin ${bump('new')} end`.execute(db);
    await sql`create trigger user_activity_membership_revision_update after update on user_activity
      when old.last_active_on is not new.last_active_on begin ${bump('new')} end`.execute(db);
    await sql`create trigger user_activity_membership_revision_delete after delete on user_activity begin ${bump('old')} end`.execute(db);
  }

  await db.schema.createIndex('company_members_by_joined').on('company_members').columns(['company_id', 'joined_at', 'user_id']).execute();

  await db.schema
    .createTable('replaced_invitation_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitations.id').onDelete('cascade'))
    .addColumn('replaced_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('replaced_invitation_tokens_by_invitation').on('replaced_invitation_tokens').column('invitation_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('replaced_invitation_tokens').execute();
  await db.schema.dropIndex('company_members_by_joined').execute();
  await db.schema.dropTable('user_activity').execute(); // its triggers go with it
}
