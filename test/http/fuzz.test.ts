import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/schema.js';
import { ERROR_STATUS } from '../../src/domain/errors.js';
import { linkToken, startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, signedIn, TEST_PASSWORD } from '../support/factories.js';
import { rawExchange } from '../support/raw-http.js';

/**
 * The API as a fuzzer sees it (issue 15, "Done when"): requests generated from the served OpenAPI
 * document, for every operation, well-formed and malformed (real ids and random strings, NUL and
 * other controls, broken %-escapes, huge values; bodies from the schema, mutated, or any JSON), as
 * owner, admin, plain member, anonymous, with cookies and Bearer tokens. No answer may be 5xx, and
 * every error must be problem+json with a code of the error table at its status.
 * Deterministic: one fixed seed; set FUZZ_SEED / FUZZ_RUNS to explore further.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

let server: TestServer;
beforeAll(async () => {
  // Rate limits off: the fuzz would otherwise be drowned in 429s.
  server = await startTestServer({ RATE_LIMITS: 'off' });
});
afterAll(() => server.close());

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
};

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  pathParams: string[];
  query: { name: string; schema: JsonSchema }[];
  body: JsonSchema | undefined;
}

/** Everything the seeded company gives the generators: real ids and tokens, and who may sign in. */
interface World {
  ids: string[];
  companyIds: string[];
  tokens: string[];
  emails: string[];
  /** Headers by caller kind; refreshed when a request ends that caller's session or token. */
  headers: Record<string, Record<string, string>>;
  /** The signed-in callers' users, to sign them in again. */
  users: Partial<Record<Caller, User>>;
}

const CALLERS = ['owner', 'admin', 'member', 'anonymous', 'ownerBearer', 'badCookie', 'badBearer'] as const;
type Caller = (typeof CALLERS)[number];
/** Signed-in callers more often than not: an anonymous request mostly stops at authentication, before validation. */
const CALLER_WEIGHTS: Record<Caller, number> = { owner: 4, admin: 1, member: 2, ownerBearer: 2, anonymous: 1, badCookie: 1, badBearer: 1 };
const callerArb = fc.oneof(...CALLERS.map((caller) => ({ weight: CALLER_WEIGHTS[caller], arbitrary: fc.constant(caller) })));

async function seedWorld(): Promise<World> {
  const acme = await makeCompany(server, 'Acme Fuzz');
  const design = await acme.team('Design');
  const sales = await acme.team('Sales');
  const admin = await acme.member({ teams: { [design]: ['team_admin'] }, companyRoles: ['admin'] });
  const manager = await acme.member({ teams: { [design]: ['hiring_manager'], [sales]: ['recruiter'] } });
  const member = await acme.member({ teams: { [sales]: [] } });
  const other = await makeCompany(server, 'Other Fuzz');
  const owner = await signedIn(server.db, acme.owner);
  const base = `/api/v1/companies/${acme.company.id}`;

  const invitees = ['fuzz-a@example.com', 'fuzz-b@example.com', 'fuzz-c@example.com'];
  const invited = await server.app.inject({
    method: 'POST',
    url: `${base}/invitations`,
    headers: owner,
    payload: { emails: invitees, teams: [{ teamId: design, roles: ['recruiter'] }], message: 'Welcome' },
  });
  expect(invited.statusCode, invited.body).toBe(201);
  await server.deliverMail();
  const tokens = invitees.map((email) => linkToken(server.mailTo(email).at(-1)!, 'invitations'));
  const contract = await server.app.inject({
    method: 'POST',
    url: `${base}/contracts`,
    headers: owner,
    payload: { teamId: design, title: 'Logo', freelancerName: 'Grace Hopper', contactPersonId: manager.id },
  });
  expect(contract.statusCode, contract.body).toBe(201);
  const apiToken = await server.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: owner, payload: { name: 'fuzz' } });
  expect(apiToken.statusCode, apiToken.body).toBe(201);
  const { id: tokenId, token: bearer } = apiToken.json<{ id: string; token: string }>();

  return {
    ids: [
      acme.company.id, other.company.id, acme.defaultTeamId, other.defaultTeamId, design, sales,
      acme.owner.id, admin.id, manager.id, member.id, other.owner.id, tokenId,
      contract.json<{ contract: { id: string } }>().contract.id,
      ...invited.json<{ items: { id: string }[] }>().items.map((item) => item.id),
    ],
    companyIds: [acme.company.id, acme.company.id, acme.company.id, other.company.id],
    tokens,
    emails: [...invitees, acme.owner.email, member.email],
    users: { owner: acme.owner, admin, member },
    headers: {
      owner,
      admin: await signedIn(server.db, admin),
      member: await signedIn(server.db, member),
      anonymous: {},
      ownerBearer: { authorization: `Bearer ${bearer}` },
      badCookie: { cookie: 'roster_session=not-a-session' },
      badBearer: { authorization: 'Bearer rst_not-a-token' },
    },
  };
}

