import { authorize } from '../domain/policy.js';
import { COMPANY_ROLES, sortCompanyRoles, type CompanyRole } from '../domain/roles.js';
import { readMember, type MemberSeen } from '../model/members.js';
import { inCompanyAbout, type CommandContext } from './context.js';
import { replaceCompanyRoles } from './memberships.js';

export interface SetCompanyRolesInput {
  userId: string;
  /** The new, complete set of the member's company roles. */
  roles: readonly CompanyRole[];
}

/**
 * Replaces a member's company roles (§4 "Add to another team, edit roles": `admin` and `finance`
 * are edited by the owner alone). Idempotent: the same roles again change nothing and record nothing.
 */
export function setCompanyRoles(ctx: CommandContext, companyId: string, input: SetCompanyRolesInput): Promise<MemberSeen> {
  return inCompanyAbout(ctx, companyId, input.userId, async ({ tx, company, actor, target, audit }) => {
    // §2.2: only the owner grants or revokes `admin` and `finance`; §2.3: never their own.
    authorize(actor, 'member.setCompanyRoles', { member: target });

    const before = sortCompanyRoles(target.companyRoles);
    const after = sortCompanyRoles(input.roles);
    if (COMPANY_ROLES.some((role) => before.includes(role) !== after.includes(role))) {
      await replaceCompanyRoles(tx, company.id, target.userId, after);
      await audit({ type: 'member.company_roles_changed', targetId: target.userId, data: { before, after } });
    }
    return { member: await readMember(tx, company, target.userId), viewer: actor };
  });
}
