import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany } from '../support/factories.js';
import { api, call } from '../support/refusals.js';

/**
 * The request sequences Okta and Microsoft Entra ID document for their SCIM clients
 * (test/fixtures/scim/*.json, each naming its source), replayed in order against the real server:
 * each answer has the status and carries at least what the fixture expects, as SCIM JSON.
 */
interface Step {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  expect: { status: number; body?: unknown; absent?: string[] };
  save?: Record<string, string>;
}
interface Fixture {
  client: string;
  source: string;
  steps: Step[];
}

const fixture = (name: string): Fixture => JSON.parse(readFileSync(new URL(`../fixtures/scim/${name}.json`, import.meta.url), 'utf8')) as Fixture;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** A company and a SCIM token for it, made by its owner through the API. */
async function companyWithToken() {
  const tenant = await makeCompany(server);
  const res = await call(server, 'POST', api(`/companies/${tenant.company.id}/scim-tokens`), tenant.owner, { name: 'Identity provider' });
  expect(res.statusCode, res.body).toBe(201);
  return { tenant, token: res.json<{ token: string }>().token };
}

/** `{{name}}` in a string, replaced by the values saved so far. */
const fill = (text: string, saved: Map<string, string>): string => text.replaceAll(/\{\{(\w+)\}\}/g, (_, key: string) => saved.get(key) ?? `{{${key}}}`);

for (const name of ['okta', 'entra']) {
  describe(`${fixture(name).client}'s documented SCIM requests`, () => {
    it('are answered in order as the client expects, every change audited as made by SCIM', async () => {
      const { tenant, token } = await companyWithToken();
      const saved = new Map<string, string>();
      let changes = 0;
      for (const step of fixture(name).steps) {
        const payload = step.body === undefined ? undefined : fill(JSON.stringify(step.body), saved);
        const res = await server.app.inject({
          method: step.method,
          url: `/scim/v2${fill(step.path, saved)}`,
          headers: { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/scim+json' }) },
          ...(payload === undefined ? {} : { payload }),
        });
        expect({ step: step.name, status: res.statusCode }, res.body).toEqual({ step: step.name, status: step.expect.status });
        if (step.method !== 'GET') changes += 1;
        if (res.statusCode === 204) continue;
        expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
        const body = res.json<Record<string, unknown>>();
        if (step.expect.body !== undefined) expect(body, step.name).toMatchObject(JSON.parse(fill(JSON.stringify(step.expect.body), saved)) as object);
        for (const key of step.expect.absent ?? []) expect(body, step.name).not.toHaveProperty(key);
        for (const [key, from] of Object.entries(step.save ?? {})) saved.set(key, String(body[from]));
      }
      // Every change a step made is in the audit log, by the token's maker, via SCIM; nothing else was written.
      const events = await server.db.kysely.selectFrom('auditEvents').select(['type', 'actorId', 'data']).where('companyId', '=', tenant.company.id).execute();
      const viaScim = events.filter((event) => (JSON.parse(event.data) as { via?: string }).via === 'scim');
      expect(viaScim.every((event) => event.actorId === tenant.owner.id)).toBe(true);
      expect(events.length - viaScim.length).toBe(2); // company.created, scim_token.created
      expect(viaScim.length).toBeGreaterThanOrEqual(changes - 1); // a step may change nothing (Okta's PUT of the same active)
    });
  });
}
