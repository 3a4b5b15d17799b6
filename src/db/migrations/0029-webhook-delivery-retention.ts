import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * The webhook delivery log keeps finished deliveries for 30 days (src/jobs/pruning.ts): an index by
 * status and age lets each pruning pass find the oldest finished ones without reading the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('webhook_deliveries_by_status_age').on('webhook_deliveries').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_by_status_age').execute();
}
