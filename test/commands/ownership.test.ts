import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferOwnership } from '../../src/commands/transfer-ownership.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, TEST_PASSWORD } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('ownership under concurrency (§3.1)', () => {
  it('hands the company to exactly one of two heirs chosen at the same moment', async () => {
    const acme = await makeCompany(server);
    const design = await acme.team('Design');
    const heirs = [await acme.member({ teams: { [design]: [] } }), await acme.member({ teams: { [design]: [] } })];
    const as = server.as(acme.owner.id);
    const results = await Promise.allSettled(
      heirs.map((heir) => transferOwnership(as, acme.company.id, { userId: heir.id, password: TEST_PASSWORD })),
    );
    // The password is checked before the transaction; the second transfer then finds its actor
    // no longer the owner.
    const codes = results.map((result) => (result.status === 'fulfilled' ? 'OK' : (result.reason as { code: string }).code));
    expect(codes.sort()).toEqual(['FORBIDDEN', 'OK']);

    const company = await server.db.kysely.selectFrom('companies').selectAll().where('id', '=', acme.company.id).executeTakeFirstOrThrow();
    const winner = heirs.findIndex((_, i) => results[i]!.status === 'fulfilled');
    expect(company.ownerId).toBe(heirs[winner]!.id);
    // The owner is a member of the default team (§3.1); the one who lost is not put there.
    const inDefault = await server.db.kysely
      .selectFrom('teamMembers')
      .select('userId')
      .where('teamId', '=', acme.defaultTeamId)
      .execute();
    expect(inDefault.map((row) => row.userId).sort()).toEqual([acme.owner.id, heirs[winner]!.id].sort());
    const transfers = await server.db.kysely
      .selectFrom('auditEvents')
      .select('id')
      .where('companyId', '=', acme.company.id)
      .where('type', '=', 'ownership.transferred')
      .execute();
    expect(transfers).toHaveLength(1);
  });
});
