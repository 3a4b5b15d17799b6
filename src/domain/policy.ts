import { DomainError, forbidden, type ErrorCode } from './errors.js';
import {
  RANK,
  ROLES,
  type Action,
  type CompanyRole,
  type Rank,
  type Role,
  type TeamRole,
  sortCompanyRoles,
  sortTeamRoles,
} from './roles.js';

/** What the rules need to know of one member of one company, read afresh on every request. */
export interface MemberContext {
  readonly userId: string;
  readonly isOwner: boolean;
  readonly companyRoles: ReadonlySet<CompanyRole>;
  /** teamId → the roles held there (an empty set: a plain member of the team). */
  readonly teams: ReadonlyMap<string, ReadonlySet<TeamRole>>;
  /**
   * Suspended in the company (RULES.md §4 "Suspend and reinstate"): they keep their teams, roles
   * and contracts, but act there as a non-member (inCompany, readAsMember: NOT_FOUND). Absent: not.
   */
  readonly suspended?: boolean;
}

/** The company-wide roles of a member, the owner included. */
function companyWideRoles(member: MemberContext): Role[] {
  return member.isOwner ? ['owner', ...member.companyRoles] : [...member.companyRoles];
}

/** Rank in the company: owner 4 > company admin 3 > anyone else 1. */
export function companyRank(member: MemberContext): Rank {
  if (member.isOwner) return RANK.owner;
  let rank: Rank = RANK.member;
  for (const role of member.companyRoles) if (ROLES[role].rank > rank) rank = ROLES[role].rank;
  return rank;
}

/** Rank in one team: owner 4 > company admin 3 > team admin of that team 2 > anyone else 1. */
export function teamRank(member: MemberContext, teamId: string): Rank {
  let rank = companyRank(member);
  for (const role of member.teams.get(teamId) ?? []) if (ROLES[role].rank > rank) rank = ROLES[role].rank;
  return rank;
}

/**
 * The actions a member's roles allow, read off the roles table once per MemberContext: those their
 * company-wide roles allow, those some team role of theirs allows in at least one team, and per
 * team of theirs. A members page asks the policy about its viewer some 250 times; each answer is
 * then a lookup. A context is read afresh for each request and never changed (its sets and map are
 * read-only), so what is derived from it holds as long as it lives.
 */
interface Allowed {
  readonly everywhere: ReadonlySet<Action>;
  readonly inSomeTeam: ReadonlySet<Action>;
  readonly inTeam: ReadonlyMap<string, ReadonlySet<Action>>;
}

const allowedOf = new WeakMap<MemberContext, Allowed>();

function allowed(member: MemberContext): Allowed {
  const known = allowedOf.get(member);
  if (known !== undefined) return known;
  const everywhere = new Set<Action>(companyWideRoles(member).flatMap((role) => ROLES[role].actions));
  const inSomeTeam = new Set<Action>();
  const inTeam = new Map<string, ReadonlySet<Action>>();
  for (const [teamId, roles] of member.teams) {
    const actions = new Set<Action>([...roles].flatMap((role) => ROLES[role].actions));
    for (const action of actions) inSomeTeam.add(action);
    inTeam.set(teamId, actions);
  }
  const made = { everywhere, inSomeTeam, inTeam };
  allowedOf.set(member, made);
  return made;
}

/** Whether a role of the member allows the action: company-wide, or in the given team (in any team without one). */
export function holds(member: MemberContext, action: Action, teamId?: string): boolean {
  const { everywhere, inSomeTeam, inTeam } = allowed(member);
  if (everywhere.has(action)) return true;
  return teamId === undefined ? inSomeTeam.has(action) : (inTeam.get(teamId)?.has(action) ?? false);
}

/** Whether a company-wide role (owner, admin, finance) allows the action, in every team at once. */
export function holdsEverywhere(member: MemberContext, action: Action): boolean {
  return allowed(member).everywhere.has(action);
}

export const isSelf = (actor: MemberContext, target: MemberContext): boolean => actor.userId === target.userId;

/** §2.1: you act on someone in a team only with a rank there higher than theirs. */
export const outranksInTeam = (actor: MemberContext, target: MemberContext, teamId: string): boolean =>
  teamRank(actor, teamId) > teamRank(target, teamId);

