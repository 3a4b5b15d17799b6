/** What the commands on one's own account share: the locked account row, ending sessions, the notice mails. */
import { PostgresAdapter } from 'kysely';
import type { Executor, Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { User } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { enqueueMail } from '../mail/outbox.js';
import { mailLanguage, passwordChangedMessage } from '../mail/templates.js';
import type { CommandContext } from './context.js';

/** How long a password-reset link works. */
export const PASSWORD_RESET_TTL_MINUTES = 60;
/** How long the link that confirms a new email works. */
export const EMAIL_CHANGE_TTL_HOURS = 24;

const isPostgres = (tx: Executor) => tx.getExecutor().adapter instanceof PostgresAdapter;

const lockedById = prepare((db, v: { userId: string }) => {
  const query = db.selectFrom('users').selectAll().where('id', '=', v.userId);
  return isPostgres(db) ? query.forUpdate() : query;
});
const lockedByEmail = prepare((db, v: { email: string }) => {
  const query = db.selectFrom('users').selectAll().where('email', '=', v.email);
  return isPostgres(db) ? query.forUpdate() : query;
});

/**
 * The user row, locked for the rest of the transaction (`SELECT … FOR UPDATE` on PostgreSQL;
 * SQLite's write transaction runs alone): every change to one's password, email or sessions takes
 * this lock first, so that two of them, or one and a sign-in, run one after the other.
 */
export async function lockAccount(tx: Tx, userId: string): Promise<User | undefined> {
  return lockedById.executeTakeFirst(tx, { userId });
}

/** lockAccount by the account's email, or undefined when no account has it. */
export async function lockAccountByEmail(tx: Tx, email: string): Promise<User | undefined> {
  return lockedByEmail.executeTakeFirst(tx, { email });
}

/** Stores the user's one password-reset link (its token's hash), deleting any older one: the newest link alone works. */
export async function replacePasswordReset(tx: Tx, user: Pick<User, 'id' | 'email'>, tokenHash: string, now: Date): Promise<void> {
  await tx.deleteFrom('passwordResets').where('userId', '=', user.id).execute();
  await tx
    .insertInto('passwordResets')
    .values({
      tokenHash,
      userId: user.id,
      email: user.email,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MINUTES * 60_000).toISOString(),
      usedAt: null,
    })
    .execute();
}

/**
 * Refuses a sign-in whose password was checked against a hash that has since been replaced (a
 * reset or a change committed between the check and the new session): the session would outlive
 * the "every session ends" of that change. Takes the account's lock, so that a change that comes
 * after it also ends the new session.
 */
export async function assertPasswordUnchanged(tx: Tx, userId: string, checkedHash: string): Promise<void> {
  const user = await lockAccount(tx, userId);
  if (!user || user.passwordHash !== checkedHash) throw new DomainError('UNAUTHENTICATED', 'The email or the password is not right');
}

/** Ends every session of the user but `keep` (the one asking, when given); the number ended. */
export async function endSessions(tx: Tx, userId: string, keep?: string): Promise<number> {
  let query = tx.deleteFrom('sessions').where('userId', '=', userId);
  if (keep !== undefined) query = query.where('id', '!=', keep);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Queues the "your password was changed" notice to the account's address. */
export async function queuePasswordNotice(
  tx: Tx,
  ctx: CommandContext,
  user: Pick<User, 'name' | 'email' | 'language'>,
  how: 'changed' | 'reset',
  now: Date,
): Promise<void> {
  // The link to ask for a reset: the sign-in page's "Forgot your password?".
  const language = mailLanguage(user.language, ctx.requestLanguage);
  const message = passwordChangedMessage(language, { name: user.name, how, at: now, resetUrl: `${ctx.settings.baseUrl}/forgot-password` });
  await enqueueMail(tx, { kind: 'password-changed', to: user.email, ...message }, now, ctx.settings.secretKey);
}
