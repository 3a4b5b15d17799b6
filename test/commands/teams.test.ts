import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../src/commands/create-team.js';
import { updateTeam } from '../../src/commands/update-team.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The error codes of the refused runs, sorted; fulfilled runs count as 'OK'. */
const outcomes = (results: PromiseSettledResult<unknown>[]) =>
  results.map((result) => (result.status === 'fulfilled' ? 'OK' : (result.reason as { code: string }).code)).sort();

describe('team names under concurrency', () => {
  it('creates one team out of ten simultaneous creations of one name in different cases', async () => {
    const acme = await makeCompany(server);
    const as = server.as(acme.owner.id);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => createTeam(as, acme.company.id, { name: i % 2 ? 'Design' : 'DESIGN' })),
    );
    expect(outcomes(results)).toEqual(['OK', ...Array<string>(9).fill('TEAM_NAME_TAKEN')]);
    const teams = await server.db.kysely.selectFrom('teams').select('name').where('companyId', '=', acme.company.id).execute();
    expect(teams).toHaveLength(2);
    const created = await server.db.kysely
      .selectFrom('auditEvents')
      .select('id')
      .where('companyId', '=', acme.company.id)
      .where('type', '=', 'team.created')
      .execute();
    expect(created).toHaveLength(1);
  });

  it('lets only one of two teams take a name at the same moment', async () => {
    const acme = await makeCompany(server);
    const alpha = await acme.team('Alpha');
    const beta = await acme.team('Beta');
    const as = server.as(acme.owner.id);
    const results = await Promise.allSettled([
      updateTeam(as, acme.company.id, alpha, { name: 'Gamma' }),
      updateTeam(as, acme.company.id, beta, { name: 'gamma' }),
      createTeam(as, acme.company.id, { name: 'GAMMA' }),
    ]);
    expect(outcomes(results)).toEqual(['OK', 'TEAM_NAME_TAKEN', 'TEAM_NAME_TAKEN']);
    const keys = await server.db.kysely.selectFrom('teams').select('nameKey').where('companyId', '=', acme.company.id).execute();
    expect(keys.filter((team) => team.nameKey === 'gamma')).toHaveLength(1);
  });
});

describe('names given to the commands directly (not through the HTTP schemas)', () => {
  it('are stored normalised, compared so, and refused with characters that do not show', async () => {
    const acme = await makeCompany(server);
    const as = server.as(acme.owner.id);
    const { team } = await createTeam(as, acme.company.id, { name: '  Gen \u00a0 eral  ' });
    expect(team.name).toBe('Gen eral');
    await expect(createTeam(as, acme.company.id, { name: 'General\u200b' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(createTeam(as, acme.company.id, { name: '\u3000General ' })).rejects.toMatchObject({ code: 'TEAM_NAME_TAKEN' });
    await expect(updateTeam(as, acme.company.id, team.id, { name: '\u2066x\u2069' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(updateTeam(as, acme.company.id, team.id, { name: ' general ' })).rejects.toMatchObject({ code: 'TEAM_NAME_TAKEN' });
    const renamed = await updateTeam(as, acme.company.id, team.id, { name: 'Cafe\u0301  Ops' });
    expect(renamed.team.name).toBe('Caf\u00e9 Ops');
  });
});