/**
 * §2.4: removing someone from the whole company needs company rank above theirs, or team-admin
 * rank above theirs in every team they belong to.
 */
export const outranksInCompany = (actor: MemberContext, target: MemberContext): boolean =>
  companyRank(actor) > companyRank(target) ||
  (target.teams.size > 0 &&
    [...target.teams.keys()].every(
      (teamId) => holds(actor, 'member.removeFromCompany', teamId) && outranksInTeam(actor, target, teamId),
    ));

/**
 * §2.4 scope: the actor removes members company-wide, or in at least one team of the target. Without
 * it, removing the target from the company is FORBIDDEN before any other rule is looked at.
 */
export const managesAnyTeamOf = (actor: MemberContext, target: MemberContext): boolean =>
  holdsEverywhere(actor, 'member.removeFromCompany') ||
  [...target.teams.keys()].some((teamId) => holds(actor, 'member.removeFromCompany', teamId));

/**
 * §2.2: the team roles the actor may grant or revoke in a team. Admin rank grants every role
 * ranking below it; hiring managers and recruiters pass on only roles they hold themselves there.
 */
export function grantableTeamRoles(actor: MemberContext, teamId: string): Set<TeamRole> {
  const rank = teamRank(actor, teamId);
  const grantable = new Set<TeamRole>();
  if (rank >= RANK.teamAdmin) {
    for (const role of ['team_admin', 'hiring_manager', 'recruiter', 'work_diary'] as const) {
      if (ROLES[role].grantRank <= rank) grantable.add(role);
    }
    return grantable;
  }
  const held = actor.teams.get(teamId) ?? new Set<TeamRole>();
  for (const role of held) {
    for (const delegated of ROLES[role].delegates) {
      if (held.has(delegated)) grantable.add(delegated);
    }
  }
  return grantable;
}

/** §2.2: `admin` and `finance` are granted and revoked by the owner alone. */
export function grantableCompanyRoles(actor: MemberContext): Set<CompanyRole> {
  const rank = companyRank(actor);
  return new Set((['admin', 'finance'] as const).filter((role) => ROLES[role].grantRank <= rank));
}

/** What the actor targets with an action; each action names the fields its rule reads. */
export interface ActionTargets {
  'team.create': Record<string, never>;
  'team.rename': { teamId: string };
  'team.hide': { teamId: string };
  'member.viewEmail': { member: MemberContext };
  'member.invite': { teamId: string; roles: readonly TeamRole[]; companyRoles: readonly CompanyRole[] };
  'member.manage': { member: MemberContext; teamId: string; changedRoles: readonly TeamRole[] };
  'member.setCompanyRoles': { member: MemberContext };
  'member.removeFromTeam': { member: MemberContext; teamId: string };
  'member.removeFromCompany': { member: MemberContext };
  /** Leaving one team (`team` given) or the whole company. */
  'member.leave': { member: MemberContext; team?: { teamId: string; isDefault: boolean } };
  'member.export': Record<string, never>;
  'invitation.list': { teamId?: string };
  'contract.create': { teamId: string };
  'contract.reassign': { teamId: string; contactPersonId: string };
  'contract.manage': { teamId: string };
  'audit.read': Record<string, never>;
  /** Without `member`: whether the actor may transfer ownership at all (asked before the password check). */
  'ownership.transfer': { member?: MemberContext };
  'company.setTwoFactorRule': Record<string, never>;
  'domain.manage': Record<string, never>;
  'joining.configure': Record<string, never>;
  'sso.configure': Record<string, never>;
  /** Without `teamId`: whether the actor reviews requests into any team at all (the list). */
  'joinRequest.review': { teamId?: string };
  'scim.manage': Record<string, never>;
  'member.suspend': { member: MemberContext };
  'member.reinstate': { member: MemberContext };
}

/**
 * A refusal with its own code. A policy answers one where a rule with its own code sits between
 * its checks in the documented order of refusals: the owner's removal (§3.1, DECISIONS.md
 * "Removing people") is `OWNER_CANNOT_BE_REMOVED` for whoever may remove members there, after
 * that scope check and before rank.
 */
