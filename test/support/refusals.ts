import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { User } from '../../src/db/schema.js';
import { DomainError } from '../../src/domain/errors.js';
import type { TestServer } from './app.js';
import { signedIn, snapshot } from './factories.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who sends a request: a user (signed in with a new session), these headers, or nobody. */
export type Caller = User | Record<string, string> | null;

/** The path of an API route: `api('/me')` is `/api/v1/me`. */
export const api = (path: string): string => `/api/v1${path}`;

/** Sends one request through the app (`inject`), as `caller`, with `payload` as its JSON body if given. */
export async function call(server: TestServer, method: Method, url: string, caller: Caller = null, payload?: unknown): Promise<LightMyRequestResponse> {
  return (await request(server, method, url, caller, payload))();
}

/**
 * A request ready to send, its caller already signed in (a new session is a row): what sending it
 * changes is the route's doing alone, as `expectRefused` needs.
 */
export async function request(server: TestServer, method: Method, url: string, caller: Caller = null, payload?: unknown): Promise<Send> {
  const headers = caller === null ? {} : isUser(caller) ? await signedIn(server.db, caller) : caller;
  return () => server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}

function isUser(caller: User | Record<string, string>): caller is User {
  return typeof caller.id === 'string' && typeof caller.passwordHash === 'string';
}

/** A problem+json answer with this status and code. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json<{ code: string }>().code).toBe(code);
}

type Send = () => Promise<LightMyRequestResponse>;
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/**
 * Proves a refusal: the answer is problem+json with this status and code, and the database is
 * exactly as before. Given requests to send, it takes the snapshot itself just before them (and
 * every one must be refused alike); given an answer already received, it compares with `before`,
 * the snapshot its caller took before sending it. Returns the (last) answer.
 */
export async function expectRefused(db: Db, sent: LightMyRequestResponse, status: number, code: string, before: Snapshot): Promise<LightMyRequestResponse>;
export async function expectRefused(db: Db, send: Send | readonly Send[], status: number, code: string): Promise<LightMyRequestResponse>;
export async function expectRefused(
  db: Db,
  request: LightMyRequestResponse | Send | readonly Send[],
  status: number,
  code: string,
  given?: Snapshot,
): Promise<LightMyRequestResponse> {
  const before = given ?? (await snapshot(db));
  let last: LightMyRequestResponse | undefined;
  const sends = typeof request === 'function' ? [request] : Array.isArray(request) ? (request as readonly Send[]) : undefined;
  if (sends === undefined) {
    last = request as LightMyRequestResponse;
    expectProblem(last, status, code);
  } else {
    for (const send of sends) {
      last = await send();
      expectProblem(last, status, code);
    }
  }
  expect(await snapshot(db)).toEqual(before);
  if (last === undefined) throw new Error('expectRefused: no request given');
  return last;
}

/**
 * Runs a command that must be refused: it throws a DomainError with `code`, and the database is
 * exactly as before (`run` starts only after the snapshot). Returns the error.
 */
export async function expectCommandRefused(db: Db, run: () => Promise<unknown>, code: string): Promise<DomainError> {
  const before = await snapshot(db);
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof DomainError)) throw new Error(`expected a refusal with ${code}, got ${caught === undefined ? 'success' : caught instanceof Error ? caught.message : 'a non-error'}`);
  expect(caught.code).toBe(code);
  expect(await snapshot(db)).toEqual(before);
  return caught;
}
