import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../db/database.js';
import { openTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { parseEml } from './eml.js';
import { enqueueMail, openBody } from './outbox.js';
import { createMailTransport, type MailTransport, type OutgoingMail } from './transport.js';
import { MailWorker, retryDelayMs, type MailLogger, type MailWorkerOptions } from './worker.js';

const token = 'tOkEn-9sFq1u2T8pXrY0aLkQ3wZb7cVd4eHn6mJ5oPiU';
const link = `http://localhost:3000/invitations/${token}`;
const T0 = new Date('2025-01-01T12:00:00.000Z');
const KEY = randomBytes(32);

let dir: string;
let db: Db;
const extraDbs: Db[] = [];
let clock: Date;
let logged: unknown[][];
const logger: MailLogger = {
  info: (...args) => logged.push(['info', ...args]),
  warn: (...args) => logged.push(['warn', ...args]),
  error: (...args) => logged.push(['error', ...args]),
};

let database: TestDatabase;

// SQLite or PostgreSQL, as the vitest project says: several processes share the outbox on either.
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-worker-'));
  database = await openTestDatabase();
  db = database.db;
  clock = T0;
  logged = [];
});

afterEach(async () => {
  for (const other of extraDbs.splice(0)) await other.close();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

/** Records what it sends; fails while `failWith` is set; takes `delayMs` per message. */
function fakeTransport(options: { failWith?: string; delayMs?: number } = {}) {
  const sent: OutgoingMail[] = [];
  const transport = {
    failWith: options.failWith,
    sent,
    async send(message: OutgoingMail) {
      if (options.delayMs !== undefined) await sleep(options.delayMs);
      if (transport.failWith !== undefined) throw new Error(transport.failWith);
      sent.push(message);
    },
    close() {},
  } satisfies MailTransport & Record<string, unknown>;
  return transport;
}

function worker(transport: MailTransport, options: Partial<MailWorkerOptions> = {}): MailWorker {
  return new MailWorker({ db, transport, logger, now: () => clock, secretKey: KEY, ...options });
}

function enqueue(to = 'grace@example.com'): Promise<string> {
  return db.write((tx) =>
    enqueueMail(tx, { kind: 'invitation', to, subject: 'Join Acme', text: `Accept:\n${link}\n` }, clock, KEY),
  );
}

async function row(id: string) {
  return db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const later = (ms: number) => new Date(clock.getTime() + ms);

describe('MailWorker.deliverDue', () => {
  it('sends a due row, marks it sent and erases its body', async () => {
    const id = await enqueue();
    const transport = fakeTransport();
    clock = later(1_000);

    expect(await worker(transport).deliverDue()).toBe(1);
    expect(transport.sent).toEqual([{ id, to: 'grace@example.com', subject: 'Join Acme', text: `Accept:\n${link}\n` }]);
    expect(await row(id)).toMatchObject({
      sentAt: clock.toISOString(),
      bodyText: '',
      attempts: 1,
      lockedUntil: null,
      lastError: null,
    });
    expect(await worker(transport).deliverDue()).toBe(0);
    expect(transport.sent).toHaveLength(1);
  });

  it('keeps a failed row, counts the attempt and retries after a backoff', async () => {
    const id = await enqueue();
    const transport = fakeTransport({ failWith: 'connect ECONNREFUSED 127.0.0.1:25' });
    const mailer = worker(transport);

    expect(await mailer.deliverDue()).toBe(0);
    expect(await row(id)).toMatchObject({
      sentAt: null,
      attempts: 1,
      lastError: 'connect ECONNREFUSED 127.0.0.1:25',
      nextAttemptAt: later(5_000).toISOString(),
      lockedUntil: null,
    });
    expect(openBody(KEY, id, (await row(id)).bodyText)).toBe(`Accept:\n${link}\n`);

    // Not due yet: nothing is tried.
    clock = later(4_999);
    transport.failWith = undefined;
    expect(await mailer.deliverDue()).toBe(0);
    expect(transport.sent).toEqual([]);

    clock = later(1);
    expect(await mailer.deliverDue()).toBe(1);
    expect(await row(id)).toMatchObject({ sentAt: clock.toISOString(), attempts: 2, lastError: null, bodyText: '' });
  });

  it('waits twice as long after each failure, at most an hour', async () => {
    const id = await enqueue();
    const mailer = worker(fakeTransport({ failWith: 'down' }));
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      await mailer.deliverDue();
      const next = new Date((await row(id)).nextAttemptAt);
      waits.push(next.getTime() - clock.getTime());
      clock = next;
    }
    expect(waits).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect((await row(id)).attempts).toBe(4);
    expect(retryDelayMs(10)).toBe(2_560_000);
    expect(retryDelayMs(11)).toBe(3_600_000);
    expect(retryDelayMs(1_000)).toBe(3_600_000);
  });

  it('leaves a row claimed by another worker alone until the claim runs out', async () => {
    const id = await enqueue();
    // Another process claimed it a moment ago (or claimed it and died).
    await db.kysely.updateTable('outbox').set({ lockedUntil: later(60_000).toISOString() }).where('id', '=', id).execute();
    const transport = fakeTransport();
    const mailer = worker(transport);

    clock = later(59_999);
    expect(await mailer.deliverDue()).toBe(0);
    expect(transport.sent).toEqual([]);

    clock = later(1);
    expect(await mailer.deliverDue()).toBe(1);
    expect(transport.sent.map((mail) => mail.id)).toEqual([id]);
  });

  it('sends each row once when two processes share the database', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 12; i++) ids.add(await enqueue(`person${i}@example.com`));
    const other = openDatabase(database.url);
    extraDbs.push(other);
    const transport = fakeTransport({ delayMs: 5 });

    const [a, b] = await Promise.all([
      worker(transport).deliverDue(),
      new MailWorker({ db: other, transport, logger, now: () => clock, secretKey: KEY }).deliverDue(),
    ]);

    expect(a + b).toBe(12);
    expect(transport.sent).toHaveLength(12);
    expect(new Set(transport.sent.map((mail) => mail.id))).toEqual(ids);
  });

  it('never logs the body or the link, whether sending works or fails', async () => {
    await enqueue();
    const failing = fakeTransport({ failWith: 'mailbox unavailable' });
    await worker(failing).deliverDue();
    clock = later(5_000);
    await worker(fakeTransport()).deliverDue();

    expect(logged.map(([level, , msg]) => [level, msg])).toEqual([
      ['warn', 'mail delivery failed'],
      ['info', 'mail sent'],
    ]);
    const text = JSON.stringify(logged);
    expect(text).not.toContain(token);
    expect(text).not.toContain('Accept:');
  });

  it('delivers through the file transport', async () => {
    const id = await enqueue();
    const mailDir = join(dir, 'mail');
    const transport = createMailTransport('file:' + mailDir, 'Roster <no-reply@roster.example>');
    try {
      expect(await worker(transport).deliverDue()).toBe(1);
    } finally {
      transport.close();
    }
    expect(await readdir(mailDir)).toEqual([`${id}.eml`]);
    const mail = parseEml(await readFile(join(mailDir, `${id}.eml`)));
    expect(mail.text.split('\n')).toContain(link);
    expect((await row(id)).bodyText).toBe('');
  });

  it('keeps the body sealed at rest, bound to its row', async () => {
    const id = await enqueue();
    const stored = (await row(id)).bodyText;
    expect(stored).toMatch(/^sealed:v1:/);
    expect(stored).not.toContain(token);
    expect(openBody(KEY, id, stored)).toBe(`Accept:\n${link}\n`);
    // Copied onto another row, it does not open.
    expect(() => openBody(KEY, 'another-row', stored)).toThrow(/does not open/);
  });

  it('sends a row queued plain before bodies were sealed', async () => {
    const id = await enqueue();
    await db.kysely.updateTable('outbox').set({ bodyText: `Accept:\n${link}\n` }).where('id', '=', id).execute();
    const transport = fakeTransport();
    expect(await worker(transport).deliverDue()).toBe(1);
    expect(transport.sent[0]?.text).toBe(`Accept:\n${link}\n`);
    expect((await row(id)).bodyText).toBe('');
  });

  it('leaves a body sealed under another key to a worker that holds that key, and says why', async () => {
    const id = await enqueue();
    const transport = fakeTransport();
    expect(await worker(transport, { secretKey: randomBytes(32) }).deliverDue()).toBe(0);
    expect(transport.sent).toEqual([]);
    expect(await row(id)).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.stringMatching(/SECRET_KEY/) as unknown });
    expect(openBody(KEY, id, (await row(id)).bodyText)).toBe(`Accept:\n${link}\n`);
    clock = later(5_000);
    expect(await worker(transport).deliverDue()).toBe(1);
    expect(transport.sent[0]?.text).toBe(`Accept:\n${link}\n`);
  });
});

