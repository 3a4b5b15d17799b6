import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Deletes at most `limit` security events made before `before`, the oldest first, in one statement
 * (on the `security_events_by_time` index of migration 0012), and returns how many went:
 *
 *   delete from security_events where id in
 *     (select id from security_events where created_at < $before order by created_at, id limit $limit)
 *
 * Bounded, so that no statement holds many rows' locks or runs long; harmless when several
 * processes run it at once: each deletes what is still there, and a row goes once.
 */
export async function deleteSecurityEventsBefore(db: Kysely<Database>, before: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('securityEvents')
    .where('id', 'in', (eb) =>
      eb.selectFrom('securityEvents').select('id').where('createdAt', '<', before).orderBy('createdAt').orderBy('id').limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
