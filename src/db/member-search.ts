import { PostgresAdapter, sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from './schema.js';

/** The columns of company_members a search reads. */
export type SearchColumn = 'name' | 'email';

/** `%`, `_` and the escape character itself match literally in a search (`LIKE … ESCAPE '\'`). */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** FTS5's trigram index answers a phrase query only for three characters or more. */
const TRIGRAM = 3;

/**
 * Whether the member `m` (company_members) has `term` in any of `columns`, case-insensitively,
 * through the trigram index of each database (migration 0004).
 *
 * ```sql
 * -- PostgreSQL
 * lower(m.name) like '%term%' escape '\' or m.email like '%term%' escape '\'
 * -- SQLite, a term of three characters or more: one phrase query over the columns
 * m.rowid in (select rowid from member_search where member_search match '{name email}: "term"')
 * -- SQLite, a shorter term
 * m.rowid in (select rowid from member_search where name like '%te%') or …
 * ```
 *
 * On SQLite the phrase query, not LIKE, is used where it can be: FTS5 answers LIKE by checking
 * each candidate row's text, and a phrase from the trigram positions alone (several times faster
 * for a common name; docs/PERFORMANCE.md). In a phrase every
 * character is literal, so `%`, `_` and quotes need no escaping beyond doubling `"`.
 */
export function memberSearch(
  executor: Kysely<Database>,
  columns: readonly SearchColumn[],
  term: string,
): RawBuilder<SqlBool> {
  const pattern = `%${escapeLike(term.toLowerCase())}%`;
  if (executor.getExecutor().adapter instanceof PostgresAdapter) {
    const matches = columns.map((column) => {
      const value = column === 'name' ? sql`lower(${sql.ref('m.name')})` : sql.ref('m.email');
      return sql`${value} like ${pattern} escape '\\'`;
    });
    return sql<SqlBool>`(${sql.join(matches, sql` or `)})`;
  }
  // Counted in code points, as the tokenizer counts characters.
  if (Array.from(term).length >= TRIGRAM) {
    const phrase = `{${columns.join(' ')}}: "${term.replaceAll('"', '""')}"`;
    return sql<SqlBool>`${sql.ref('m.rowid')} in (select rowid from member_search where member_search match ${phrase})`;
  }
  // Shorter than a trigram: LIKE, which FTS5 answers by reading every row, correctly.
  const matches = columns.map(
    (column) => sql`${sql.ref('m.rowid')} in (select rowid from member_search where ${sql.ref(column)} like ${pattern} escape '\\')`,
  );
  return sql<SqlBool>`(${sql.join(matches, sql` or `)})`;
}
