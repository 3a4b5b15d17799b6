import { newId } from '../auth/secrets.js';
import type { Team } from '../db/schema.js';
import { storedName, teamNameKey } from '../domain/normalize.js';
import { requireScimGroup, type ScimGroupRecord } from '../model/scim.js';
import type { CommandContext } from './context.js';
import { addScimMembers, type ScimGroupInput } from './scim-groups-shared.js';
import { inScim, writeScimGroup, type ScimAccess } from './scim-shared.js';
import { assertTeamNameFree } from './update-team.js';

/**
 * SCIM creates a Group: a new team (§4 "Teams and ownership": its name normalised and free in the
 * company, else 409 TEAM_NAME_TAKEN, `uniqueness`), with the members it names, each with no roles.
 * One audit event, `team.created`, naming the members added.
 */
export async function scimCreateGroup(ctx: CommandContext, access: ScimAccess, input: ScimGroupInput): Promise<ScimGroupRecord> {
  return inScim(ctx, access, async ({ tx, company, now, audit }) => {
    const name = storedName(input.name, 'team name');
    await assertTeamNameFree(tx, company.id, name);
    const team: Team = { id: newId(), companyId: company.id, name, nameKey: teamNameKey(name), hidden: 0, isDefault: 0, createdAt: now.toISOString() };
    await tx.insertInto('teams').values(team).execute();
    await writeScimGroup(tx, { teamId: team.id, companyId: company.id, externalId: input.externalId, updatedAt: now.toISOString() });
    const memberIds = [...new Set(input.memberIds ?? [])];
    await addScimMembers(tx, company, team.id, memberIds, now);
    await audit({ type: 'team.created', targetId: team.id, teamId: team.id, data: { name, externalId: input.externalId, added: memberIds } });
    return requireScimGroup(tx, company.id, team.id);
  });
}
