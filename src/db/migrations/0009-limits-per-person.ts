import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/** The window of the daily limits, which is all the backfill needs to reach. */
const DAY_MS = 86_400_000;

/**
 * The daily limits that follow the person and the recipient, whatever company they act in (a
 * company is free to make, so a limit per company alone is none):
 * - invitation mails per sender: each invitation mail names the user whose request queued it
 *   (`outbox.sender_id`; null for other mail), counted on `outbox_by_sender`;
 * - invitation mails per recipient: counted on `outbox_invitations_by_recipient`, the invitation
 *   mails (those naming a company, migration 0007) by address;
 * - companies made per user: `companies.created_by` (the owner may change, the maker does not),
 *   counted on `companies_by_creator`;
 * - verification mails per user, now that an unverified account may ask for another:
 *   `email_verifications_by_user`.
 *
 * The last day's rows get what the limits count from what the database already says: a mail's
 * sender is the inviter of the invitation it was queued for (found as 0007 found its company, by
 * address and time; a resend by somebody else counts for the inviter on the upgrade's first day),
 * a company's maker is the actor of its `company.created` audit event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('sender_id', 'text').execute();
  await db.schema
    .createIndex('outbox_by_sender')
    .on('outbox')
    .columns(['sender_id', 'created_at'])
    .where(sql.ref('sender_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('outbox_invitations_by_recipient')
    .on('outbox')
    .columns(['to_address', 'created_at'])
    .where(sql.ref('company_id'), 'is not', null)
    .execute();
  await db.schema.alterTable('companies').addColumn('created_by', 'text').execute();
  await db.schema
    .createIndex('companies_by_creator')
    .on('companies')
    .columns(['created_by', 'created_at'])
    .where(sql.ref('created_by'), 'is not', null)
    .execute();

  // A person may ask for a new verification mail a few times a day (resendVerification).
  await db.schema.createIndex('email_verifications_by_user').on('email_verifications').columns(['user_id', 'created_at']).execute();

  const since = new Date(Date.now() - DAY_MS).toISOString();
  await sql`
    update companies set created_by = (
      select a.actor_id from audit_events a where a.company_id = companies.id and a.type = 'company.created'
    )
    where created_at > ${since}`.execute(db);

  // Single-word aliases: the same keys whatever plugins the migrating Kysely instance has.
  const mails = await sql<{ id: string; company: string; address: string; at: string }>`
    select id, company_id as company, to_address as address, created_at as at from outbox
    where company_id is not null and created_at > ${since}`.execute(db);
  if (mails.rows.length === 0) return;
  const invitations = await sql<{ company: string; email: string; inviter: string; made: string; changed: string }>`
    select company_id as company, email, invited_by as inviter, created_at as made, updated_at as changed from invitations
    where created_at > ${since} or updated_at > ${since}`.execute(db);
  const inviterOf = new Map<string, string>();
  for (const { company, email, inviter, made, changed } of invitations.rows) {
    inviterOf.set(`${company}\n${email}\n${made}`, inviter);
    inviterOf.set(`${company}\n${email}\n${changed}`, inviter);
  }
  for (const { id, company, address, at } of mails.rows) {
    const inviter = inviterOf.get(`${company}\n${address}\n${at}`);
    if (inviter !== undefined) await sql`update outbox set sender_id = ${inviter} where id = ${id}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('email_verifications_by_user').execute();
  await db.schema.dropIndex('companies_by_creator').execute();
  await db.schema.alterTable('companies').dropColumn('created_by').execute();
  await db.schema.dropIndex('outbox_invitations_by_recipient').execute();
  await db.schema.dropIndex('outbox_by_sender').execute();
  await db.schema.alterTable('outbox').dropColumn('sender_id').execute();
}
