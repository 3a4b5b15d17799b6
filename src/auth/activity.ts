import type { Executor } from '../db/database.js';
import { prepare } from '../db/prepared.js';

/** A moment's day, UTC: `YYYY-MM-DD`, as `user_activity.last_active_on` holds it. */
export const dayOf = (moment: string | Date): string => (typeof moment === 'string' ? moment : moment.toISOString()).slice(0, 10);

// The day only moves forward, and a second write the same day changes no row (and so no revision).
const markActive = prepare((db, v: { userId: string; day: string }) =>
  db
    .insertInto('userActivity')
    .values({ userId: v.userId, lastActiveOn: v.day })
    .onConflict((oc) =>
      oc
        .column('userId')
        .doUpdateSet((eb) => ({ lastActiveOn: eb.ref('excluded.lastActiveOn') }))
        .where('userActivity.lastActiveOn', '<', v.day),
    ),
);

/**
 * Records that the person used Roster on `now`'s day (the members list's "last active"). Called at
 * sign-in and when a session or an API token is first used on a new day (its last use, recorded at
 * most once a minute, is of an earlier day): at most a few writes per person per day, never one
 * per request.
 */
export async function recordActivity(db: Executor, userId: string, now: Date): Promise<void> {
  await markActive.executeWrite(db, { userId, day: dayOf(now) });
}

/** Whether a session or token last used at `lastUsedAt` is being used on a new day at `now`. */
export const firstUseOfDay = (lastUsedAt: string | null, now: Date): boolean => lastUsedAt === null || dayOf(lastUsedAt) < dayOf(now);
