import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../../src/db/database.js';
import { DomainError } from '../../src/domain/errors.js';
import { membersListJson } from '../../src/http/routes/members.js';
import { MembersPages, type MemberListFilters } from '../../src/queries/members.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { TEST_DATABASE } from '../support/database.js';
import { makeCompany } from '../support/factories.js';

// The members page is remembered under the company's membership revision (MembersPages in
// src/queries/members.ts): a page is served again while the revision is the same. That holds only
// while every table the page reads is one whose changes move the revision. This test runs the page
// in every form (each filter, each kind of viewer, found and built, refused) on a database handle
// that records every statement, and checks each table those statements read against the tables the
// database itself has the revision's triggers on. A statement that reads any other table fails it.

/** The tables a statement reads: every name after FROM or JOIN (Kysely quotes them; raw SQL may not). */
function tablesRead(statement: string): string[] {
  return [...statement.matchAll(/\b(?:from|join)\s+("?)([A-Za-z_][A-Za-z0-9_]*)\1/giu)].map((match) => match[2] ?? '');
}

/**
 * The tables whose every change moves the revision, as the database holds them now: those with a
 * trigger that sets `membership_revision` (migration 0005), and on SQLite the search index kept
 * from one of them (an FTS5 table whose `content` is that table, migration 0004: its rows are that
 * table's, and triggers on that table keep its index).
 */
async function tablesMovingTheRevision(db: Db): Promise<Set<string>> {
  const moving = new Set<string>();
  if (db.dialect === 'postgres') {
    const { rows } = await sql<{ table: string }>`select distinct event_object_table as "table" from information_schema.triggers
      where trigger_schema = current_schema() and action_statement like '%membership_revision%'`.execute(db.kysely);
    for (const { table } of rows) moving.add(table);
    return moving;
  }
  const { rows } = await sql<{ type: string; name: string; tblName: string; sql: string | null }>`select type, name, tbl_name, sql from sqlite_master`.execute(
    db.kysely,
  );
  for (const row of rows) {
    if (row.type === 'trigger' && row.sql?.includes('membership_revision')) moving.add(row.tblName);
  }
  for (const row of rows) {
    const content = row.type === 'table' ? /\bcontent\s*=\s*'([A-Za-z_][A-Za-z0-9_]*)'/iu.exec(row.sql ?? '')?.[1] : undefined;
    if (content !== undefined && moving.has(content)) moving.add(row.name);
  }
  return moving;
}

/** The tables the statements read that are not among `moving`, with a statement that reads each. */
function unguarded(statements: readonly string[], moving: ReadonlySet<string>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const statement of statements) {
    for (const table of tablesRead(statement)) if (!moving.has(table)) found[table] ??= statement;
  }
  return found;
}

let server: TestServer;
let recording: Db;
const statements: string[] = [];
beforeAll(async () => {
  server = await startTestServer();
  recording = openDatabase(server.config.databaseUrl, { onQuery: (text) => statements.push(text) });
});
afterAll(async () => {
  await recording.close();
  await server.close();
});

describe(`the statements of the members page on ${TEST_DATABASE}`, () => {
  it('read only tables whose changes move the company’s membership revision', async () => {
    const c = await makeCompany(server);
    const design = await c.team('Design');
    const admin = await c.member({ companyRoles: ['admin'] }, { name: 'Ada Admin' });
    const teamAdmin = await c.member({ teams: { [design]: ['team_admin'] } }, { name: 'Tess Teamadmin' });
    const manager = await c.member({ teams: { [design]: ['hiring_manager', 'recruiter'] } }, { name: 'Hank Manager' });
    const plain = await c.member({}, { name: 'Pia Plain' });
    const stranger = await makeCompany(server, 'Elsewhere');
    const elsewhere = await stranger.team('Far');

    const filters: Omit<MemberListFilters, 'limit'>[] = [
      {},
      { q: 'an' },
      { q: 'ann' },
      { q: 'example' },
      { teamId: design },
      { role: 'owner' },
      { role: 'admin' },
      { role: 'recruiter' },
      { role: 'recruiter', teamId: design },
      { qualifies: 'contact_person' },
      { qualifies: 'contact_person', teamId: design },
      { teamId: design, q: 'man' },
      { sort: 'joined' },
      { sort: 'joined', order: 'desc', teamId: design },
      { sort: 'name', order: 'desc' },
    ];
    const viewers = [c.owner.id, admin.id, teamAdmin.id, manager.id, plain.id];
    const remembering = new MembersPages(1024 * 1024, membersListJson);
    const building = new MembersPages(0, membersListJson);
    const read = (pages: MembersPages, viewerId: string, companyId: string, query: MemberListFilters) =>
      pages.read(recording, viewerId, companyId, query, 'identity').then(
        (page) => page,
        (error: unknown) => {
          if (error instanceof DomainError && error.code === 'NOT_FOUND') return undefined;
          throw error;
        },
      );
    for (const pages of [remembering, building]) {
      for (const viewerId of viewers) {
        for (const filter of filters) {
          // Built, then found (remembering), and the second page of each.
          const first = await read(pages, viewerId, c.company.id, { ...filter, limit: 1 });
          await read(pages, viewerId, c.company.id, { ...filter, limit: 1 });
          const { nextCursor } = JSON.parse(String(first?.bytes ?? '{}')) as { nextCursor?: string | null };
          if (nextCursor) await read(pages, viewerId, c.company.id, { ...filter, limit: 1, cursor: nextCursor });
        }
      }
      // Refused: a team of another company, a company the viewer is not a member of.
      await read(pages, c.owner.id, c.company.id, { teamId: elsewhere, limit: 50 });
      await read(pages, c.owner.id, stranger.company.id, { limit: 50 });
    }
    expect(remembering.counts.found).toBeGreaterThan(0);
    expect(remembering.counts.built).toBeGreaterThan(0);

    const moving = await tablesMovingTheRevision(server.db);
    // What the triggers of migration 0005 cover, as the database reports it.
    for (const table of ['companies', 'company_members', 'company_member_roles', 'teams', 'team_members', 'team_member_roles']) {
      expect(moving, table).toContain(table);
    }
    const readTables = new Set(statements.flatMap(tablesRead));
    expect(readTables).toContain('company_members');
    expect(readTables).toContain('team_member_roles');
    if (TEST_DATABASE === 'sqlite') expect(readTables).toContain('member_search');
    expect(unguarded(statements, moving)).toEqual({});
  });

  it('are four for a page built afresh, whoever asks: the revision, the viewer’s roles, the page’s rows, their memberships', async () => {
    const c = await makeCompany(server);
    const design = await c.team('Design');
    const admin = await c.member({ companyRoles: ['admin'] }, { name: 'Ada Admin' });
    const plain = await c.member({}, { name: 'Pia Plain' });
    for (let k = 0; k < 12; k++) await c.member({ teams: { [design]: k % 2 === 0 ? ['recruiter'] : [] } }, { name: `Member ${k}` });
    const building = new MembersPages(0, membersListJson);
    const counted = async (viewerId: string, filters: MemberListFilters) => {
      const before = statements.length;
      const page = await building.read(recording, viewerId, c.company.id, filters, 'identity');
      expect((JSON.parse(String(page.bytes)) as { items: unknown[] }).items.length).toBeGreaterThan(0);
      return statements.slice(before);
    };
    // The owner and admins are shown two-factor and activity too, read with the page's rows.
    for (const viewerId of [c.owner.id, admin.id, plain.id]) {
      expect(await counted(viewerId, { limit: 10 }), viewerId).toHaveLength(4);
      expect(await counted(viewerId, { limit: 10, q: 'member' }), viewerId).toHaveLength(4);
    }
    // A team filter reads the team first (NOT_FOUND for a team of another company).
    expect(await counted(c.owner.id, { limit: 10, teamId: design })).toHaveLength(5);
  });

  it('would fail on a statement that reads a table without the revision’s triggers', async () => {
    const moving = await tablesMovingTheRevision(server.db);
    expect(tablesRead('select "m"."user_id" from "company_members" as "m" inner join "users" as "u" on "u"."id" = "m"."user_id"')).toEqual([
      'company_members',
      'users',
    ]);
    expect(Object.keys(unguarded(['select * from "contracts" where "company_id" = ?', 'select 1 from company_members'], moving))).toEqual([
      'contracts',
    ]);
    expect(moving).not.toContain('users');
    expect(moving).not.toContain('contracts');
  });
});