describe('MailWorker.start, nudge and stop', () => {
  it('sends what was left from a previous run as soon as it starts', async () => {
    await enqueue();
    const transport = fakeTransport();
    const mailer = worker(transport, { pollIntervalMs: 60_000 });
    mailer.start();
    try {
      await vi.waitFor(() => {
        expect(transport.sent).toHaveLength(1);
      });
    } finally {
      await mailer.stop();
    }
  });

  it('sends soon after a nudge, without waiting for the next poll', async () => {
    const transport = fakeTransport();
    const mailer = worker(transport, { pollIntervalMs: 60_000 });
    mailer.start();
    try {
      await sleep(50); // the first pass found nothing; the next poll is a minute away
      await enqueue();
      mailer.nudge();
      await vi.waitFor(() => {
        expect(transport.sent).toHaveLength(1);
      });
    } finally {
      await mailer.stop();
    }
  });

  it('stop waits for the message being sent, then sends no more', async () => {
    await enqueue('first@example.com');
    await enqueue('second@example.com');
    let release = () => {};
    const started: string[] = [];
    const transport: MailTransport = {
      send: (message) => {
        started.push(message.to);
        return new Promise((resolve) => {
          release = resolve;
        });
      },
      close() {},
    };
    const mailer = worker(transport, { pollIntervalMs: 60_000 });
    mailer.start();
    await vi.waitFor(() => {
      expect(started).toHaveLength(1);
    });

    let stopped = false;
    const stopping = mailer.stop().then(() => (stopped = true));
    await sleep(20);
    expect(stopped).toBe(false);
    release();
    await stopping;

    expect(started).toHaveLength(1);
    const rows = await db.kysely.selectFrom('outbox').select(['toAddress', 'sentAt']).orderBy('toAddress').execute();
    expect(rows.filter((r) => r.sentAt !== null)).toHaveLength(1);
  });

  it('drains a burst at least as fast with two workers on one database as with one', async () => {
    const burst = 600;
    /** Queues the burst, starts the workers, and answers how long they took to send it all. */
    const drain = async (dbs: Db[]): Promise<number> => {
      await db.write(async (tx) => {
        for (let i = 0; i < burst; i++) {
          await enqueueMail(tx, { kind: 'invitation', to: `person${i}@example.com`, subject: 'Join Acme', text: 'Accept' }, clock, KEY);
        }
      });
      // A send takes a moment, as over the network: meanwhile the other worker claims its share of the batch.
      const transport = fakeTransport({ delayMs: 1 });
      // The default poll of a second: a worker that waited it after each shared batch took 10× longer.
      const workers = dbs.map((each) => new MailWorker({ db: each, transport, logger, now: () => clock, secretKey: KEY }));
      const started = performance.now();
      for (const each of workers) each.start();
      try {
        await vi.waitFor(
          () => {
            expect(transport.sent).toHaveLength(burst);
          },
          { timeout: 25_000, interval: 10 },
        );
      } finally {
        await Promise.all(workers.map((each) => each.stop()));
      }
      return performance.now() - started;
    };
    const other = openDatabase(database.url);
    extraDbs.push(other);

    const one = await drain([db]);
    const two = await drain([db, other]);

    expect(two).toBeLessThanOrEqual(one * 1.5 + 1_000);
  }, 60_000);
});

