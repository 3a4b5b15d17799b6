import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * A company's domains, and joining by them:
 * - `company_domains`: a domain a company has added (pending) and proved with a DNS TXT record
 *   (verified). One company holds a domain verified at a time: a unique index on the domain among
 *   the verified rows, which decides a race between two companies verifying it at once. A company
 *   adds a domain once (unique on company and domain).
 * - `company_joining`: whether people whose verified email is at a verified domain of the company
 *   may join it by themselves, straight into a team (`team`) or by a request that is reviewed
 *   (`request`). No row: joining is off.
 * - `join_requests`: every join by domain, direct (`joined`) or asked for (`pending`, then
 *   `approved` or `declined`): the daily limits count them, and at most one is pending per company
 *   and person (a unique index among the pending rows).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('company_domains')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addUniqueConstraint('company_domains_company_domain', ['company_id', 'domain'])
    .execute();
  await db.schema
    .createIndex('company_domains_verified')
    .on('company_domains')
    .column('domain')
    .unique()
    .where(sql.ref('status'), '=', 'verified')
    .execute();

  await db.schema
    .createTable('company_joining')
    .addColumn('company_id', 'text', (c) => c.primaryKey().references('companies.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('join_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .execute();
  await db.schema
    .createIndex('join_requests_pending')
    .on('join_requests')
    .columns(['company_id', 'user_id'])
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  // The daily limits: one person's joins, and one company's, in the last 24 hours.
  await db.schema.createIndex('join_requests_by_user').on('join_requests').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('join_requests_by_company').on('join_requests').columns(['company_id', 'status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('join_requests').execute();
  await db.schema.dropTable('company_joining').execute();
  await db.schema.dropTable('company_domains').execute();
}
