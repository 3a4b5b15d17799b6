import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A counter after a hit: the hits of its current window, and when that window ends (ISO 8601). */
export interface RateLimitCount {
  hits: number;
  expiresAt: string;
}

/**
 * Counts one hit on `key` in the window that ends at `end`, or opens a new window if the stored
 * one ended by `now`. One statement, atomic on SQLite and on PostgreSQL alike (two processes
 * counting the same key at once get two different counts):
 *
 *   insert into rate_limit_hits (key, hits, expires_at) values ($key, 1, $end)
 *   on conflict (key) do update set
 *     hits = case when rate_limit_hits.expires_at <= $now then 1 else rate_limit_hits.hits + 1 end,
 *     expires_at = case when rate_limit_hits.expires_at <= $now then $end else rate_limit_hits.expires_at end
 *   returning hits, expires_at
 */
export async function countRateLimitHit(
  db: Kysely<Database>,
  hit: { key: string; now: string; end: string },
): Promise<RateLimitCount> {
  return db
    .insertInto('rateLimitHits')
    .values({ key: hashed(hit.key), hits: 1, expiresAt: hit.end })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet((eb) => {
        const ended = eb('rateLimitHits.expiresAt', '<=', hit.now);
        return {
          hits: eb.case().when(ended).then(eb.lit(1)).else(eb('rateLimitHits.hits', '+', eb.lit(1))).end(),
          expiresAt: eb.case().when(ended).then(eb.val(hit.end)).else(eb.ref('rateLimitHits.expiresAt')).end(),
        };
      }),
    )
    .returning(['hits', 'expiresAt'])
    .executeTakeFirstOrThrow();
}

/** Deletes the counters whose window ended by `now`, in one statement. */
export async function deleteEndedRateLimitWindows(db: Kysely<Database>, now: string): Promise<void> {
  await db.deleteFrom('rateLimitHits').where('expiresAt', '<=', now).execute();
}

/** The counters' two statements on one database: what the HTTP layer's store is given (`Db.rateLimitHits`). */
export interface RateLimitHits {
  count(hit: { key: string; now: string; end: string }): Promise<RateLimitCount>;
  deleteEnded(now: string): Promise<void>;
}

export const rateLimitHitsOn = (db: Kysely<Database>): RateLimitHits => ({
  count: (hit) => countRateLimitHit(db, hit),
  deleteEnded: (now) => deleteEndedRateLimitWindows(db, now),
});

/** Keys carry emails and addresses; the table keeps only their digest, which also bounds its length. */
function hashed(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
