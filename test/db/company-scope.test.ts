import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeTeamRoles, removeTeamMembership } from '../../src/commands/memberships.js';
import type { MemberContext } from '../../src/domain/policy.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, snapshot } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/**
 * Defence in depth (ARCHITECTURE.md "One request, end to end", step 4): the membership writes repeat
 * the company id in every WHERE, so a team of one company named with another company's id changes
 * nothing, even where a command's own checks were wrong.
 */
describe('membership writes are scoped to the company they name', () => {
  it('removing a team role or a team membership under another company’s id deletes nothing', async () => {
    const acme = await makeCompany(server, 'Acme');
    const other = await makeCompany(server, 'Other');
    const design = await acme.team('Design');
    const person = await acme.member({ teams: { [acme.defaultTeamId]: [], [design]: ['hiring_manager'] } });
    const wrongScope = { companyId: other.company.id, teamId: design, userId: person.id };
    const member: MemberContext = {
      userId: person.id,
      isOwner: false,
      companyRoles: new Set(),
      teams: new Map([
        [acme.defaultTeamId, new Set()],
        [design, new Set(['hiring_manager'] as const)],
      ]),
    };

    const before = await snapshot(server.db);
    await server.db.write(async (tx) => {
      await changeTeamRoles(tx, wrongScope, new Set(['hiring_manager']), []);
      await removeTeamMembership(tx, other.company.id, design, member, new Date());
    });
    expect(await snapshot(server.db)).toEqual(before);

    // The same calls under the right company do write: the test above could fail.
    await server.db.write((tx) => changeTeamRoles(tx, { ...wrongScope, companyId: acme.company.id }, new Set(['hiring_manager']), []));
    expect(await snapshot(server.db)).not.toEqual(before);
  });
});
