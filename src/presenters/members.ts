import type { Company } from '../db/schema.js';
import { can, type MemberContext } from '../domain/policy.js';
import { sortCompanyRoles, sortTeamRoles, type CompanyRole, type TeamRole } from '../domain/roles.js';
import type { LoadedMember } from '../model/members.js';
import { presentCompany } from './companies.js';

/** A member as API.md shapes it; `email` only for viewers who may see it (§2.5). */
export interface MemberView {
  userId: string;
  name: string;
  email?: string;
  isOwner: boolean;
  companyRoles: CompanyRole[];
  teams: { teamId: string; teamName: string; roles: TeamRole[] }[];
  /** When they were suspended in the company (§4 "Suspend and reinstate"), shown to every member; null: not suspended. */
  suspendedAt: string | null;
  /** In the members list: when they joined the company. */
  joinedAt?: string;
  /** In the members list, for the owner and admins: holds an admin role without two-factor on. */
  lacksTwoFactor?: boolean;
  /** In the members list, for the owner and admins: whether two-factor is on. */
  twoFactorEnabled?: boolean;
  /** In the members list, for the owner and admins: the last day (UTC, `YYYY-MM-DD`) they used Roster; null: not since it was recorded. */
  lastActiveOn?: string | null;
}

/** What a member holds in a company: whether they own it, their company roles, their teams with roles. */
const holdings = ({ context, teamNames }: LoadedMember) => ({
  isOwner: context.isOwner,
  companyRoles: sortCompanyRoles(context.companyRoles),
  teams: [...context.teams].map(([teamId, roles]) => ({
    teamId,
    teamName: teamNames.get(teamId) ?? '',
    roles: sortTeamRoles(roles),
  })),
});

/** A loaded member in the MemberView shape, as the viewer may see them. */
export function presentMember(member: LoadedMember, viewer: MemberContext): MemberView {
  const { row, context } = member;
  return {
    userId: row.userId,
    name: row.name,
    ...(can(viewer, 'member.viewEmail', { member: context }) ? { email: row.email } : {}),
    ...holdings(member),
    suspendedAt: row.suspendedAt ?? null,
  };
}

/** One company of the signed-in user with what they hold there: an entry of GET /me's `companies`. */
export function presentMembership(company: Company, member: LoadedMember) {
  return { company: presentCompany(company), ...holdings(member) };
}
