import { PostgresAdapter, sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * Substring search of members by name or email through an index, so that a search in a company of
 * 100,000 members reads the matches, not every member. Each database has its own trigram index:
 * PostgreSQL's pg_trgm (GIN) serves `lower(name) LIKE '%…%'` directly; SQLite's FTS5 trigram
 * tokenizer keeps a search table in step with company_members through triggers. The query side is
 * `memberSearch` in src/db/member-search.ts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index company_members_name_trigrams on company_members using gin (lower(name) gin_trgm_ops)`.execute(db);
    await sql`create index company_members_email_trigrams on company_members using gin (email gin_trgm_ops)`.execute(db);
    return;
  }
  await sql`create virtual table member_search using fts5(
    name, email, content = 'company_members', content_rowid = 'rowid', tokenize = 'trigram'
  )`.execute(db);
  await sql`create trigger member_search_insert after insert on company_members begin
    insert into member_search (rowid, name, email) values (new.rowid, new.name, new.email);
  end`.execute(db);
  await sql`create trigger member_search_delete after delete on company_members begin
    insert into member_search (member_search, rowid, name, email) values ('delete', old.rowid, old.name, old.email);
  end`.execute(db);
  await sql`create trigger member_search_update after update of name, email on company_members begin
    insert into member_search (member_search, rowid, name, email) values ('delete', old.rowid, old.name, old.email);
    insert into member_search (rowid, name, email) values (new.rowid, new.name, new.email);
  end`.execute(db);
  await sql`insert into member_search (member_search) values ('rebuild')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop index company_members_name_trigrams`.execute(db);
    await sql`drop index company_members_email_trigrams`.execute(db);
    return;
  }
  for (const trigger of ['member_search_insert', 'member_search_delete', 'member_search_update']) {
    await sql`drop trigger ${sql.raw(trigger)}`.execute(db);
  }
  await sql`drop table member_search`.execute(db);
}
