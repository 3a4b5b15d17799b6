import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany } from '../../src/commands/create-company.js';
import { migrations } from '../../src/db/migrations/index.js';
import { makeUser } from '../support/factories.js';
import { testSettings } from '../support/settings.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

const settings = testSettings({ invitationsPerCompanyPerDay: 100, invitationsPerUserPerDay: 100, invitationsPerRecipientPerDay: 100, companiesPerUserPerDay: 100 });
const HOUR = 3_600_000;
const BEFORE = '0007-invitation-mails-by-company';

// Migration 0009 names the sender of each invitation mail and the maker of each company, which the
// daily limits per person count, and finds them for the last 24 hours' rows made before it.
describe(`migration 0009 (limits per person) on ${TEST_DATABASE}`, () => {
  it("gives the last day's invitation mails their inviter and the last day's companies their maker; undone, the columns go", async () => {
    const { db } = database;
    const ago = (hours: number) => () => new Date(Date.now() - hours * HOUR);
    const maker = await makeUser(db, { name: 'Mia Maker' });
    const heir = await makeUser(db, { name: 'Hal Heir' });
    const inviter = await makeUser(db, { name: 'Ines Inviter' });
    const recent = await createCompany({ db, settings, actorId: maker.id, now: ago(2), requestId: 'test' }, { name: 'Recent' });
    const old = await createCompany({ db, settings, actorId: maker.id, now: ago(30), requestId: 'test' }, { name: 'Old' });
    // Handed on since: the maker is still the one who made it.
    await db.kysely.updateTable('companies').set({ ownerId: heir.id }).where('id', '=', recent.id).execute();

    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(migrations) } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();

    // Invitations and their mails as they were queued before the migration: no sender on the mail.
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();
    const invitation = async (email: string, made: string, changed: string) => {
      await sql`insert into invitations (id, company_id, email, status, token_hash, invited_by, message, company_roles, created_at, updated_at, expires_at, responded_at)
        values (${`inv-${email}`}, ${recent.id}, ${email}, 'pending', ${`hash-${email}`}, ${inviter.id}, null, '[]', ${made}, ${changed}, ${at(-100)}, null)`.execute(db.kysely);
    };
    const mail = async (id: string, kind: string, to: string, queued: string, companyId: string | null) => {
      await sql`insert into outbox (id, kind, to_address, subject, body_text, company_id, created_at, attempts, next_attempt_at, locked_until, sent_at, last_error)
        values (${id}, ${kind}, ${to}, 'Subject', '', ${companyId}, ${queued}, 0, ${queued}, null, null, null)`.execute(db.kysely);
    };
    const [made, resent, longAgo] = [at(2), at(1), at(30)];
    await invitation('new@example.com', made, made);
    await mail('mail-new', 'invitation', 'new@example.com', made, recent.id);
    await invitation('resent@example.com', longAgo, resent);
    await mail('mail-resent-first', 'invitation', 'resent@example.com', longAgo, recent.id);
    await mail('mail-resent', 'invitation', 'resent@example.com', resent, recent.id);
    await mail('mail-check', 'email-verification', 'new@example.com', made, null);

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const senders = Object.fromEntries((await db.kysely.selectFrom('outbox').select(['id', 'senderId']).execute()).map((row) => [row.id, row.senderId]));
    expect(senders).toMatchObject({
      'mail-new': inviter.id,
      'mail-resent': inviter.id,
      'mail-resent-first': null, // older than the limits' window: never counted again
      'mail-check': null,
    });
    const makers = Object.fromEntries((await db.kysely.selectFrom('companies').select(['id', 'createdBy']).execute()).map((row) => [row.id, row.createdBy]));
    expect(makers).toEqual({ [recent.id]: maker.id, [old.id]: null });

    // Undone, the columns and their indexes go; done again, nothing is lost.
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const tables = await db.kysely.introspection.getTables();
    const columnsOf = (name: string) => tables.find((table) => table.name === name)?.columns.map((column) => column.name);
    expect(columnsOf('outbox')).not.toContain('sender_id');
    expect(columnsOf('companies')).not.toContain('created_by');
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect((await db.kysely.selectFrom('outbox').select('senderId').where('id', '=', 'mail-new').executeTakeFirst())?.senderId).toBe(inviter.id);
    expect((await db.kysely.selectFrom('companies').select('createdBy').where('id', '=', recent.id).executeTakeFirst())?.createdBy).toBe(maker.id);
  });
});