/** The operations of the served OpenAPI document. */
function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: JsonSchema }[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    // SCIM answers in its own error form (RFC 7644), to its own token: test/http/scim.test.ts.
    if (path.startsWith('/scim/')) continue;
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

/** Strings a careless client or an attacker sends: controls, invisible characters, line separators, escapes, markup. */
const nasty = fc.constantFrom(
  '', ' ', '\u0000', 'ab\u0000c', '\u001b[31m', '\u007f', '\t', '\n', '\r\n', '\u0085', '\u2028', '\u2029', '\u200b', '\u202e',
  '\ufeff', '\u00ad', '%', '%00', '%C0%AF', '../..', '/', '?', '#', '*', '"', "'", '\\', '<script>', "' OR 1=1 --", 'null',
  'undefined', '0', '-1', '1e309', 'NaN', '\ud800', '\udfff', '😀', 'e\u0301', 'Ⅸ', 'ß', 'İ', 'x'.repeat(1001), 'é'.repeat(700),
);
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.array(nasty, { maxLength: 4 }).map((parts) => parts.join('a')) },
);

function resolve(schema: JsonSchema, doc: { components?: { schemas?: Record<string, JsonSchema> } }): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').at(-1) ?? '';
  return doc.components?.schemas?.[name] ?? {};
}

/** A value for the schema: mostly well-formed, with real ids, tokens and emails where the field's name asks for one. */
function valueFor(schema: JsonSchema, name: string, world: World, doc: object): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alt) => valueFor(alt, name, world, doc)));
  if (s.enum) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: anyString });
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringFor(s, name, world);
    case 'integer':
    case 'number':
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? 1000 }) },
        { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 53, 1.5, 1e308) },
      );
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueFor(s.items ?? {}, name.replace(/s$/, ''), world, doc), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 5, 5),
      });
    case 'object': {
      const properties = s.properties ?? {};
      const shape = Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, valueFor(sub, key, world, doc)]));
      return fc.record(shape, { requiredKeys: (s.required ?? []).filter((key) => key in shape) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(s: JsonSchema, name: string, world: World): fc.Arbitrary<string> {
  const sized = fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 30) });
  const well = /email/i.test(name)
    ? fc.oneof(fc.constantFrom(...world.emails), fc.emailAddress(), fc.constant(` ${world.emails[0]?.toUpperCase() ?? ''} `))
    : /password/i.test(name)
      ? fc.constantFrom(TEST_PASSWORD, 'a long password', 'password1', ' '.repeat(10), 'x'.repeat(257), 'x'.repeat(1001), 'kq7#vz2m')
      : /token/i.test(name)
        ? fc.constantFrom(...world.tokens, 'x')
        : /id$/i.test(name)
          ? fc.constantFrom(...world.ids)
          : /name|title/i.test(name)
            ? fc.oneof(fc.constantFrom('General', 'Design', ' design ', 'Gen  eral', 'Cafe\u0301', 'General\u200b', 'New team'), sized)
            : /cursor/i.test(name)
              ? fc.oneof(
                  fc.base64String({ maxLength: 40 }),
                  // Well-formed cursors (base64url JSON arrays of strings) whose keys hold what no stored key can.
                  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom('\u0000', 'a\u0000', '\ud800', 'x'.repeat(300), '')).map(([n, part]) =>
                    Buffer.from(JSON.stringify(Array<string>(n).fill(part))).toString('base64url'),
                  ),
                  sized,
                )
              : sized;
  return fc.oneof({ weight: 3, arbitrary: well }, { weight: 2, arbitrary: anyString });
}

