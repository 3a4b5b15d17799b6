import { PostgresAdapter, sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from './schema.js';

/** `%`, `_` and the escape character itself match literally in a search (`LIKE … ESCAPE '\'`). */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * Whether the member `m` (company_members) has `term` in its name or email, case-insensitively,
 * through the trigram index of each database (migration 0004).
 *
 * ```sql
 * -- PostgreSQL
 * lower(m.name) like '%term%' escape '\'
 * -- SQLite
 * m.rowid in (select rowid from member_search where name like '%term%')
 * ```
 */
export function memberSearch(executor: Kysely<Database>, column: 'name' | 'email', term: string): RawBuilder<SqlBool> {
  const pattern = `%${escapeLike(term.toLowerCase())}%`;
  if (executor.getExecutor().adapter instanceof PostgresAdapter) {
    const value = column === 'name' ? sql`lower(${sql.ref('m.name')})` : sql.ref('m.email');
    return sql<SqlBool>`${value} like ${pattern} escape '\\'`;
  }
  // FTS5 uses its trigram index for LIKE only without an ESCAPE clause: a term holding a wildcard
  // character is matched the slow way, correctly.
  const like = /[\\%_]/.test(term) ? sql`like ${pattern} escape '\\'` : sql`like ${`%${term}%`}`;
  return sql<SqlBool>`${sql.ref('m.rowid')} in (select rowid from member_search where ${sql.ref(column)} ${like})`;
}
