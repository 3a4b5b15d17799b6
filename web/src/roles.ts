import type { Role, TeamRole } from '../../src/domain/roles.js';
import type { Member } from './api.js';
import { messages } from './i18n/catalogues.js';

/** The label of a role, in the page's language. */
export const roleLabel = (role: Role): string => messages().roles.labels[role];

/** Roles as a short list of their labels: "Hiring manager, Recruiter". */
export const roleLabels = (roles: readonly Role[]): string => roles.map(roleLabel).join(', ');

/** Why the viewer may not grant a role (RULES.md §2.2), for the disabled checkbox beside it. */
export function whyNotGrantable(role: TeamRole): string {
  const said = messages().roles;
  return role === 'team_admin' ? said.onlyAdminsGrantTeamAdmin : said.onlyRolesYouHold;
}

/** "Owner, Account admin" and the like: what a member is company-wide. */
export function companyRoleNames(member: Pick<Member, 'isOwner' | 'companyRoles'>): string[] {
  return [...(member.isOwner ? [roleLabel('owner')] : []), ...member.companyRoles.map(roleLabel)];
}
