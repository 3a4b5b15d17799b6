/**
 * The one table of roles, actions and ranks. Every permission check in the server, the CLI and the
 * web page reads it; nothing else decides what a role allows.
 */

/** Everything a member may be allowed to do. A misspelt action does not compile. */
export const ACTIONS = [
  'team.create',
  'team.rename',
  'team.hide',
  'member.viewEmail',
  'member.invite',
  'member.manage',
  'member.setCompanyRoles',
  'member.removeFromTeam',
  'member.removeFromCompany',
  /** Leaving a team or the company: no role grants it, every member may (the owner with limits, §2.3). */
  'member.leave',
  /** Exporting every member, with their emails, as CSV or JSON Lines. */
  'member.export',
  'invitation.list',
  'contract.create',
  'contract.reassign',
  'contract.manage',
  'audit.read',
  'ownership.transfer',
  /** Choosing who in the company must use two-factor authentication: the owner only. */
  'company.setTwoFactorRule',
  /** Adding, verifying and removing the company's domains. */
  'domain.manage',
  /** Whether people at the company's verified domains may join by themselves, and how. */
  'joining.configure',
  /** Approving or declining a request to join by domain, into a team. */
  'joinRequest.review',
  /** Making, listing and revoking the company's SCIM tokens: the owner only. */
  'scim.manage',
  /** Suspending a member in the company: their access ends, their memberships and contracts stay. */
  'member.suspend',
  /** Reinstating a suspended member: their access comes back with everything they held. */
  'member.reinstate',
  /** The company's single sign-on: its OpenID Provider, the domains it covers, whether it is enforced. */
  'sso.configure',
  /** The company's webhook endpoints: their URLs, events, secrets and delivery logs. */
  'webhook.manage',
  /** Making, listing and revoking the company's tokens for its other systems (the permission check). */
  'companyToken.manage',
  // What the company's other systems (the job board, time tracking, billing) ask Roster about with
  // the permission check; Roster itself does none of them. Team actions, but for the finance ones.
  /** Posting a job for the team. */
  'job.post',
  /** Reading and answering the proposals to the team's jobs. */
  'proposal.review',
  /** Hiring a freelancer into the team: making the offer that becomes a contract. */
  'freelancer.hire',
  /** Viewing the team's time sheets and work diaries. */
  'workDiary.view',
  /** The company's financial reports (company-wide). */
  'financialReport.view',
  /** Paying invoices and managing the company's billing methods (company-wide). */
  'payment.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

export const TEAM_ROLES = ['team_admin', 'hiring_manager', 'recruiter', 'work_diary'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const COMPANY_ROLES = ['admin', 'finance'] as const;
export type CompanyRole = (typeof COMPANY_ROLES)[number];

export type Role = 'owner' | CompanyRole | TeamRole;

/** Rank values of RULES.md §2: owner 4 > company admin 3 > team admin of the team 2 > anyone 1. */
export const RANK = { owner: 4, admin: 3, teamAdmin: 2, member: 1 } as const;
export type Rank = (typeof RANK)[keyof typeof RANK];

interface RoleSpec {
  /** `company` roles act in every team; `team` roles only in the team that grants them. */
  readonly scope: 'company' | 'team';
  readonly label: string;
  /** The rank this role gives its holder (in the company for company roles, in its team for team roles). */
  readonly rank: Rank;
  /** The lowest rank that may grant or revoke this role: it must rank below the granter (§2.2). */
  readonly grantRank: Rank;
  readonly actions: readonly Action[];
  /**
   * Roles that a holder without admin rank may pass on when inviting, among those they hold
   * themselves in that team (§2.2). Never `team_admin`.
   */
  readonly delegates: readonly TeamRole[];
}

export const ROLES = {
  owner: {
    scope: 'company',
    label: 'Account owner',
    rank: RANK.owner,
    grantRank: RANK.owner,
    actions: ACTIONS,
    delegates: [],
  },
  admin: {
    scope: 'company',
    label: 'Account admin',
    rank: RANK.admin,
    grantRank: RANK.owner,
    actions: [
      'team.create',
      'team.rename',
      'member.viewEmail',
      'member.invite',
      'member.manage',
      'member.removeFromTeam',
      'member.removeFromCompany',
      'member.export',
      'invitation.list',
      'contract.create',
      'contract.reassign',
      'contract.manage',
      'audit.read',
      'domain.manage',
      'joinRequest.review',
      'member.suspend',
      'member.reinstate',
      'webhook.manage',
      'companyToken.manage',
      'job.post',
      'proposal.review',
      'freelancer.hire',
      'workDiary.view',
    ],
    delegates: [],
  },
  finance: {
    // Financial reports and payments live outside Roster: the role is granted and shown here, and
    // the company's other systems ask the permission check about it.
    scope: 'company',
    label: 'Finance admin',
    rank: RANK.member,
    grantRank: RANK.owner,
    actions: ['financialReport.view', 'payment.manage'],
    delegates: [],
  },
  team_admin: {
    scope: 'team',
    label: 'Team admin',
    rank: RANK.teamAdmin,
    grantRank: RANK.admin,
    actions: [
      'team.rename',
      'member.viewEmail',
      'member.invite',
      'member.manage',
      'member.removeFromTeam',
      'member.removeFromCompany',
      'invitation.list',
      'contract.reassign',
      'audit.read',
      'joinRequest.review',
    ],
    delegates: [],
  },
  hiring_manager: {
    scope: 'team',
    label: 'Hiring manager',
    rank: RANK.member,
    grantRank: RANK.teamAdmin,
    actions: ['member.invite', 'contract.create', 'contract.manage', 'job.post', 'proposal.review', 'freelancer.hire'],
    delegates: ['hiring_manager', 'recruiter', 'work_diary'],
  },
  recruiter: {
    scope: 'team',
    label: 'Recruiter',
    rank: RANK.member,
    grantRank: RANK.teamAdmin,
    actions: ['member.invite', 'job.post', 'proposal.review'],
    delegates: ['recruiter'],
  },
  work_diary: {
    scope: 'team',
    label: 'Work diary viewer',
    rank: RANK.member,
    grantRank: RANK.teamAdmin,
    actions: ['workDiary.view'],
    delegates: [],
  },
} as const satisfies Record<Role, RoleSpec>;

export function isTeamRole(value: string): value is TeamRole {
  return (TEAM_ROLES as readonly string[]).includes(value);
}

export function isCompanyRole(value: string): value is CompanyRole {
  return (COMPANY_ROLES as readonly string[]).includes(value);
}

/** Sorts roles into the table's order, so that stored and returned role lists are stable. */
export function sortTeamRoles(roles: Iterable<TeamRole>): TeamRole[] {
  const set = new Set(roles);
  return TEAM_ROLES.filter((role) => set.has(role));
}

export function sortCompanyRoles(roles: Iterable<CompanyRole>): CompanyRole[] {
  const set = new Set(roles);
  return COMPANY_ROLES.filter((role) => set.has(role));
}
