import { authorize, isSelf } from '../domain/policy.js';
import { sortCompanyRoles, sortTeamRoles } from '../domain/roles.js';
import { inCompanyAbout, type CommandContext } from './context.js';
import { assertNotContactPerson } from './contact-person.js';
import { removeCompanyMembership } from './memberships.js';

/**
 * Removes a member from the whole company, every team membership and company role at once, or
 * nothing; with the caller's own id, the caller leaves the company (§4 "Remove from the company",
 * §2.3). Revokes the pending invitations they sent. Their access ends with the commit: roles are
 * read afresh on every request, so their next request to the company is NOT_FOUND.
 *
 * Order of checks, so that each refusal gives the reason that matters first and a caller without
 * the right learns nothing of the rules behind it:
 *   load the target (NOT_FOUND)
 *   → the caller's own id: the leave path (the owner: OWNER_CANNOT_BE_REMOVED)
 *   → the caller holds `member.removeFromCompany` company-wide or in a team of the target (FORBIDDEN)
 *   → the target is the owner (OWNER_CANNOT_BE_REMOVED)
 *   → rank, §2.4 (FORBIDDEN)
 *   → contact person of any active or paused contract (CONTACT_PERSON_ON_ACTIVE_CONTRACT)
 *   → write, one audit event.
 */
export function removeFromCompany(
  ctx: CommandContext,
  companyId: string,
  input: { userId: string },
): Promise<{ revokedInvitations: number }> {
  return inCompanyAbout(ctx, companyId, input.userId, async ({ tx, company, actor, target, now, audit }) => {
    // Your own id is leaving (§2.3): the owner cannot leave; else removal, each refusal in the
    // order above (the policies of `member.leave` and `member.removeFromCompany`).
    const leaving = isSelf(actor, target);
    if (leaving) authorize(actor, 'member.leave', { member: target });
    else authorize(actor, 'member.removeFromCompany', { member: target });
    // §3.3: the contact person of any active or paused contract stays until it is reassigned or ended.
    await assertNotContactPerson(tx, company.id, target.userId);

    const revokedInvitations = await removeCompanyMembership(tx, company.id, target.userId, now);
    await audit({
      type: leaving ? 'member.left' : 'member.removed_from_company',
      targetId: target.userId,
      data: {
        scope: 'company',
        before: {
          companyRoles: sortCompanyRoles(target.companyRoles),
          teams: [...target.teams].map(([teamId, roles]) => ({ teamId, roles: sortTeamRoles(roles) })),
        },
        revokedInvitations,
      },
    });
    return { revokedInvitations };
  });
}
