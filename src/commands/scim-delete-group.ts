import { DomainError } from '../domain/errors.js';
import { requireScimGroup } from '../model/scim.js';
import type { CommandContext } from './context.js';
import { inScim, type ScimAccess } from './scim-shared.js';

/**
 * SCIM deletes a Group: Roster never deletes a team (its contracts and audit events keep pointing
 * at it), so the team is hidden, as the owner hides one (§4 "Teams and ownership"): it keeps its
 * members and contracts, takes no one new, and SCIM no longer sees it. The default team is never
 * hidden (409 CONFLICT). One audit event, `team.hidden`.
 */
export async function scimDeleteGroup(ctx: CommandContext, access: ScimAccess, teamId: string): Promise<void> {
  await inScim(ctx, access, async ({ tx, company, audit }) => {
    const team = await requireScimGroup(tx, company.id, teamId, false);
    if (team.isDefault) throw new DomainError('CONFLICT', 'The default team cannot be deleted or hidden');
    await tx.updateTable('teams').set({ hidden: 1 }).where('id', '=', teamId).where('companyId', '=', company.id).execute();
    await audit({ type: 'team.hidden', targetId: teamId, teamId, data: { before: { hidden: false }, after: { hidden: true } } });
  });
}
