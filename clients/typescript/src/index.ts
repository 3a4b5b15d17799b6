import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** How to reach a Roster server. */
export interface RosterClientOptions {
  /** The server's origin, such as `https://roster.example.com`; the paths start with `/api/v1`. Empty: the page's own origin. */
  baseUrl: string;
  /**
   * An API token (`rst_…`, API.md "The signed-in user"), sent as `Authorization: Bearer`. Without
   * one, requests carry what the runtime adds: in a browser on Roster's own origin, its session cookie.
   */
  token?: string;
  /** The fetch that sends each request; the global one by default. */
  fetch?: ClientOptions['fetch'];
}

/** A typed client of Roster's HTTP API: `GET`, `POST`, `PUT`, `PATCH`, `DELETE` by path, as openapi-fetch makes them. */
export type RosterClient = Client<paths>;

/**
 * A client of the API of docs/API.md. Each call answers `{ data }` or `{ error }` with the
 * `response`: `data` typed by the path and method, `error` the problem document, whose `code` is
 * typed as the codes that operation can answer. A network failure throws.
 */
export function createRosterClient({ baseUrl, token, fetch }: RosterClientOptions): RosterClient {
  return createClient<paths>({
    baseUrl,
    headers: { accept: 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    ...(fetch === undefined ? {} : { fetch }),
  });
}

/** The shapes of API.md "Shapes", by name: `Schema<'Member'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

type Responses<Operation extends keyof operations> = operations[Operation]['responses'];
type Body<Response> = Response extends { content: infer Content } ? Content[keyof Content] : never;
/** The bodies an operation answers with at these statuses. */
type BodiesAt<Operation extends keyof operations, Statuses> = {
  [Status in keyof Responses<Operation>]: Status extends Statuses ? Body<Responses<Operation>[Status]> : never;
}[keyof Responses<Operation>];

/** The body of an operation's success, by its operationId: `Answer<'getMe'>` is `{ user, companies }`. */
export type Answer<Operation extends keyof operations> = BodiesAt<Operation, 200 | 201 | 202>;

/** The problem documents an operation can answer, by its operationId: `Problem<'removeMemberFromCompany'>`. */
export type Problem<Operation extends keyof operations> = BodiesAt<Operation, 400 | 401 | 403 | 404 | 408 | 409 | 410 | 412 | 413 | 414 | 415 | 429 | 431 | 500 | 502 | 503>;

/** The codes of API.md "Error codes" an operation can answer: `ProblemCode<'createTeam'>` is `'TEAM_NAME_TAKEN' | 'FORBIDDEN' | …`. */
export type ProblemCode<Operation extends keyof operations> = Problem<Operation> extends { code: infer Code } ? Code : never;
