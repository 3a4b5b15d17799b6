import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ProblemCode, Schema } from '@roster/client';
import { GENERATE_COMMAND, SCHEMA_FILE, schemaSource, servedDocument } from '../../scripts/typed-client.js';

/**
 * The typed client (clients/typescript) is generated from the OpenAPI document the server serves:
 * the committed wire types must be what the document makes now, or a route changed without them.
 */
describe('the typed client', () => {
  it(`is generated from the served document as it is now (else: ${GENERATE_COMMAND})`, async () => {
    const committed = readFileSync(new URL(`../../${SCHEMA_FILE}`, import.meta.url), 'utf8');
    const fresh = await schemaSource(await servedDocument());
    // One line, not a diff of 10,000: what to run is the message.
    expect(committed === fresh, `${SCHEMA_FILE} is stale: run \`${GENERATE_COMMAND}\` and commit it`).toBe(true);
  }, 120_000);

  it('types the problem codes of each operation, and the shapes by name', () => {
    expectTypeOf<'TEAM_NAME_TAKEN'>().toExtend<ProblemCode<'createTeam'>>();
    expectTypeOf<'OWNER_CANNOT_BE_REMOVED'>().toExtend<ProblemCode<'removeMemberFromCompany'>>();
    // @ts-expect-error: creating a team never answers OWNER_CANNOT_BE_REMOVED
    expectTypeOf<'OWNER_CANNOT_BE_REMOVED'>().toExtend<ProblemCode<'createTeam'>>();
    expectTypeOf<Schema<'Member'>['companyRoles']>().toEqualTypeOf<('admin' | 'finance')[]>();
  });
});
