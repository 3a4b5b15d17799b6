import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * Sessions end after SESSION_IDLE_DAYS unused (`sessions.last_used_at`, written at most once a
 * minute); API tokens may have an expiry (`api_tokens.expires_at`, null: none); and each user
 * has a security log (`security_events`) of what was done to their access: API tokens made and
 * revoked, sign-outs everywhere. A session made before counts as used when it was made.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('last_used_at', 'text').execute();
  await sql`update sessions set last_used_at = created_at`.execute(db);
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
  await db.schema
    .createTable('security_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The log is read newest first, one user at a time, by keyset (created_at, id).
  await db.schema.createIndex('security_events_by_user').on('security_events').columns(['user_id', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('security_events').execute();
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
  await db.schema.alterTable('sessions').dropColumn('last_used_at').execute();
}
