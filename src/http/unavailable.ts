/**
 * A dependency Roster needs (the database, Redis) that cannot answer right now: the request is
 * answered 503 SERVICE_UNAVAILABLE with Retry-After, so that clients and load balancers try again,
 * instead of 500 INTERNAL, which says Roster itself is at fault.
 */

/** Seconds a client is asked to wait before trying again (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

/** A dependency that failed, named for the log: thrown where the failure is known for what it is. */
export class UnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnavailableError';
  }
}

/**
 * PostgreSQL SQLSTATEs of a server that cannot serve now, rather than of a wrong query: class 08
 * (connection exception), 53 (insufficient resources: 53100 disk full, 53200 out of memory, 53300
 * too many connections), 57P01–57P05 (admin or crash shutdown, cannot connect now, idle session
 * ended, database dropped), 57014 (query canceled: the statement timeout), 58 (system error: I/O).
 */
function isUnavailableSqlState(code: string): boolean {
  return /^(08|53|57P|58)/.test(code) || code === '57014';
}

/**
 * SQLite result codes (better-sqlite3 puts the extended name in `code`): the disk is full or fails,
 * the file cannot be opened or written, or another process held the lock past the busy timeout.
 */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|CANTOPEN|NOMEM|READONLY|PROTOCOL)(_|$)/;

/** Socket errors on the way to a dependency (pg and ioredis pass them on with their Node code). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * Errors `pg` raises without a code, for a connection that is gone or never came (pg-pool's connect
 * timeout, a server that closed the socket, a client already broken, the client-side query timeout).
 * pg gives these no code, so they are known by their fixed text.
 */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Query read timeout',
];

/** Whether `error` (or an error it was caused by) means a dependency is unavailable for now. */
export function isUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof UnavailableError) return true;
    const code = 'code' in current && typeof current.code === 'string' ? current.code : undefined;
    if (code !== undefined) {
      if (SQLITE_UNAVAILABLE.test(code) || SOCKET_CODES.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)) return true;
    }
    if (PG_CONNECTION_MESSAGES.some((text) => current.message.includes(text))) return true;
  }
  return false;
}
