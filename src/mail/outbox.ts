import { newId } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';

/** A message to queue; `kind` names its template (`invitation`, `email_verification`, …) for logs. */
export interface OutboxMessage {
  kind: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Queues one message inside the caller's transaction and returns its outbox id. The row commits
 * or rolls back with the change that caused it (PRODUCT.md §6); the mail worker sends it after
 * commit, so a message is never sent for a change that did not happen.
 */
export async function enqueueMail(tx: Tx, message: OutboxMessage, now: Date): Promise<string> {
  const id = newId();
  const at = now.toISOString();
  await tx
    .insertInto('outbox')
    .values({
      id,
      kind: message.kind,
      toAddress: message.to,
      subject: message.subject,
      bodyText: message.text,
      createdAt: at,
      attempts: 0,
      nextAttemptAt: at,
      lockedUntil: null,
      sentAt: null,
      lastError: null,
    })
    .execute();
  return id;
}
