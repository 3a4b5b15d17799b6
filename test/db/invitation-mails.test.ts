import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany } from '../../src/commands/create-company.js';
import { migrations } from '../../src/db/migrations/index.js';
import { makeUser } from '../support/factories.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';
import { testSettings } from '../support/settings.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

const settings = testSettings({ invitationsPerCompanyPerDay: 100 });
const HOUR = 3_600_000;

// Migration 0007 names the company of each invitation mail in the outbox, which the daily
// invitation limit counts, and finds it for the mails of the last 24 hours queued before it.
describe(`migration 0007 (invitation mails by company) on ${TEST_DATABASE}`, () => {
  it("gives the last day's invitation mails their invitation's company, made or resent then, and no other mail one", async () => {
    const { db } = database;
    const owner = await makeUser(db, { name: 'Olga Owner' });
    const company = await createCompany({ db, settings, actorId: owner.id, now: () => new Date(), requestId: 'test' }, { name: 'Mails' });
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(migrations) } });
    expect((await migrator.migrateTo('0006-team-member-names')).error).toBeUndefined();

    // Invitations and their mails as they were queued before the migration: no company on the mail.
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();
    const invitation = async (email: string, made: string, changed: string) => {
      await sql`insert into invitations (id, company_id, email, status, token_hash, invited_by, message, company_roles, created_at, updated_at, expires_at, responded_at)
        values (${`inv-${email}`}, ${company.id}, ${email}, 'pending', ${`hash-${email}`}, ${owner.id}, null, '[]', ${made}, ${changed}, ${at(-100)}, null)`.execute(db.kysely);
    };
    const mail = async (id: string, kind: string, to: string, queued: string) => {
      await sql`insert into outbox (id, kind, to_address, subject, body_text, created_at, attempts, next_attempt_at, locked_until, sent_at, last_error)
        values (${id}, ${kind}, ${to}, 'Subject', '', ${queued}, 0, ${queued}, null, null, null)`.execute(db.kysely);
    };
    const [made, resent, old] = [at(2), at(1), at(30)];
    await invitation('new@example.com', made, made);
    await mail('mail-new', 'invitation', 'new@example.com', made);
    await invitation('resent@example.com', old, resent);
    await mail('mail-resent-first', 'invitation', 'resent@example.com', old);
    await mail('mail-resent', 'invitation', 'resent@example.com', resent);
    await mail('mail-check', 'email-verification', 'new@example.com', made);

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const companies = Object.fromEntries(
      (await db.kysely.selectFrom('outbox').select(['id', 'companyId']).execute()).map((row) => [row.id, row.companyId]),
    );
    expect(companies).toMatchObject({
      'mail-new': company.id,
      'mail-resent': company.id,
      'mail-resent-first': null, // older than the limit's window: never counted again
      'mail-check': null,
    });

    // Undone, the column goes; done again, nothing is lost.
    expect((await migrator.migrateTo('0006-team-member-names')).error).toBeUndefined();
    const columns = (await db.kysely.introspection.getTables()).find((table) => table.name === 'outbox')?.columns.map((column) => column.name);
    expect(columns).not.toContain('company_id');
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect((await db.kysely.selectFrom('outbox').select('companyId').where('id', '=', 'mail-new').executeTakeFirst())?.companyId).toBe(company.id);
  });
});
