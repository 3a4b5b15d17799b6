import type { Tx } from '../db/database.js';
import { authorize, isSelf, type MemberContext } from '../domain/policy.js';
import { sortCompanyRoles, sortTeamRoles } from '../domain/roles.js';
import type { AuditEntry } from './audit.js';
import { inCompanyAbout, type CommandContext, type TargetScope } from './context.js';
import { assertNotContactPerson } from './contact-person.js';
import { forgetFormerMember, rememberFormerMember } from './former-members.js';
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
  return inCompanyAbout(ctx, companyId, input.userId, removeFromCompanyOf);
}

/**
 * removeFromCompany on the member of `scope`, inside a transaction already under the company's
 * lock: the one path of the single removal and of the bulk one (bulk-members.ts).
 */
export async function removeFromCompanyOf({ tx, company, actor, target, now, audit }: TargetScope): Promise<{ revokedInvitations: number }> {
  // Your own id is leaving (§2.3): the owner cannot leave; else removal, each refusal in the
  // order above (the policies of `member.leave` and `member.removeFromCompany`).
  const leaving = isSelf(actor, target);
  if (leaving) authorize(actor, 'member.leave', { member: target });
  else authorize(actor, 'member.removeFromCompany', { member: target });
  // §3.3: the contact person of any active or paused contract stays until it is reassigned or ended.
  await assertNotContactPerson(tx, company.id, target.userId);

  const revokedInvitations = await removeAndRecord(tx, company.id, target, now, audit, leaving ? 'member.left' : 'member.removed_from_company');
  return { revokedInvitations };
}

/**
 * Removes `member` (as read under the company's lock) from the company and writes its one audit
 * event, with the roles and teams they held: what removal, leaving and deleting one's account
 * (delete-account.ts, `member.left` in each company) share. Returns the invitations revoked.
 */
export async function removeAndRecord(
  tx: Tx,
  companyId: string,
  member: MemberContext,
  now: Date,
  audit: (entry: AuditEntry) => Promise<void>,
  type: 'member.left' | 'member.removed_from_company',
  extra: Record<string, unknown> = {},
): Promise<number> {
  const revokedInvitations = await removeCompanyMembership(tx, companyId, member.userId, now);
  // Removed by someone else: what they held is offered back if they are invited again; one who
  // leaves is offered nothing (a removal before they re-joined no longer counts).
  if (type === 'member.removed_from_company') await rememberFormerMember(tx, companyId, member, now);
  else await forgetFormerMember(tx, companyId, member.userId);
  await audit({
    type,
    targetId: member.userId,
    data: {
      scope: 'company',
      before: {
        companyRoles: sortCompanyRoles(member.companyRoles),
        teams: [...member.teams].map(([teamId, roles]) => ({ teamId, roles: sortTeamRoles(roles) })),
      },
      revokedInvitations,
      ...extra,
    },
  });
  return revokedInvitations;
}
