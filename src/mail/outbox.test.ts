import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database.js';
import { randomBytes } from 'node:crypto';
import { enqueueMail, openBody, type OutboxMessage } from './outbox.js';

const KEY = randomBytes(32);

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-outbox-'));
  db = openDatabase('sqlite:' + join(dir, 'roster.db'));
  await db.migrate();
});

afterEach(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

const message: OutboxMessage = { kind: 'invitation', to: 'grace@example.com', subject: 'Hello', text: 'Body\n' };

// The kinds are the ones the code sends; the type-check fails if an unknown one compiles.
// @ts-expect-error `email_verification` is not a kind (it is `email-verification`)
export const misspelt: OutboxMessage = { ...message, kind: 'email_verification' };

describe('enqueueMail', () => {
  it('queues one row, due at once, inside the transaction', async () => {
    const now = new Date('2025-01-01T12:00:00.000Z');
    const id = await db.write((tx) => enqueueMail(tx, message, now, KEY));
    const rows = await db.kysely.selectFrom('outbox').selectAll().execute();
    expect(rows).toEqual([
      {
        id,
        kind: 'invitation',
        toAddress: 'grace@example.com',
        subject: 'Hello',
        bodyText: expect.stringMatching(/^sealed:v1:/) as unknown,
        companyId: null,
        senderId: null,
        createdAt: now.toISOString(),
        attempts: 0,
        nextAttemptAt: now.toISOString(),
        lockedUntil: null,
        sentAt: null,
        lastError: null,
      },
    ]);
    expect(openBody(KEY, id, rows[0]!.bodyText)).toBe('Body\n');
  });

  it('rolls back with the change that queued it', async () => {
    await expect(
      db.write(async (tx) => {
        await enqueueMail(tx, message, new Date(), KEY);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.kysely.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });
});
