import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/auth/secrets.js';
import { addTeamMembership, ensureCompanyMember } from '../../src/commands/memberships.js';
import { BULK_MEMBERS_MAX } from '../../src/domain/bulk.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany } from '../support/factories.js';
import { api, call, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** `count` members of the default team, made in one transaction (the factories' one per member would take longer than the test). */
async function manyMembers(c: Awaited<ReturnType<typeof makeCompany>>, count: number): Promise<string[]> {
  const users = Array.from({ length: count }, (_, i) => ({
    id: newId(),
    email: `many-${i}-${newId()}@example.com`,
    name: `Many ${String(i).padStart(4, '0')}`,
    passwordHash: c.owner.passwordHash,
    emailVerified: 1 as const,
    createdAt: new Date().toISOString(),
  }));
  for (let start = 0; start < users.length; start += 200) await server.db.kysely.insertInto('users').values(users.slice(start, start + 200)).execute();
  await server.db.write(async (tx) => {
    const now = new Date();
    for (const user of users) {
      await ensureCompanyMember(tx, c.company.id, user, now);
      await addTeamMembership(tx, { companyId: c.company.id, teamId: c.defaultTeamId, userId: user.id }, [], now);
    }
  });
  return users.map((user) => user.id);
}

describe('a bulk change of a thousand people', () => {
  it('removes 1,000 members in one request, each answered and audited on their own; a filter matching more is refused whole', async () => {
    const c = await makeCompany(server);
    const ids = await manyMembers(c, BULK_MEMBERS_MAX + 1);
    const url = api(`/companies/${c.company.id}/members/bulk`);

    // All 1,002 match (the owner too): more than one request takes, so nothing is done.
    await expectRefused(server.db, await request(server, 'POST', url, c.owner, { action: 'remove_from_company', filter: {} }), 409, 'CONFLICT');

    const res = await call(server, 'POST', url, c.owner, { action: 'remove_from_company', userIds: ids.slice(0, BULK_MEMBERS_MAX) });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { userId: string; result: string }[] }>().items;
    expect(items).toHaveLength(BULK_MEMBERS_MAX);
    expect(items.every((item) => item.result === 'done')).toBe(true);
    const members = await server.db.kysely.selectFrom('companyMembers').select('userId').where('companyId', '=', c.company.id).execute();
    expect(members.map((row) => row.userId).sort()).toEqual([c.owner.id, ids[BULK_MEMBERS_MAX]].sort());
    const events = await server.db.kysely
      .selectFrom('auditEvents')
      .select('targetId')
      .where('companyId', '=', c.company.id)
      .where('type', '=', 'member.removed_from_company')
      .execute();
    expect(events).toHaveLength(BULK_MEMBERS_MAX);
  });
});
