import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * A deleted account stays as a row that nobody can sign in to (`deleted_at`, with a placeholder
 * name and an email that is no address), so that audit events, contracts' history and companies'
 * makers still point at it. The security log keeps the client of each event, as the session list
 * shows it, and is pruned by age: an index on its time lets the pruning find the oldest rows
 * without reading everyone's log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute();
  await db.schema.alterTable('security_events').addColumn('user_agent', 'text').execute();
  await db.schema.createIndex('security_events_by_time').on('security_events').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('security_events_by_time').execute();
  await db.schema.alterTable('security_events').dropColumn('user_agent').execute();
  await db.schema.alterTable('users').dropColumn('deleted_at').execute();
}
