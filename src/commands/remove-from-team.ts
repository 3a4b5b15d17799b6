import { notFound } from '../domain/errors.js';
import { authorize, isSelf, type MemberContext } from '../domain/policy.js';
import { sortTeamRoles } from '../domain/roles.js';
import { inCompanyAbout, type CommandContext, type TargetScope } from './context.js';
import { readMember, requireTeam, type LoadedMember } from '../model/members.js';
import { assertNotContactPerson } from './contact-person.js';
import { forgetFormerMember, rememberFormerMember } from './former-members.js';
import { removeTeamMembership } from './memberships.js';

export interface RemoveFromTeamResult {
  /** The member as they are now, or null when it was their last team and they left the company. */
  member: LoadedMember | null;
  /** Who is to see them: the actor. */
  viewer: MemberContext;
  leftCompany: boolean;
}

/**
 * Removes a member from one team; with the caller's own id, the caller leaves it (§4 "Remove from
 * a team", §2.3). Their last team gone, they are no longer a member, and the pending invitations
 * they sent are revoked.
 *
 * Order of checks, so that each refusal gives the reason that matters first and a caller without
 * the right learns nothing of the rules behind it:
 *   load the target and their membership of the team (NOT_FOUND)
 *   → the caller's own id: the leave path (the owner's default team: OWNER_CANNOT_BE_REMOVED)
 *   → the caller holds `member.removeFromTeam` in the team (FORBIDDEN)
 *   → the target is the owner (OWNER_CANNOT_BE_REMOVED)
 *   → rank and grant rules (FORBIDDEN)
 *   → contact person of the team's active or paused contracts (CONTACT_PERSON_ON_ACTIVE_CONTRACT)
 *   → write, one audit event.
 */
export function removeFromTeam(
  ctx: CommandContext,
  companyId: string,
  input: { userId: string; teamId: string },
): Promise<RemoveFromTeamResult> {
  return inCompanyAbout(ctx, companyId, input.userId, async (scope) => {
    const { leftCompany } = await removeFromTeamOf(scope, input);
    return {
      member: leftCompany ? null : await readMember(scope.tx, scope.company, scope.target.userId),
      viewer: scope.actor,
      leftCompany,
    };
  });
}

/**
 * removeFromTeam on the member of `scope`, inside a transaction already under the company's lock:
 * the one path of the single removal and of the bulk one (bulk-members.ts).
 */
export async function removeFromTeamOf(
  { tx, company, actor, target, now, audit }: TargetScope,
  input: { teamId: string },
): Promise<{ leftCompany: boolean }> {
  const team = await requireTeam(tx, company.id, input.teamId);
  const roles = target.teams.get(team.id);
  if (roles === undefined) throw notFound('Team membership');
  // Your own id is leaving (§2.3): the owner cannot leave the default team; else removal, each
  // refusal in the order above (the policies of `member.leave` and `member.removeFromTeam`).
  const leaving = isSelf(actor, target);
  if (leaving) {
    authorize(actor, 'member.leave', { member: target, team: { teamId: team.id, isDefault: team.id === company.defaultTeamId } });
  } else {
    authorize(actor, 'member.removeFromTeam', { member: target, teamId: team.id });
  }
  // §3.3: the contact person of the team's active or paused contracts stays in the team.
  await assertNotContactPerson(tx, company.id, target.userId, team.id);

  const { leftCompany, revokedInvitations } = await removeTeamMembership(tx, company.id, team.id, target, now);
  // Out of their last team: as a removal from the company (remove-from-company.ts, removeAndRecord).
  if (leftCompany && !leaving) await rememberFormerMember(tx, company.id, target, now);
  if (leftCompany && leaving) await forgetFormerMember(tx, company.id, target.userId);
  await audit({
    type: leaving ? 'member.left' : 'member.removed_from_team',
    targetId: target.userId,
    teamId: team.id,
    data: { scope: 'team', before: sortTeamRoles(roles), leftCompany, revokedInvitations },
  });
  return { leftCompany };
}