interface Refusal {
  readonly code: ErrorCode;
  readonly detail: string;
}

/** A policy's answer: allowed (`true`), FORBIDDEN (`false`), or refused with a code of its own. */
type Verdict = boolean | Refusal;

type Policies = { [A in Action]: (actor: MemberContext, target: ActionTargets[A]) => Verdict };

const ownerCannotBeRemoved = (detail: string): Refusal => ({ code: 'OWNER_CANNOT_BE_REMOVED', detail });

/** One small policy per action, built from the named predicates above. */
const POLICIES: Policies = {
  'team.create': (actor) => holds(actor, 'team.create'),
  'team.rename': (actor, { teamId }) => holds(actor, 'team.rename', teamId),
  'team.hide': (actor) => holds(actor, 'team.hide'),
  'member.viewEmail': (actor, { member }) =>
    isSelf(actor, member) ||
    holdsEverywhere(actor, 'member.viewEmail') ||
    [...member.teams.keys()].some((teamId) => holds(actor, 'member.viewEmail', teamId)),
  'member.invite': (actor, { teamId, roles, companyRoles }) => {
    if (!holds(actor, 'member.invite', teamId)) return false;
    const teamGrantable = grantableTeamRoles(actor, teamId);
    const companyGrantable = grantableCompanyRoles(actor);
    return roles.every((role) => teamGrantable.has(role)) && companyRoles.every((role) => companyGrantable.has(role));
  },
  'member.manage': (actor, { member, teamId, changedRoles }) => {
    // §2.3 keeps anyone from raising their own power; the owner already holds all of it, and is the
    // only one who can put the owner in a team (nobody outranks them).
    if (isSelf(actor, member)) return actor.isOwner;
    if (!holds(actor, 'member.manage', teamId)) return false;
    if (!outranksInTeam(actor, member, teamId)) return false;
    const grantable = grantableTeamRoles(actor, teamId);
    return changedRoles.every((role) => grantable.has(role));
  },
  'member.setCompanyRoles': (actor, { member }) =>
    !isSelf(actor, member) && holds(actor, 'member.setCompanyRoles') && companyRank(actor) > companyRank(member),
  // §2.3, §2.1–2.2: removing someone from a team revokes every role they hold there, so it needs
  // what changing those roles needs. Your own id is leaving (`member.leave`), not removal.
  'member.removeFromTeam': (actor, { member, teamId }) => {
    if (isSelf(actor, member) || !holds(actor, 'member.removeFromTeam', teamId)) return false;
    // §2 and §3.1: the owner is removed from no team by anyone else; they may leave a team themselves.
    if (member.isOwner) return ownerCannotBeRemoved('The account owner cannot be removed from a team');
    return can(actor, 'member.manage', { member, teamId, changedRoles: [...(member.teams.get(teamId) ?? [])] });
  },
  // §2.4: removal from a team of theirs first (FORBIDDEN), then the owner (§3.1), then company rank
  // above theirs, or team-admin rank above theirs in every team of theirs (FORBIDDEN).
  'member.removeFromCompany': (actor, { member }) => {
    if (isSelf(actor, member) || !managesAnyTeamOf(actor, member)) return false;
    if (member.isOwner) return ownerCannotBeRemoved('The account owner cannot be removed');
    return outranksInCompany(actor, member);
  },
  // §2.3 and §3.1: any member may leave; the company always has its owner, in its default team.
  'member.leave': (actor, { member, team }) => {
    if (!isSelf(actor, member)) return false;
    if (!member.isOwner) return true;
    if (team === undefined) return ownerCannotBeRemoved('The account owner cannot leave; transfer ownership first');
    return team.isDefault ? ownerCannotBeRemoved('The account owner cannot leave the default team') : true;
  },
  'member.export': (actor) => holds(actor, 'member.export'),
  'invitation.list': (actor, { teamId }) => holds(actor, 'invitation.list', teamId),
  'contract.create': (actor, { teamId }) => holds(actor, 'contract.create', teamId),
  'contract.reassign': (actor, { teamId, contactPersonId }) =>
    actor.userId === contactPersonId || holds(actor, 'contract.reassign', teamId),
  'contract.manage': (actor, { teamId }) => holds(actor, 'contract.manage', teamId),
  'audit.read': (actor) => holds(actor, 'audit.read'),
  'ownership.transfer': (actor, { member }) =>
    (member === undefined || (!isSelf(actor, member) && !member.isOwner)) && holds(actor, 'ownership.transfer'),
  'company.setTwoFactorRule': (actor) => holds(actor, 'company.setTwoFactorRule'),
  'domain.manage': (actor) => holds(actor, 'domain.manage'),
  'joining.configure': (actor) => holds(actor, 'joining.configure'),
  'sso.configure': (actor) => holds(actor, 'sso.configure'),
  // An admin reviews every request; a team admin those into their teams.
  'joinRequest.review': (actor, { teamId }) => holds(actor, 'joinRequest.review', teamId),
  'scim.manage': (actor) => holds(actor, 'scim.manage'),
  // §4 "Suspend and reinstate": the owner and admins, never on themselves; the owner is never
  // suspended (its own code, after the right and before rank); then company rank above theirs, as
  // for the company roles (an admin suspends neither another admin nor the owner).
  'member.suspend': (actor, { member }) => {
    if (isSelf(actor, member) || !holds(actor, 'member.suspend')) return false;
    if (member.isOwner) return { code: 'OWNER_CANNOT_BE_SUSPENDED', detail: 'The account owner cannot be suspended' };
    return companyRank(actor) > companyRank(member);
  },
  'member.reinstate': (actor, { member }) =>
    !isSelf(actor, member) && holds(actor, 'member.reinstate') && companyRank(actor) > companyRank(member),
};

