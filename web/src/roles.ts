import { ROLES, type Role, type TeamRole } from '../../src/domain/roles.js';
import type { Member } from './api.js';

/** The label of a role, from the one table of roles the server checks with. */
export const roleLabel = (role: Role): string => ROLES[role].label;

/** Why the viewer may not grant a role (RULES.md §2.2), for the disabled checkbox beside it. */
export function whyNotGrantable(role: TeamRole): string {
  if (role === 'team_admin') return 'Only an account admin or the owner can grant this role.';
  return 'You can grant only roles that you hold yourself in this team.';
}

/** "Owner, Account admin" and the like: what a member is company-wide. */
export function companyRoleNames(member: Pick<Member, 'isOwner' | 'companyRoles'>): string[] {
  return [...(member.isOwner ? [roleLabel('owner')] : []), ...member.companyRoles.map(roleLabel)];
}
