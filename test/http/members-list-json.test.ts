import { serializerCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membersListShape } from '../../src/http/routes/members.js';
import { listMembers } from '../../src/queries/members.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, signedIn } from '../support/factories.js';

// The members list is written out field by field (membersListJson), not through Fastify's zod
// serialiser: its bytes must be the ones that serialiser makes of the same page, for every kind of
// viewer (emails shown or not, abilities of every kind) and page.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const zodSerialised = serializerCompiler({ schema: membersListShape, method: 'GET', url: '/members', httpStatus: '200' });

describe('the members list’s bytes', () => {
  it('are what the zod serialiser of its shape makes of the page', async () => {
    const c = await makeCompany(server);
    const design = await c.team('Design');
    const admin = await c.member({ companyRoles: ['admin', 'finance'] }, { name: 'Ada Admin' });
    const teamAdmin = await c.member({ teams: { [c.defaultTeamId]: [], [design]: ['team_admin'] } }, { name: 'Tess Teamadmin' });
    const manager = await c.member({ teams: { [design]: ['hiring_manager', 'recruiter', 'work_diary'] } }, { name: 'Hank Manager' });
    const plain = await c.member({}, { name: 'Pia Plain' });
    for (const viewer of [c.owner, admin, teamAdmin, manager, plain]) {
      const queries: { teamId?: string; q?: string; limit?: number }[] = [{}, { teamId: design }, { q: 'a' }, { limit: 2 }];
      for (const query of queries) {
        const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)])).toString();
        const res = await server.app.inject({
          method: 'GET',
          url: `/api/v1/companies/${c.company.id}/members${search === '' ? '' : `?${search}`}`,
          headers: await signedIn(server.db, viewer),
        });
        expect(res.statusCode, res.body).toBe(200);
        const page = await listMembers(server.db, viewer.id, c.company.id, { limit: 50, ...query });
        expect(res.body).toBe(zodSerialised(page));
      }
    }
  });
});
