/** What the daily limits share (§4 "Limits"): the window, the wait until there is room, and their locks. */
import { PostgresAdapter, sql } from 'kysely';
import type { Executor, Tx } from '../db/database.js';
import type { Flag } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { Language } from '../domain/languages.js';
import { lockAccount } from './account-shared.js';

/** The window of every daily limit: any 24 hours. */
export const DAY_MS = 86_400_000;

/** The start of the window that ends now. */
export function windowStart(now: Date): string {
  return new Date(now.getTime() - DAY_MS).toISOString();
}

/**
 * The seconds until `adding` more fit under `limit`, or null when they fit now. `recent` are the
 * times of the window's newest `limit` counted rows, newest first (only those can matter): the
 * wait is until enough of them have aged out of the window. More than the limit at once never fits,
 * and waits a whole window.
 */
export function secondsUntilRoom(recent: readonly { createdAt: string }[], adding: number, limit: number, now: Date): number | null {
  const excess = recent.length + adding - limit;
  if (excess <= 0) return null;
  const oldestFirst = [...recent].reverse();
  const freedBy = adding <= limit ? oldestFirst[excess - 1] : undefined;
  const waitMs = freedBy ? Date.parse(freedBy.createdAt) + DAY_MS - now.getTime() : DAY_MS;
  return Math.max(1, Math.ceil(waitMs / 1000));
}

const isPostgres = (tx: Executor) => tx.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Reads the user row and locks it for the rest of the transaction, so that two requests of one
 * person counted by a limit of theirs (in two companies, say) run one after the other and the
 * second counts what the first wrote: `SELECT … FOR UPDATE` on PostgreSQL; on SQLite, BEGIN
 * IMMEDIATE has already taken the database's one write lock.
 *
 * A deleted account is UNAUTHENTICATED: a request of theirs that was signed in before the deletion
 * committed, and waited for this lock behind it, adds nothing to an account that is gone (the
 * deletion takes this lock first: delete-account.ts).
 */
export async function lockUser(
  tx: Tx,
  userId: string,
): Promise<{ id: string; name: string; email: string; emailVerified: Flag; language: Language | null }> {
  // The same row lock as every change of one's own account takes (account-shared.ts).
  const user = await lockAccount(tx, userId);
  if (!user) throw new Error(`no user ${userId}`);
  if (user.deletedAt !== null) throw new DomainError('UNAUTHENTICATED', 'This account has been deleted');
  return { id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified, language: user.language };
}

/**
 * Locks each of these invitation recipients for the rest of the transaction, in one order (so that
 * two transactions never wait on each other), so that two companies inviting one address at once
 * count each other's mail: a transaction-scoped advisory lock on PostgreSQL; nothing on SQLite,
 * where the write transaction already runs alone.
 */
export async function lockRecipients(tx: Tx, emails: readonly string[]): Promise<void> {
  if (!isPostgres(tx)) return;
  for (const email of [...new Set(emails)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`roster:invitation-recipient:${email}`}, 0))`.execute(tx);
  }
}
