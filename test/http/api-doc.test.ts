import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/domain/errors.js';
import { startTestServer, type TestServer } from '../support/app.js';

/**
 * docs/API.md is the HTTP contract people read; the served OpenAPI document and ERROR_STATUS are
 * what the server does. These keep the one true of the other: every code in the error table with
 * its status, every route the server registers named on the page (and no route named there that
 * the server does not serve), and for each route its success statuses and its refusals' codes.
 */
const API_MD = readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8');

/** The rows of the table under "### Error codes": `| 403 | `CODE` | when |`. */
function errorTable(): Map<string, number> {
  const section = API_MD.split(/^### Error codes$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
  const rows = new Map<string, number>();
  for (const match of section.matchAll(/^\| (\d{3}) \| `([A-Z_]+)` \|/gm)) rows.set(match[2] ?? '', Number(match[1]));
  return rows;
}

/** Every `METHOD /api/v1/…` (or SCIM's `/scim/v2/…`) a route table names (the first cell of a row). */
function routesInTables(): Set<string> {
  const routes = new Set<string>();
  for (const match of API_MD.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) (\/api\/v1\/[^`]*|\/scim\/v2\/[^`]*)` \|/gm)) routes.add(`${match[1]} ${match[2]}`);
  return routes;
}

interface Row {
  route: string;
  answer: string;
  refusals: string;
}

/** The rows of the route tables: the route, its answer cell and its refusals cell (cells split at `|` but not `\\|`). */
function routeRows(): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const line of API_MD.split('\n')) {
    const route = /^\| `((?:GET|POST|PUT|PATCH|DELETE) (?:\/api\/v1\/|\/scim\/v2\/)[^`]*)` \|/.exec(line)?.[1];
    if (route === undefined) continue;
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    rows.set(route, { route, answer: cells[4] ?? '', refusals: cells[5] ?? '' });
  }
  return rows;
}

/** What a bare status in a refusals cell (`403`) stands for. */
const BARE_STATUS: Record<string, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * The codes a row's refusals name: `409 CODE`, a bare `403` (BARE_STATUS), a `CODE` alone (SCIM's
 * `409 uniqueness` (`EMAIL_TAKEN`)), and those of the row it says it answers as (`as PUT`, `as
 * `POST …/invitations/resend``).
 */
function namedCodes(row: Row, rows: Map<string, Row>): Set<string> {
  const codes = new Set<string>();
  for (const match of row.refusals.matchAll(/`(\d{3})(?: ([A-Za-z_]+))?`|`([A-Z][A-Z_]+)`/g)) {
    const code = match[3] ?? (match[2] === undefined ? BARE_STATUS[match[1] ?? ''] : match[2]);
    if (code !== undefined && Object.hasOwn(ERROR_STATUS, code)) codes.add(code);
  }
  const as = /^as (?:`(\w+) …(\/[^`]+)`|(GET|POST|PUT|PATCH|DELETE)\b)/.exec(row.refusals);
  if (as) {
    const path = row.route.split(' ')[1] ?? '';
    const other = as[3] ? rows.get(`${as[3]} ${path}`) : [...rows.values()].find((candidate) => candidate.route.startsWith(`${as[1]} `) && candidate.route.endsWith(as[2] ?? ''));
    if (!other) throw new Error(`${row.route}: answers "as" a route API.md does not have`);
    for (const code of namedCodes(other, rows)) codes.add(code);
  }
  return codes;
}

/** The codes API.md "Routes" says any route may answer, beyond its own refusals. */
const ANY_ROUTE = ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'CSRF_REJECTED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'SERVICE_UNAVAILABLE'];

describe('docs/API.md', () => {
  it('lists every error code of ERROR_STATUS at its status, INTERNAL at 500, and no other code', () => {
    const table = errorTable();
    const expected = new Map<string, number>([...Object.entries(ERROR_STATUS), ['INTERNAL', 500]]);
    for (const [code, status] of expected) expect({ code, status: table.get(code) }).toEqual({ code, status });
    expect([...table.keys()].filter((code) => !expected.has(code))).toEqual([]);
  });

  describe('against the routes a server registers', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.close());

    type Responses = Record<string, { description: string }>;
    /** Every operation of the served document, as API.md writes its route, with its responses. */
    const operations = async (): Promise<{ route: string; responses: Responses }[]> => {
      const document = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
        paths: Record<string, Record<string, { responses: Responses }>>;
      }>();
      return Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({
          route: `${method.toUpperCase()} ${path.replaceAll(/\{(\w+)\}/g, ':$1')}`,
          responses: operation.responses,
        })),
      );
    };
    const served = async (): Promise<string[]> => (await operations()).map(({ route }) => route);

    it('names every route of the served OpenAPI document in a route table', async () => {
      const routes = await served();
      expect(routes.length).toBeGreaterThan(30);
      const named = routesInTables();
      expect(routes.filter((route) => !named.has(route))).toEqual([]);
    });

    it('gives each route the success statuses of the document: the first its answer names, the others named there too', async () => {
      const rows = routeRows();
      for (const { route, responses } of await operations()) {
        const success = Object.keys(responses).filter((status) => /^[23]/.test(status));
        const named = [...(rows.get(route)?.answer ?? '').matchAll(/`(\d{3})\b/g)].map((match) => match[1]);
        expect({ route, first: named[0] }).toEqual({ route, first: success[0] });
        expect({ route, unnamed: success.filter((status) => !named.includes(status)) }).toEqual({ route, unnamed: [] });
      }
    });

    it('gives each route the refusals of the document: every code it names, and none it leaves out but those any route answers', async () => {
      const rows = routeRows();
      for (const { route, responses } of await operations()) {
        const row = rows.get(route);
        if (!row) continue; // the test above names it
        const answered = new Set(Object.entries(responses).flatMap(([status, response]) => (/^[45]/.test(status) ? response.description.split(', ') : [])));
        const named = namedCodes(row, rows);
        // A company's routes answer NOT_FOUND to a non-member (API.md "Conventions").
        const implied = route.includes(' /api/v1/companies/:companyId') ? [...ANY_ROUTE, 'NOT_FOUND'] : ANY_ROUTE;
        expect({ route, notAnswered: [...named].filter((code) => !answered.has(code)) }).toEqual({ route, notAnswered: [] });
        expect({ route, notNamed: [...answered].filter((code) => !named.has(code) && !implied.includes(code)) }).toEqual({ route, notNamed: [] });
      }
    });

    it('names no route the server does not serve', async () => {
      const routes = new Set(await served());
      expect([...routesInTables()].filter((route) => !routes.has(route))).toEqual([]);
    });
  });
});
