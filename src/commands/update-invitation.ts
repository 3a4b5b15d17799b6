import { DomainError } from '../domain/errors.js';
import { sortCompanyRoles, sortTeamRoles, type CompanyRole } from '../domain/roles.js';
import { effectiveStatus, withTeams, type InvitationRecord } from '../model/invitations.js';
import { inCompany, type CommandContext } from './context.js';
import {
  assertTeamsShown,
  authorizeGrants,
  loadGrants,
  requireInvitation,
  requireTeams,
  soleTeamId,
  type InvitationGrants,
  type TeamGrant,
} from './invitations-shared.js';

export interface UpdateInvitationInput {
  /** Replaces the invitation's teams and their roles. */
  teams?: readonly TeamGrant[];
  /** Replaces the invitation's company roles. */
  companyRoles?: readonly CompanyRole[];
}

/**
 * Edits what a pending invitation grants (§4 "Invite"). The actor must be allowed to grant both
 * what it carried and what it will carry, so that nobody widens or narrows an offer beyond their
 * own reach. The link and the expiry stay as they are.
 */
export async function updateInvitation(
  ctx: CommandContext,
  companyId: string,
  invitationId: string,
  input: UpdateInvitationInput,
): Promise<InvitationRecord> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    const invitation = await requireInvitation(tx, company.id, invitationId);
    const before = (await loadGrants(tx, [invitation])).get(invitation.id) ?? { teams: [], companyRoles: [] };
    const after: InvitationGrants = {
      teams: input.teams?.map((grant) => ({ teamId: grant.teamId, roles: sortTeamRoles(grant.roles) })) ?? before.teams,
      companyRoles: input.companyRoles ? sortCompanyRoles(input.companyRoles) : before.companyRoles,
    };
    const newTeams = await requireTeams(tx, company.id, input.teams?.map((grant) => grant.teamId) ?? []);
    authorizeGrants(actor, before);
    authorizeGrants(actor, after);

    // §4: only a pending invitation is edited; an expired one is resent or revoked instead.
    const status = effectiveStatus(invitation, now);
    if (status !== 'pending') {
      throw new DomainError('CONFLICT', `This invitation is ${status}; only a pending invitation can be edited`);
    }
    // §4 "Teams": a hidden team takes no new invitations.
    assertTeamsShown(newTeams.values());

    if (input.teams) {
      await tx.deleteFrom('invitationTeams').where('invitationId', '=', invitation.id).where('companyId', '=', company.id).execute();
      await tx
        .insertInto('invitationTeams')
        .values(
          after.teams.map((grant) => ({
            invitationId: invitation.id,
            companyId: company.id,
            teamId: grant.teamId,
            roles: JSON.stringify(grant.roles),
          })),
        )
        .execute();
    }
    const updatedAt = now.toISOString();
    await tx
      .updateTable('invitations')
      .set({ companyRoles: JSON.stringify(after.companyRoles), updatedAt })
      .where('id', '=', invitation.id)
      .where('companyId', '=', company.id)
      .execute();
    await audit({
      type: 'invitation.updated',
      targetId: invitation.id,
      teamId: soleTeamId([before, after]),
      data: { invitationId: invitation.id, email: invitation.email, before, after },
    });
    const [updated] = await withTeams(tx, [{ ...invitation, companyRoles: JSON.stringify(after.companyRoles), updatedAt }]);
    if (!updated) throw new Error(`no invitation ${invitation.id}`);
    return updated;
  });
}
