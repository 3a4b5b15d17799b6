import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/** The window of the daily invitation limit, which is all the backfill needs to reach. */
const DAY_MS = 86_400_000;

/**
 * §4 "Limits" counts the invitation mails a company sends in 24 hours, a resent invitation's mail
 * as much as a new one's: counted from `invitations.created_at`, resending one invitation over and
 * over mailed its address without limit. Each invitation mail in the outbox now names its company
 * (`outbox.company_id`; null for mail sent for no company, such as an email check), and the limit
 * counts those rows on `outbox_by_company (company_id, created_at)`.
 *
 * The mails of the last 24 hours get their company from the invitation they were sent for: the
 * one to the same address made (`created_at`) or last resent (`updated_at`) at the very time the
 * mail was queued, since both take the command's clock. A resend that an edit has since
 * overwritten is not found and not counted: the upgrade's first day may allow that many more.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('company_id', 'text').execute();
  await db.schema
    .createIndex('outbox_by_company')
    .on('outbox')
    .columns(['company_id', 'created_at'])
    .where(sql.ref('company_id'), 'is not', null)
    .execute();

  const since = new Date(Date.now() - DAY_MS).toISOString();
  // Single-word aliases: the same keys whatever plugins the migrating Kysely instance has.
  const mails = await sql<{ id: string; address: string; at: string }>`
    select id, to_address as address, created_at as at from outbox where kind = 'invitation' and created_at > ${since}`.execute(db);
  if (mails.rows.length === 0) return;
  const invitations = await sql<{ company: string; email: string; made: string; changed: string }>`
    select company_id as company, email, created_at as made, updated_at as changed from invitations
    where created_at > ${since} or updated_at > ${since}`.execute(db);
  const companyOf = new Map<string, string>();
  for (const { company, email, made, changed } of invitations.rows) {
    companyOf.set(`${email}\n${made}`, company);
    companyOf.set(`${email}\n${changed}`, company);
  }
  for (const { id, address, at } of mails.rows) {
    const company = companyOf.get(`${address}\n${at}`);
    if (company !== undefined) await sql`update outbox set company_id = ${company} where id = ${id}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_by_company').execute();
  await db.schema.alterTable('outbox').dropColumn('company_id').execute();
}
