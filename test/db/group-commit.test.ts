import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { inSavepoint, openDatabase, type Db, type Tx } from '../../src/db/database.js';
import { BATCH_LIMITS } from '../../src/db/group-commit.js';
import { TEST_DATABASE } from '../support/database.js';

/**
 * Group commit on SQLite (src/db/group-commit.ts): writes queued together share one transaction
 * and its COMMIT; each caller is answered once that COMMIT has returned; a refusal undoes its own
 * work alone; a batch whose COMMIT fails tells no caller success without a durable commit.
 */
describe.skipIf(TEST_DATABASE !== 'sqlite')('group commit on SQLite', () => {
  const N = 16;
  let dir: string;
  let file: string;
  let db: Db;
  let statements: string[];
  /** A second connection to the file: sees only what is committed. */
  let observer: SQLite.Database;

  const open = (groupCommit: boolean) => openDatabase(`sqlite:${file}`, { groupCommit, onQuery: (text) => statements.push(text) });
  const commits = () => statements.filter((text) => /^commit$/i.test(text.trim())).length;
  const committed = (name: string) => (observer.prepare('select count(*) as n from items where name = ?').get(name) as { n: number }).n;
  const insert = (tx: Tx, name: string) => sql`insert into items (name) values (${name})`.execute(tx);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-group-commit-'));
    file = join(dir, 'roster.db');
    statements = [];
    db = open(true);
    await sql`create table items (id integer primary key, name text not null unique)`.execute(db.kysely);
    await sql`create table parents (id integer primary key)`.execute(db.kysely);
    // Checked at COMMIT, not at the INSERT: the way to make a COMMIT fail.
    await sql`create table children (id integer primary key, parent_id integer not null references parents (id) deferrable initially deferred)`.execute(db.kysely);
    observer = new SQLite(file, { readonly: true });
    statements = [];
  });
  afterEach(async () => {
    observer.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits N concurrent writes in fewer than N commits, and each one alone without it (SQLITE_GROUP_COMMIT=off)', async () => {
    await Promise.all(Array.from({ length: N }, (_, k) => db.write((tx) => insert(tx, `grouped ${k}`))));
    expect(commits()).toBeLessThan(N);
    for (let k = 0; k < N; k++) expect(committed(`grouped ${k}`)).toBe(1);

    await db.close();
    db = open(false);
    statements = [];
    await Promise.all(Array.from({ length: N }, (_, k) => db.write((tx) => insert(tx, `alone ${k}`))));
    expect(commits()).toBe(N);
  });

  it('bounds a batch: more writes than a batch holds take more than one commit', async () => {
    const many = 2 * BATCH_LIMITS.maxWorks + 1;
    await Promise.all(Array.from({ length: many }, (_, k) => db.write((tx) => insert(tx, `bounded ${k}`))));
    expect(commits()).toBeGreaterThanOrEqual(3);
    expect(commits()).toBeLessThan(many);
  });

  it('answers each caller only once the commit holding its write is durable', async () => {
    const seenWhenAnswered: number[] = [];
    await Promise.all(
      Array.from({ length: N }, (_, k) =>
        db.write((tx) => insert(tx, `durable ${k}`)).then(() => {
          seenWhenAnswered.push(committed(`durable ${k}`));
        }),
      ),
    );
    expect(commits()).toBeLessThan(N);
    expect(seenWhenAnswered).toEqual(Array.from({ length: N }, () => 1));
  });

  it('rolls back a refused write alone: the others of its batch commit, its afterCommit callbacks do not run', async () => {
    const ran: string[] = [];
    const refusal = new Error('refused');
    const outcomes = await Promise.allSettled(
      Array.from({ length: N }, (_, k) =>
        db.write(async (tx, afterCommit) => {
          await insert(tx, `item ${k}`);
          afterCommit(() => ran.push(`item ${k}`));
          if (k === 0 || k === 5) throw refusal;
          return k;
        }),
      ),
    );
    expect(commits()).toBeLessThan(N - 2);
    for (let k = 0; k < N; k++) {
      const refused = k === 0 || k === 5;
      expect(outcomes[k]).toEqual(refused ? { status: 'rejected', reason: refusal } : { status: 'fulfilled', value: k });
      expect(committed(`item ${k}`)).toBe(refused ? 0 : 1);
    }
    expect(ran.sort()).toEqual(
      Array.from({ length: N }, (_, k) => k)
        .filter((k) => k !== 0 && k !== 5)
        .map((k) => `item ${k}`)
        .sort(),
    );
  });

  it('keeps the savepoints of a write (inSavepoint) working inside its own in a batch', async () => {
    const outcomes = await Promise.allSettled([
      db.write((tx) => insert(tx, 'first')),
      db.write(async (tx) => {
        await insert(tx, 'kept before');
        await inSavepoint(tx, async () => {
          await insert(tx, 'undone inside');
          throw new Error('one person refused');
        }).catch(() => undefined);
        await insert(tx, 'kept after');
      }),
      db.write(async (tx) => {
        await inSavepoint(tx, () => insert(tx, 'released inside'));
        throw new Error('the whole write refused');
      }),
      db.write((tx) => insert(tx, 'last')),
    ]);
    expect(commits()).toBe(1);
    expect(outcomes.map(({ status }) => status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(['first', 'kept before', 'undone inside', 'kept after', 'released inside', 'last'].map(committed)).toEqual([1, 1, 0, 1, 0, 1]);
  });

  it('tells no caller of a batch whose COMMIT failed that it succeeded: each write runs again alone, and that run answers', async () => {
    const runs = new Map<number, number>();
    const callbacks: number[] = [];
    const writes = Array.from({ length: 4 }, (_, k) =>
      db.write(async (tx, afterCommit) => {
        runs.set(k, (runs.get(k) ?? 0) + 1);
        afterCommit(() => callbacks.push(k));
        // A child without its parent: refused by the deferred foreign key at COMMIT only.
        if (k === 2) await sql`insert into children (parent_id) values (42)`.execute(tx);
        else await insert(tx, `write ${k}`);
        return k;
      }),
    );
    const answered = writes.map((write, k) => write.then((value) => ({ value, durable: committed(`write ${k}`) })));
    const outcomes = await Promise.allSettled(answered);
    expect(outcomes[2]).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' } });
    for (const k of [0, 1, 3]) expect(outcomes[k]).toEqual({ status: 'fulfilled', value: { value: k, durable: 1 } });
    // Run in the batch whose COMMIT failed, then again alone: the first run's callbacks dropped.
    expect([...runs.entries()].sort()).toEqual([[0, 2], [1, 2], [2, 2], [3, 2]]);
    expect(callbacks.sort()).toEqual([0, 1, 3]);
    expect((observer.prepare('select count(*) as n from children').get() as { n: number }).n).toBe(0);
  });

  it('runs each write of a batch again alone when SQLite rolled the whole transaction back under it', async () => {
    const runs = new Map<number, number>();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, (_, k) =>
        db.write(async (tx) => {
          const run = (runs.get(k) ?? 0) + 1;
          runs.set(k, run);
          await insert(tx, `write ${k}`);
          if (k === 2 && run === 1) {
            // What SQLite does by itself after SQLITE_FULL or SQLITE_IOERR: the transaction is gone.
            await sql`rollback`.execute(tx);
            throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
          }
          return k;
        }),
      ),
    );
    expect(outcomes).toEqual([0, 1, 2, 3].map((value) => ({ status: 'fulfilled', value })));
    expect([0, 1, 2, 3].map((k) => committed(`write ${k}`))).toEqual([1, 1, 1, 1]);
    // Those before it in the batch were lost with it and ran again; the one after never ran in it.
    expect([...runs.entries()].sort()).toEqual([[0, 2], [1, 2], [2, 2], [3, 1]]);
  });
});

describe('SQLITE_GROUP_COMMIT', () => {
  it('is on unless set to off, and refuses anything else', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).sqliteGroupCommit).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', SQLITE_GROUP_COMMIT: 'off' }).sqliteGroupCommit).toBe(false);
    expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', SQLITE_GROUP_COMMIT: 'sometimes' })).toThrow(/SQLITE_GROUP_COMMIT must be on or off/);
  });
});
