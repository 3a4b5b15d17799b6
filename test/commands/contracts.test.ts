import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContract } from '../../src/commands/create-contract.js';
import { loadMember } from '../../src/model/members.js';
import { removeFromTeam } from '../../src/commands/remove-from-team.js';
import { setTeamRoles } from '../../src/commands/set-team-roles.js';
import { updateContract } from '../../src/commands/update-contract.js';
import { qualifiesAsContactPerson } from '../../src/domain/policy.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** §3.3: the contact person of every active or paused contract of the company qualifies in its team. */
async function expectContactPersonsQualify(companyId: string): Promise<void> {
  const company = await server.db.kysely.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirstOrThrow();
  const contracts = await server.db.kysely
    .selectFrom('contracts')
    .selectAll()
    .where('companyId', '=', companyId)
    .where('status', 'in', ['active', 'paused'])
    .execute();
  for (const contract of contracts) {
    const contact = await loadMember(server.db.kysely, company, contract.contactPersonId);
    expect(contact !== null && qualifiesAsContactPerson(contact, contract.teamId)).toBe(true);
  }
}

/** A company with teams Alpha and Beta, two hiring managers and a contract in Alpha. */
async function setUp() {
  const acme = await makeCompany(server);
  const alpha = await acme.team('Alpha');
  const beta = await acme.team('Beta');
  const first = await acme.member({ teams: { [alpha]: ['hiring_manager'] } });
  const second = await acme.member({ teams: { [alpha]: ['hiring_manager'], [beta]: ['hiring_manager'] } });
  const contract = await createContract(server.as(first.id), acme.company.id, { teamId: alpha, title: 'Logo', freelancerName: 'Fran' });
  return { ...acme, alpha, beta, first, second, contract, owner: server.as(acme.owner.id) };
}

describe('the contact person under concurrency (§3.3)', () => {
  it('never leaves a contract with a contact person who lost hiring_manager while being made its contact', async () => {
    for (let round = 0; round < 5; round++) {
      const t = await setUp();
      const results = await Promise.allSettled([
        updateContract(t.owner, t.company.id, t.contract.id, { contactPersonId: t.second.id }),
        setTeamRoles(t.owner, t.company.id, { userId: t.second.id, teamId: t.alpha, roles: [] }),
      ]);
      // Either the reassignment ran first and the revocation is refused, or the other way round.
      const codes = results.map((result) => (result.status === 'fulfilled' ? 'OK' : (result.reason as { code: string }).code));
      expect([
        ['OK', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT'],
        ['NOT_HIRING_MANAGER', 'OK'],
      ]).toContainEqual(codes);
      await expectContactPersonsQualify(t.company.id);
    }
  });

  it('never moves a contract into a team its contact person is leaving at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const t = await setUp();
      await updateContract(t.owner, t.company.id, t.contract.id, { contactPersonId: t.second.id });
      const results = await Promise.allSettled([
        updateContract(t.owner, t.company.id, t.contract.id, { teamId: t.beta }),
        removeFromTeam(t.owner, t.company.id, { userId: t.second.id, teamId: t.beta }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      await expectContactPersonsQualify(t.company.id);
    }
  });
});