/** A body from the schema, the same with a field dropped, of a wrong type or one too many, or any JSON at all. */
function bodyFor(schema: JsonSchema, world: World, doc: object): fc.Arbitrary<unknown> {
  const good = valueFor(schema, 'body', world, doc);
  const mutated = fc.tuple(good, fc.nat(), fc.jsonValue({ maxDepth: 1 }), fc.constantFrom('drop', 'retype', 'extra')).map(([value, pick, junk, how]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return junk;
    const entries = Object.entries(value as Record<string, unknown>);
    const at = pick % Math.max(1, entries.length);
    if (how === 'extra' || entries.length === 0) return { ...Object.fromEntries(entries), [`extra${pick % 3}`]: junk };
    if (how === 'drop') return Object.fromEntries(entries.filter((_, i) => i !== at));
    return Object.fromEntries(entries.map(([key, item], i) => [key, i === at ? junk : item]));
  });
  return fc.oneof({ weight: 5, arbitrary: good }, { weight: 3, arbitrary: mutated }, { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
}

/** %-encodes what a client would; a lone surrogate (not UTF-8) becomes a malformed escape on purpose. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[\ud800-\udfff]/g, '%ED%A0%80').replace(/[^\w.~%-]/g, (c) => encodeURIComponent(c));
  }
}

const segmentFor = (name: string, world: World): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: (name === 'companyId' ? fc.constantFrom(...world.companyIds) : name === 'token' ? fc.constantFrom(...world.tokens) : fc.constantFrom(...world.ids)).map(encodeSegment) },
    { weight: 3, arbitrary: anyString.filter((value) => value !== '').map(encodeSegment) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%C0%AF', '%E0%A4%A', '%zz', '%%', '%2e%2e', '%2F', 'x'.repeat(5000)) },
  );

interface Generated {
  operation: string;
  caller: Caller;
  method: Operation['method'];
  url: string;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; type: string };
}

function requestFor(operation: Operation, world: World, doc: object): fc.Arbitrary<Generated> {
  const segments = fc.tuple(...operation.pathParams.map((name) => segmentFor(name, world)));
  const query = fc.tuple(
    ...operation.query.map(({ name, schema }) => fc.option(valueFor(schema, name, world, doc).map((value) => [name, value] as const), { freq: 2 })),
  );
  const extraQuery = fc.option(fc.constantFrom('&extra=1', '&q=%', '&q=%00', '&limit=0', '&limit=x', '&cursor=%C0', '&q=a&q=b', '&__proto__=x'), { freq: 4 });
  const bodyArb = operation.body
    ? fc.oneof(
        { weight: 8, arbitrary: bodyFor(operation.body, world, doc).map((value) => ({ kind: 'json' as const, value })) },
        { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,', '"x"', 'null', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}').map((text) => ({ kind: 'raw' as const, text, type: 'application/json' })) },
        { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml').map((type) => ({ kind: 'raw' as const, text: 'a=b', type })) },
        { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
      )
    : fc.oneof({ weight: 5, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: 'json' as const, value })) });
  return fc.record({ segments, query, extraQuery, body: bodyArb, caller: callerArb }).map(({ segments, query, extraQuery, body, caller }) => {
    let i = 0;
    const path = operation.path.replace(/\{[^}]+\}/g, () => segments[i++] ?? '');
    const search = new URLSearchParams();
    for (const entry of query) {
      if (entry === null) continue;
      const [name, value] = entry;
      search.append(name, typeof value === 'string' ? value : JSON.stringify(value));
    }
    const qs = search.toString() + (extraQuery ?? '');
    return { operation: `${operation.method} ${operation.path}`, caller, method: operation.method, url: qs ? `${path}?${qs}` : path, body };
  });
}

function injectOptions(request: Generated, world: World): InjectOptions {
  const headers: Record<string, string> = { ...world.headers[request.caller] };
  const options: InjectOptions = { method: request.method, url: request.url, headers };
  if (request.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    options.payload = JSON.stringify(request.body.value);
  } else if (request.body.kind === 'raw') {
    headers['content-type'] = request.body.type;
    options.payload = request.body.text;
  }
  return options;
}

/** Why an answer breaks the rule, or undefined when it keeps it. */
function fault(status: number, contentType: string | undefined, body: string): string | undefined {
  if (status >= 500) return `${status} answer`;
  if (status < 400) return undefined;
  if (!contentType?.startsWith('application/problem+json')) return `${status} answered as ${contentType ?? 'nothing'}`;
  let code: unknown;
  try {
    code = (JSON.parse(body) as { code?: unknown }).code;
  } catch {
    return `${status} with a body that is not JSON`;
  }
  if (typeof code !== 'string' || !(code in ERROR_STATUS)) return `${status} with code ${String(code)}, not one of the error table`;
  if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== status) return `${status} with code ${code}, whose status is ${ERROR_STATUS[code as keyof typeof ERROR_STATUS]}`;
  return undefined;
}

/** After a request that may have ended a caller's session or token, that caller signs in afresh. */
async function refreshCallers(world: World, request: Generated, status: number): Promise<void> {
  if (status >= 400) return;
  const user = world.users[request.caller];
  if (request.operation === 'POST /api/v1/auth/logout' && user) world.headers[request.caller] = await signedIn(server.db, user);
  if (request.operation.startsWith('DELETE /api/v1/me/tokens') && world.users.owner) {
    const token = await server.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: await signedIn(server.db, world.users.owner), payload: { name: 'fuzz again' } });
    if (token.statusCode === 201) world.headers.ownerBearer = { authorization: `Bearer ${token.json<{ token: string }>().token}` };
  }
}

