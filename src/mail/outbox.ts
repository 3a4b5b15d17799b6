import { isSealed, open, seal } from '../auth/seal.js';
import { newId } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';

/** What a queued mail is: stored in `outbox.kind`, and named in the mail worker's log lines. */
export type MailKind =
  | 'invitation'
  | 'email-verification'
  | 'password-reset'
  | 'password-changed'
  | 'email-change'
  | 'email-changed'
  | 'webhook-disabled';

/** A message to queue. */
export interface OutboxMessage {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  /** The company the mail is sent for: an invitation's, which its daily invitation limit counts. */
  companyId?: string;
  /** The user whose request sends an invitation mail, whose daily invitation limit counts it. */
  senderId?: string;
}

const outboxRow = prepare((db, v: { id: string; kind: string; to: string; subject: string; text: string; companyId: string | null; senderId: string | null; at: string }) =>
  db.insertInto('outbox').values({
    id: v.id,
    kind: v.kind,
    toAddress: v.to,
    subject: v.subject,
    bodyText: v.text,
    companyId: v.companyId,
    senderId: v.senderId,
    createdAt: v.at,
    attempts: 0,
    nextAttemptAt: v.at,
    lockedUntil: null,
    sentAt: null,
    lastError: null,
  }),
);

/**
 * Queues one message inside the caller's transaction and returns its outbox id. The row commits
 * or rolls back with the change that caused it (RULES.md §6); the mail worker sends it after
 * commit, so a message is never sent for a change that did not happen. The body is sealed under
 * `secretKey` (it may carry a one-time link): a copy of the database, its WAL or its free pages
 * shows no usable link. The subject stays plain.
 */
export async function enqueueMail(tx: Tx, message: OutboxMessage, now: Date, secretKey: Buffer): Promise<string> {
  const id = newId();
  const at = now.toISOString();
  await outboxRow.executeWrite(tx, {
    id,
    kind: message.kind,
    to: message.to,
    subject: message.subject,
    text: sealBody(secretKey, id, message.text),
    companyId: message.companyId ?? null,
    senderId: message.senderId ?? null,
    at,
  });
  return id;
}

/** An outbox body as stored: sealed for this row. */
export const sealBody = (secretKey: Buffer, outboxId: string, text: string): string => seal(secretKey, 'outbox', outboxId, text);

/**
 * An outbox body as sent. A row queued before bodies were sealed holds its text plain: such text
 * never starts with `sealed:` (the templates begin with a greeting), so it is sent as it is.
 * Throws when a sealed body does not open under this key.
 */
export const openBody = (secretKey: Buffer, outboxId: string, stored: string): string =>
  isSealed(stored) ? open(secretKey, 'outbox', outboxId, stored) : stored;
