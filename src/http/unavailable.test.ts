import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/child-server.js';
import { DomainError } from '../domain/errors.js';
import { isUnavailable, UnavailableError } from './unavailable.js';

/** What `fn` throws. */
async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

/** A pg DatabaseError as the server sends it, with this SQLSTATE. */
function postgresError(code: string): Error {
  const error = new pg.DatabaseError('server says no', 0, 'error');
  error.code = code;
  return error;
}

describe('isUnavailable', () => {
  it('knows SQLite out of disk: SQLITE_FULL from a file that may not grow', async () => {
    const db = new SQLite(':memory:');
    try {
      db.exec('create table t (x)');
      db.pragma(`max_page_count = ${String(db.pragma('page_count', { simple: true }))}`);
      const error = await thrown(() => db.prepare('insert into t values (?)').run('x'.repeat(100_000)));
      expect(error).toMatchObject({ code: 'SQLITE_FULL' });
      expect(isUnavailable(error)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('knows SQLite busy, failing I/O and a file that cannot be opened', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_NOMEM']) {
      expect(isUnavailable(Object.assign(new Error('sqlite'), { code })), code).toBe(true);
    }
  });

  it('knows a PostgreSQL that refuses the connection', async () => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/x` });
    const error = await thrown(() => client.connect());
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isUnavailable(error)).toBe(true);
  });

  it('knows the SQLSTATEs of a server that cannot serve now', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '08003', '08P01', '53300', '53100', '57014', '58030']) {
      expect(isUnavailable(postgresError(code)), code).toBe(true);
    }
  });

  it("knows pg's own errors for a connection that is gone", () => {
    for (const message of ['Connection terminated unexpectedly', 'Connection terminated due to connection timeout', 'timeout exceeded when trying to connect', 'Query read timeout', 'Client has encountered a connection error and is not queryable']) {
      expect(isUnavailable(new Error(message)), message).toBe(true);
    }
  });

  it('follows the cause, and knows its own UnavailableError', () => {
    expect(isUnavailable(new UnavailableError('Redis does not answer'))).toBe(true);
    expect(isUnavailable(new Error('wrapped', { cause: postgresError('57P01') }))).toBe(true);
  });

  it('leaves every other error alone: those are 500s or refusals', () => {
    for (const error of [
      postgresError('23505'),
      postgresError('42601'),
      postgresError('40001'),
      postgresError('22021'),
      Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
      Object.assign(new Error('syntax'), { code: 'SQLITE_ERROR' }),
      new DomainError('CONFLICT', 'no'),
      new TypeError('x is undefined'),
      'a string',
      undefined,
    ]) {
      expect(isUnavailable(error), String(error)).toBe(false);
    }
  });
});
