import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkChangeMembers, type BulkOutcome } from '../../src/commands/bulk-members.js';
import { PEOPLE_PER_TRANSACTION } from '../../src/commands/context.js';
import { createContract } from '../../src/commands/create-contract.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const doneIds = (outcomes: BulkOutcome[]) => outcomes.filter((outcome) => outcome.result === 'done').map((outcome) => outcome.userId);

describe('bulkChangeMembers under concurrency', () => {
  it('two bulk removals of the same people at once remove each person once, audited once; the other answers NOT_FOUND for them', async () => {
    const c = await makeCompany(server);
    const people = [];
    // More than one transaction's worth, so that the two requests interleave between their batches.
    for (let i = 0; i < PEOPLE_PER_TRANSACTION + 20; i++) people.push((await c.member()).id);
    const first = people.slice(0, 90);
    const second = [...people.slice(40)].reverse();
    const [a, b] = await Promise.all([
      bulkChangeMembers(server.as(c.owner.id), c.company.id, { action: 'remove_from_company', userIds: first }),
      bulkChangeMembers(server.as(c.owner.id), c.company.id, { action: 'remove_from_company', userIds: second }),
    ]);
    const removedTwice = doneIds(a).filter((id) => doneIds(b).includes(id));
    expect(removedTwice).toEqual([]);
    expect([...doneIds(a), ...doneIds(b)].sort()).toEqual([...people].sort());
    for (const outcome of [...a, ...b]) if (outcome.result === 'refused') expect(outcome.code).toBe('NOT_FOUND');
    const events = await server.db.kysely
      .selectFrom('auditEvents')
      .select('targetId')
      .where('companyId', '=', c.company.id)
      .where('type', '=', 'member.removed_from_company')
      .execute();
    expect(events.map((event) => event.targetId).sort()).toEqual([...people].sort());
    const left = await server.db.kysely.selectFrom('companyMembers').select('userId').where('companyId', '=', c.company.id).execute();
    expect(left.map((row) => row.userId)).toEqual([c.owner.id]);
  });

  it('a contract naming a person while a bulk removal runs: either the contract stands and they stay, or they are gone and it is refused', async () => {
    const c = await makeCompany(server);
    const managers = [];
    for (let i = 0; i < 30; i++) managers.push((await c.member({ teams: { [c.defaultTeamId]: ['hiring_manager'] } })).id);
    const named = managers[29] ?? '';
    const [outcomes, contract] = await Promise.all([
      bulkChangeMembers(server.as(c.owner.id), c.company.id, { action: 'remove_from_company', userIds: managers }),
      createContract(server.as(c.owner.id), c.company.id, { teamId: c.defaultTeamId, title: 'Logo', freelancerName: 'Fay', contactPersonId: named }).then(
        (made) => ({ made }),
        (error: unknown) => ({ error }),
      ),
    ]);
    const mine = outcomes.find((outcome) => outcome.userId === named);
    if ('made' in contract) {
      expect(mine).toMatchObject({ result: 'refused', code: 'CONTACT_PERSON_ON_ACTIVE_CONTRACT' });
    } else {
      expect(mine).toMatchObject({ result: 'done' });
      expect((contract.error as { code?: string }).code).toBe('NOT_FOUND');
    }
    // §3.3 holds either way: every running contract's contact person is a member of its team.
    const orphans = await server.db.kysely
      .selectFrom('contracts as k')
      .leftJoin('teamMembers as tm', (join) => join.onRef('tm.teamId', '=', 'k.teamId').onRef('tm.userId', '=', 'k.contactPersonId'))
      .select('k.id')
      .where('k.companyId', '=', c.company.id)
      .where('tm.userId', 'is', null)
      .execute();
    expect(orphans).toEqual([]);
  });
});
