import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/domain/errors.js';
import { startTestServer, type TestServer } from '../support/app.js';

/**
 * docs/API.md is the HTTP contract people read; the served OpenAPI document and ERROR_STATUS are
 * what the server does. These keep the one true of the other: every code in the error table with
 * its status, and every route the server registers named on the page (and no route named there
 * that the server does not serve).
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

    const served = async (): Promise<string[]> => {
      const document = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
        paths: Record<string, Record<string, unknown>>;
      }>();
      return Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replaceAll(/\{(\w+)\}/g, ':$1')}`),
      );
    };

    it('names every route of the served OpenAPI document in a route table', async () => {
      const routes = await served();
      expect(routes.length).toBeGreaterThan(30);
      const named = routesInTables();
      expect(routes.filter((route) => !named.has(route))).toEqual([]);
    });

    it('names no route the server does not serve', async () => {
      const routes = new Set(await served());
      expect([...routesInTables()].filter((route) => !routes.has(route))).toEqual([]);
    });
  });
});