/** Whether the actor may take the action on the target. */
export function can<A extends Action>(actor: MemberContext, action: A, target: ActionTargets[A]): boolean {
  return POLICIES[action](actor, target) === true;
}

/** Like `can`, but refuses: FORBIDDEN (with `detail` if given), or the code of the rule the policy names. */
export function authorize<A extends Action>(
  actor: MemberContext,
  action: A,
  target: ActionTargets[A],
  detail?: string,
): void {
  const verdict = POLICIES[action](actor, target);
  if (verdict === true) return;
  throw verdict === false ? forbidden(detail) : new DomainError(verdict.code, verdict.detail);
}

/** What the page may offer: one key per action of the roles table, as the policy answers it. */
export type Abilities = Partial<Record<Action, boolean>>;

/** The company roles the actor may grant an invitation; empty when they may not invite at all. */
export const invitableCompanyRoles = (actor: MemberContext): CompanyRole[] =>
  holds(actor, 'member.invite') ? sortCompanyRoles(grantableCompanyRoles(actor)) : [];

/** `can` for the company as a whole: which company-level actions the page may offer the actor. */
export function companyAbilities(actor: MemberContext): Abilities {
  return {
    'team.create': can(actor, 'team.create', {}),
    'team.hide': can(actor, 'team.hide', { teamId: '' }),
    'member.invite': holds(actor, 'member.invite'),
    'member.setCompanyRoles': holds(actor, 'member.setCompanyRoles'),
    'invitation.list': holds(actor, 'invitation.list'),
    'member.export': can(actor, 'member.export', {}),
    'contract.create': holds(actor, 'contract.create'),
    'audit.read': can(actor, 'audit.read', {}),
    'ownership.transfer': can(actor, 'ownership.transfer', {}),
    'company.setTwoFactorRule': can(actor, 'company.setTwoFactorRule', {}),
    'domain.manage': can(actor, 'domain.manage', {}),
    'joining.configure': can(actor, 'joining.configure', {}),
    'joinRequest.review': can(actor, 'joinRequest.review', {}),
    // Whether the actor suspends members at all: the members page shows them the suspended apart.
    'member.suspend': holds(actor, 'member.suspend'),
    'scim.manage': can(actor, 'scim.manage', {}),
    'sso.configure': can(actor, 'sso.configure', {}),
  };
}

/**
 * §3.3: who may be the contact person of a contract in a team: a member of that team holding
 * `hiring_manager` there, or the owner if they belong to the team. The one place this rule lives:
 * creating, reassigning and moving contracts, revoking `hiring_manager` and transferring
 * ownership all ask it.
 */