describe('delivery at least once', () => {
  it('sends a row again after an SMTP server answered too late, with the same Message-ID, from any process', async () => {
    // An SMTP server that takes the first message but answers only after the client gave up.
    const received: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disableReverseLookup: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks).toString('utf8'));
          if (received.length === 1) setTimeout(callback, 1_500);
          else callback();
        });
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    const mailUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    const from = 'Roster <no-reply@roster.example>';
    const first = createMailTransport(mailUrl, from, { socketTimeout: 500 });
    // The retry comes from another process: a transport and a database connection of its own.
    const second = createMailTransport(mailUrl, from);
    const other = openDatabase(database.url);
    extraDbs.push(other);
    try {
      const id = await enqueue();
      expect(await worker(first).deliverDue()).toBe(0);
      expect((await row(id)).attempts).toBe(1);
      expect((await row(id)).sentAt).toBeNull();

      clock = later(retryDelayMs(1));
      expect(await new MailWorker({ db: other, transport: second, logger, now: () => clock, secretKey: KEY }).deliverDue()).toBe(1);

      expect(received).toHaveLength(2);
      const ids = received.map((raw) => parseEml(Buffer.from(raw)).headers.get('message-id'));
      expect(ids).toEqual([`<${id}@roster.example>`, `<${id}@roster.example>`]);
    } finally {
      first.close();
      second.close();
      await new Promise<void>((done) => {
        smtp.close(() => {
          done();
        });
      });
    }
  });

  it('writes a row delivered again through the file transport over its first file', async () => {
    const id = await enqueue();
    const mailDir = join(dir, 'mail');
    const failing = fakeTransport({ failWith: 'lost after writing' });
    const files = createMailTransport('file:' + mailDir, 'Roster <no-reply@roster.example>');
    try {
      // The first delivery wrote its file, but the worker never learnt it (it failed after).
      const writesThenFails: MailTransport = {
        send: async (message) => {
          await files.send(message);
          await failing.send(message);
        },
        close() {},
      };
      expect(await worker(writesThenFails).deliverDue()).toBe(0);
      clock = later(retryDelayMs(1));
      expect(await worker(files).deliverDue()).toBe(1);
    } finally {
      files.close();
    }
    expect(await readdir(mailDir)).toEqual([`${id}.eml`]);
    expect(parseEml(await readFile(join(mailDir, `${id}.eml`))).headers.get('message-id')).toBe(`<${id}@roster.example>`);
  });
});

