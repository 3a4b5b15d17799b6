import { sql, type SelectQueryBuilder } from 'kysely';
import { DomainError } from '../domain/errors.js';

/**
 * Keyset cursors: the sort key of the last row of the page before, as opaque base64url JSON.
 * Lists page on their index with `(key…) > (cursor…)`, never OFFSET.
 */
export const encodeCursor = (...key: string[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * The sort key in a cursor this server gave; anything else is the client's damage: VALIDATION_FAILED.
 * A key never holds U+0000 (PostgreSQL cannot store it, and names refuse it), so a cursor whose
 * key does was made by hand; it would reach the query past the check on the cursor's own text.
 */
export function decodeCursor(text: string, length: 1): [string];
export function decodeCursor(text: string, length: 2): [string, string];
export function decodeCursor(text: string, length: 3): [string, string, string];
export function decodeCursor(text: string, length: number): string[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === length && value.every((part): part is string => typeof part === 'string' && !part.includes('\u0000'))) {
      return value;
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw invalidCursor();
}

/** The refusal of a cursor this server did not give. */
export const invalidCursor = (): DomainError =>
  new DomainError('VALIDATION_FAILED', 'querystring.cursor: is not a cursor this server gave', {
    errors: [{ path: 'querystring.cursor', message: 'is not a cursor this server gave' }],
  });

/** One page of a list, newest first, and the cursor of the next (null on the last page). */
export interface NewestFirstPage<Row> {
  rows: Row[];
  nextCursor: string | null;
}

/**
 * One page of `query`, a list of rows with `created_at` and `id`, newest first: keyset on
 * `(created_at, id)` after the cursor's row, never OFFSET. SQL added to the query:
 * `where (created_at < $1 or (created_at = $1 and id < $2)) order by created_at desc, id desc limit $n + 1`.
 * `table`: the alias of the listed table when the query joins others (`c` → `c.created_at`).
 */
export async function newestFirst<DB, TB extends keyof DB, Row extends { createdAt: string; id: string }>(
  query: SelectQueryBuilder<DB, TB, Row>,
  filters: { limit: number; cursor?: string | undefined },
  table?: string,
): Promise<NewestFirstPage<Row>> {
  let page = query;
  const [created, key] = table === undefined ? [sql.ref('createdAt'), sql.ref('id')] : [sql.ref(`${table}.createdAt`), sql.ref(`${table}.id`)];
  if (filters.cursor !== undefined) {
    const [createdAt, id] = decodeCursor(filters.cursor, 2);
    page = page.where(sql<boolean>`(${created} < ${createdAt} or (${created} = ${createdAt} and ${key} < ${id}))`);
  }
  const rows = await page
    .orderBy(sql`${created} desc, ${key} desc`)
    .limit(filters.limit + 1)
    .execute();
  const items = rows.slice(0, filters.limit);
  const last = items.at(-1);
  return { rows: items, nextCursor: rows.length > filters.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