export function qualifiesAsContactPerson(member: MemberContext, teamId: string): boolean {
  const roles = member.teams.get(teamId);
  return roles !== undefined && (member.isOwner || roles.has('hiring_manager'));
}

/** What the member's page may offer the actor for one team of the target. */
export interface TeamMemberAbilities {
  teamId: string;
  canSetRoles: boolean;
  canRemove: boolean;
  /** The roles the actor may grant or revoke there; empty when they may not set roles at all. */
  grantableRoles: TeamRole[];
}

/** What the page may offer the actor about one member: the same shape on every member response. */
export interface MemberAbilities {
  can: Abilities;
  /** The company roles the actor may grant or revoke them; empty when they may not set company roles. */
  grantableCompanyRoles: CompanyRole[];
  teams: TeamMemberAbilities[];
}

/** What the actor may do to the member as a whole: the `can` of a member's page and of a list's `policies`. */
export function memberCan(actor: MemberContext, target: MemberContext): Abilities {
  return {
    'member.viewEmail': can(actor, 'member.viewEmail', { member: target }),
    'member.setCompanyRoles': can(actor, 'member.setCompanyRoles', { member: target }),
    // A suspended member is made no owner (the command's CONFLICT): not offered.
    'ownership.transfer': target.suspended !== true && can(actor, 'ownership.transfer', { member: target }),
    'member.removeFromCompany': can(actor, 'member.removeFromCompany', { member: target }),
    'member.leave': can(actor, 'member.leave', { member: target }),
    // Only the one of the two that applies: suspending an active member, reinstating a suspended one.
    'member.suspend': target.suspended !== true && can(actor, 'member.suspend', { member: target }),
    'member.reinstate': target.suspended === true && can(actor, 'member.reinstate', { member: target }),
  };
}

/**
 * `can` for one member's page (§5 "User details"): which buttons to show, by the same rules the
 * commands enforce. Contract-dependent refusals (§3.3) are not foreseen here; the command answers them.
 */
export function memberAbilities(actor: MemberContext, target: MemberContext, defaultTeamId: string): MemberAbilities {
  const self = isSelf(actor, target);
  return {
    can: memberCan(actor, target),
    grantableCompanyRoles: can(actor, 'member.setCompanyRoles', { member: target })
      ? sortCompanyRoles(grantableCompanyRoles(actor))
      : [],
    teams: [...target.teams.keys()].map((teamId) => {
      const canSetRoles = can(actor, 'member.manage', { member: target, teamId, changedRoles: [] });
      const canRemove = self
        ? can(actor, 'member.leave', { member: target, team: { teamId, isDefault: teamId === defaultTeamId } })
        : can(actor, 'member.removeFromTeam', { member: target, teamId });
      return {
        teamId,
        canSetRoles,
        canRemove,
        grantableRoles: canSetRoles ? [...grantableTeamRoles(actor, teamId)] : [],
      };
    }),
  };
}

/** What the page may offer the actor in one team of the company (the teams list's `policies`). */
export interface TeamAbilities {
  teamId: string;
  can: Abilities;
  /** The team roles the actor may grant when inviting into the team; empty when they may not invite there. */
  grantableRoles: TeamRole[];
}

/** `can` for one team: renaming and hiding it, inviting into it and with which roles, managing its members. */
export function teamAbilities(actor: MemberContext, teamId: string): TeamAbilities {
  const invites = can(actor, 'member.invite', { teamId, roles: [], companyRoles: [] });
  return {
    teamId,
    can: {
      'team.rename': can(actor, 'team.rename', { teamId }),
      'team.hide': can(actor, 'team.hide', { teamId }),
      'member.invite': invites,
      // Whether the actor manages the team's members at all (adds, sets roles, removes): the bulk
      // changes' team choice. Each person is still judged by rank (§2.1) when it is done.
      'member.manage': holds(actor, 'member.manage', teamId),
    },
    grantableRoles: invites ? sortTeamRoles(grantableTeamRoles(actor, teamId)) : [],
  };
}
