import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * A session gets a public id (its secret's hash is never shown, yet one's sessions are listed and
 * ended one by one), the client and address that signed in, and when it last proved who it is
 * (`authenticated_at`: sign-in, or signing in again for a sensitive change). A session made before
 * proved it when it was made.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('ip', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('authenticated_at', 'text').execute();
  await sql`update sessions set authenticated_at = created_at`.execute(db);
  // Aliased without an underscore: the same whether or not the connection maps names to camelCase.
  const existing = await sql<{ hash: string }>`select token_hash as hash from sessions`.execute(db);
  for (const { hash } of existing.rows) {
    await sql`update sessions set id = ${randomUUID()} where token_hash = ${hash}`.execute(db);
  }
  await db.schema.createIndex('sessions_id').unique().on('sessions').column('id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_id').execute();
  for (const column of ['authenticated_at', 'ip', 'user_agent', 'id']) {
    await db.schema.alterTable('sessions').dropColumn(column).execute();
  }
}