describe('fuzzing the API from its OpenAPI document', () => {
  it(`answers ${RUNS} generated requests with no 5xx, and every error as problem+json with a code of the table`, async () => {
    const world = await seedWorld();
    const doc = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<Parameters<typeof operationsOf>[0]>();
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(25);
    const requests = fc.sample(fc.oneof(...operations.map((operation) => requestFor(operation, world, doc))), { seed: SEED, numRuns: RUNS });

    const faults: string[] = [];
    const statuses = new Map<number, number>();
    for (const request of requests) {
      const res = await server.app.inject(injectOptions(request, world));
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const why = fault(res.statusCode, res.headers['content-type'] as string | undefined, res.body);
      if (why) faults.push(`${why}: ${request.caller} ${request.method} ${request.url.slice(0, 300)} ${JSON.stringify(request.body).slice(0, 300)} → ${res.body.slice(0, 300)}`);
      await refreshCallers(world, request, res.statusCode);
    }
    console.info(`fuzz: seed ${SEED}, answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    // The fuzz reached past validation: some requests succeeded, some were refused by each kind of rule.
    expect([...statuses.keys()].filter((status) => status < 300).length, JSON.stringify([...statuses])).toBeGreaterThan(0);
    for (const status of [400, 401, 404]) expect(statuses.get(status) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
    if (faults.length > 0) console.error(`fuzz: seed ${SEED}, ${faults.length} faults of ${RUNS} requests:\n${faults.slice(0, 30).join('\n')}`);
    expect(faults, `seed ${SEED} (FUZZ_SEED=${SEED} to repeat)`).toEqual([]);
  }, 180_000);

  it('answers malformed requests on the wire as problem+json too', async () => {
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const host = 'Host: roster.test\r\nConnection: close';
    const requests = [
      `GET /api/v1/companies/% HTTP/1.1\r\n${host}\r\n\r\n`,
      `GET /api/v1/companies/%C0%AF/members HTTP/1.1\r\n${host}\r\n\r\n`,
      `GET /api/v1/companies/${'x'.repeat(20_000)} HTTP/1.1\r\n${host}\r\n\r\n`,
      `GET /api/v1/companies/${'x'.repeat(5_000)} HTTP/1.1\r\n${host}\r\n\r\n`,
      `GET /api/v1/health HTTP/1.1\r\n${host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      `GET /api/v1/health HTTP/1.1\r\n${host}\r\nX-Nul: a\u0000b\r\n\r\n`,
      `GET /api/v1/health HTTP/1.1\r\nHost roster.test\r\n\r\n`,
      `GET /api/v1/health HTTP/9.9\r\n${host}\r\n\r\n`,
      `BREW /api/v1/health HTTP/1.1\r\n${host}\r\n\r\n`,
      `GET /api/v1/me HTTP/1.1\r\n${host}\r\nCookie: roster_session=%00%ff\r\n\r\n`,
      `POST /api/v1/auth/login HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      `POST /api/v1/auth/login HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
      `GET /api/v1/me?%00=%00 HTTP/1.1\r\n${host}\r\nAuthorization: Bearer \u0001\r\n\r\n`,
    ];
    const faults: string[] = [];
    for (const request of requests) {
      const res = await rawExchange(port, request);
      const why = res.status === 0 ? 'no answer' : fault(res.status, res.contentType, res.body);
      if (why) faults.push(`${why}: ${JSON.stringify(request.slice(0, 120))} → ${res.status} ${res.body.slice(0, 200)}`);
    }
    expect(faults).toEqual([]);
  });
});
