import { storedName, teamNameKey } from '../domain/normalize.js';
import { requireScimGroup, type ScimGroupRecord } from '../model/scim.js';
import type { CommandContext } from './context.js';
import { addScimMembers, removeScimMembers, type ScimGroupInput } from './scim-groups-shared.js';
import { inScim, writeScimGroup, type ScimAccess } from './scim-shared.js';
import { assertTeamNameFree } from './update-team.js';

/**
 * SCIM replaces (PUT) or patches (PATCH) a Group: `decide` is given the team as it is, read under
 * the company's lock, and answers what it is to become (the route checks `If-Match` and applies
 * the request). A new name follows §4 "Teams and ownership" (409 TEAM_NAME_TAKEN); members added
 * join with no roles (each a member of the company, else 400 `invalidValue`); members removed
 * follow §4 "Remove from a team" (the owner stays in the default team, a contact person in the
 * team of their running contracts: 409, changing nothing). Nothing changed: nothing written; else
 * one audit event, `team.scim_updated`, with the name before and after and who was added and
 * removed (and who left the company with it).
 */
export async function scimUpdateGroup(
  ctx: CommandContext,
  access: ScimAccess,
  teamId: string,
  decide: (current: ScimGroupRecord) => Promise<ScimGroupInput>,
): Promise<ScimGroupRecord> {
  return inScim(ctx, access, async ({ tx, company, now, audit }) => {
    const current = await requireScimGroup(tx, company.id, teamId);
    const desired = await decide(current);
    const name = storedName(desired.name, 'team name');
    const renamed = name !== current.name;
    const held = new Set((current.members ?? []).map((m) => m.userId));
    const wanted = desired.memberIds === undefined ? held : new Set(desired.memberIds);
    const added = [...wanted].filter((id) => !held.has(id));
    const removed = [...held].filter((id) => !wanted.has(id));
    const externalIdChanged = desired.externalId !== current.externalId;
    if (!renamed && added.length === 0 && removed.length === 0 && !externalIdChanged) return current;

    if (renamed) {
      await assertTeamNameFree(tx, company.id, name, teamId);
      await tx.updateTable('teams').set({ name, nameKey: teamNameKey(name) }).where('id', '=', teamId).where('companyId', '=', company.id).execute();
    }
    const leftCompany = await removeScimMembers(tx, company, teamId, removed, now);
    await addScimMembers(tx, company, teamId, added, now);
    await writeScimGroup(tx, { teamId, companyId: company.id, externalId: desired.externalId, updatedAt: now.toISOString() });
    await audit({
      type: 'team.scim_updated',
      targetId: teamId,
      teamId,
      data: {
        ...(renamed ? { before: { name: current.name }, after: { name } } : {}),
        ...(externalIdChanged ? { externalId: desired.externalId } : {}),
        added,
        removed,
        leftCompany,
      },
    });
    return requireScimGroup(tx, company.id, teamId);
  });
}
