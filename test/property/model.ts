/**
 * A small reference model of Roster's rules (RULES.md §2–§4, with the choices of
 * docs/DECISIONS.md), written apart from src/domain so that the property test compares the server
 * with a second opinion rather than with itself. Only the role names are shared.
 *
 * People, teams, contracts and invitations are numbers: user `i` is the i-th user of the run, team
 * 0 is the default team, contract and invitation `k` are the k-th ever made. The test maps them to
 * the server's ids.
 */
import { COMPANY_ROLES, TEAM_ROLES, type CompanyRole, type TeamRole } from '../../src/domain/roles.js';

/** Users 0 … USERS-1; user 0 owns the company at the start. */
export const USERS = 6;
/** Teams 0 … TEAMS-1; team 0 is the default team. */
export const TEAMS = 3;
/** The actor of a request without a session. */
export const ANONYMOUS = -1;
/** Emails 0 … USERS-1 are the users'; this one belongs to nobody with an account. */
export const GHOST_EMAIL = USERS;
/** Invitations expire this many hours after they are sent or resent (the default, 7 days). */
export const INVITATION_TTL_HOURS = 168;

export type ContractStatus = 'active' | 'paused' | 'ended';
export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'revoked' | 'expired';

export interface ModelContract {
  team: number;
  contact: number;
  status: ContractStatus;
}

export interface ModelGrant {
  team: number;
  roles: TeamRole[];
}

export interface ModelInvitation {
  email: number;
  /** As stored: an invitation past its expiry stays `pending` until a new one for the email needs the place. */
  status: InvitationStatus;
  invitedBy: number;
  teams: ModelGrant[];
  companyRoles: CompanyRole[];
  /** Hours since the start of the run. */
  expiresAt: number;
  /** How many links were mailed for it; only the last one works. */
  links: number;
}

export interface ModelState {
  /** Hours since the start of the run. */
  now: number;
  owner: number;
  hidden: boolean[];
  /** member → team → their roles there, sorted; a user in no team is not a member and has no entry. */
  teams: Record<number, Record<number, TeamRole[]>>;
  /** member → company roles, sorted. */
  companyRoles: Record<number, CompanyRole[]>;
  contracts: ModelContract[];
  invitations: ModelInvitation[];
}

export type Operation =
  | { kind: 'setTeamRoles'; actor: number; target: number; team: number; roles: TeamRole[] }
  | { kind: 'removeFromTeam'; actor: number; target: number; team: number }
  | { kind: 'leaveTeam'; actor: number; team: number }
  | { kind: 'removeFromCompany'; actor: number; target: number }
  | { kind: 'leaveCompany'; actor: number }
  | { kind: 'setCompanyRoles'; actor: number; target: number; roles: CompanyRole[] }
  | { kind: 'createContract'; actor: number; team: number; contact: number | null }
  | { kind: 'updateContract'; actor: number; contract: number; team: number | null; contact: number | null }
  | { kind: 'setContractStatus'; actor: number; contract: number; status: ContractStatus }
  | { kind: 'invite'; actor: number; email: number; teams: ModelGrant[]; companyRoles: CompanyRole[] }
  | { kind: 'accept'; actor: number; invitation: number; oldLink: boolean }
  | { kind: 'decline'; actor: number; invitation: number }
  | { kind: 'revoke'; actor: number; invitation: number }
  | { kind: 'resend'; actor: number; invitation: number }
  | { kind: 'setTeamHidden'; actor: number; team: number; hidden: boolean }
  | { kind: 'transferOwnership'; actor: number; target: number }
  | { kind: 'advanceClock'; hours: number };

/** What the server must answer, and whether it must record an audit event (§3.6). */
export interface Outcome {
  status: number;
  code?: string;
  audited: boolean;
}

/** In a generated operation, an actor or target of `SOME_MEMBER + k` is the k-th member (mod their number) at that step. */
export const SOME_MEMBER = 100;
/** In a generated `accept`, the actor is the person the invitation was sent to. */
export const INVITEE = -2;
/** In a generated operation, the actor or target is the owner at that step. */
export const THE_OWNER = -3;
/** In a generated `invite`, an email of `SOME_MEMBER + k` is the k-th email not of a member at that step. */
export const SOME_NEWCOMER = SOME_MEMBER;

/**
 * Makes a generated operation concrete against the state it will run on, so that random sequences
 * are mostly made of requests by members, invitations to newcomers and accepts by the invitee,
 * rather than of refusals. The model and the server both get the concrete operation.
 */
export function resolve(s: ModelState, op: Operation): Operation {
  if (op.kind === 'advanceClock') return op;
  const members = Object.keys(s.teams).map(Number).sort();
  const who = (n: number) =>
    n === THE_OWNER ? s.owner : n >= SOME_MEMBER ? (members[(n - SOME_MEMBER) % members.length] ?? 0) : n;
  if (op.kind === 'accept' && op.actor === INVITEE) {
    const k = pick(s.invitations.length, op.invitation);
    const email = k === null ? GHOST_EMAIL : (s.invitations[k]?.email ?? GHOST_EMAIL);
    // Nobody has the ghost's address: someone else tries its link.
    return { ...op, actor: email < USERS ? email : 0 };
  }
  if (op.kind === 'invite' && op.email >= SOME_NEWCOMER) {
    const newcomers = [...Array(USERS + 1).keys()].filter((email) => email >= USERS || s.teams[email] === undefined);
    return { ...op, actor: who(op.actor), email: newcomers[(op.email - SOME_NEWCOMER) % newcomers.length] ?? GHOST_EMAIL };
  }
  if ('target' in op) return { ...op, actor: who(op.actor), target: who(op.target) };
  return { ...op, actor: who(op.actor) };
}

/**
 * The contract or invitation an operation's number points at: the `n mod count`-th, or null when
 * there is none yet (the request then names an unknown id).
 */
export function pick(count: number, n: number): number | null {
  return count === 0 ? null : n % count;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

const refuse = (status: number, code: string): never => {
  throw new Refusal(status, code);
};
const unauthenticated = () => refuse(401, 'UNAUTHENTICATED');
const notFound = () => refuse(404, 'NOT_FOUND');
const forbidden = () => refuse(403, 'FORBIDDEN');
const conflict = (code = 'CONFLICT') => refuse(409, code);

const sortTeam = (roles: Iterable<TeamRole>): TeamRole[] => {
  const set = new Set(roles);
  return TEAM_ROLES.filter((role) => set.has(role));
};
const sortCompany = (roles: Iterable<CompanyRole>): CompanyRole[] => {
  const set = new Set(roles);
  return COMPANY_ROLES.filter((role) => set.has(role));
};

/** The rules, read over one state. */
class Rules {
  constructor(readonly s: ModelState) {}

  isMember(user: number): boolean {
    return this.s.teams[user] !== undefined;
  }

  rolesIn(user: number, team: number): TeamRole[] | undefined {
    return this.s.teams[user]?.[team];
  }

  has(user: number, team: number, role: TeamRole): boolean {
    return this.rolesIn(user, team)?.includes(role) ?? false;
  }

  isOwner(user: number): boolean {
    return this.s.owner === user;
  }

  isAdmin(user: number): boolean {
    return this.s.companyRoles[user]?.includes('admin') ?? false;
  }

  /** Owner 4 > company admin 3 > anyone 1 (§2 "Rank"). */
  companyRank(user: number): number {
    return this.isOwner(user) ? 4 : this.isAdmin(user) ? 3 : 1;
  }

  /** Owner 4 > company admin 3 > team admin of the team 2 > anyone 1. */
  teamRank(user: number, team: number): number {
    return Math.max(this.companyRank(user), this.has(user, team, 'team_admin') ? 2 : 1);
  }

  /** Owner, `admin`, or `team_admin` of the team: may add, edit and remove its members. */
  managesMembers(user: number, team: number): boolean {
    return this.isOwner(user) || this.isAdmin(user) || this.has(user, team, 'team_admin');
  }

  /** Owner, `admin`, `team_admin`, `hiring_manager` or `recruiter` of the team may invite into it. */
  invitesInto(user: number, team: number): boolean {
    return (
      this.isOwner(user) ||
      this.isAdmin(user) ||
      (['team_admin', 'hiring_manager', 'recruiter'] as const).some((role) => this.has(user, team, role))
    );
  }

  /**
   * §2.2: with team rank 2+, every role ranking below you (`team_admin` needs 3); below that, only
   * roles you hold: a hiring manager passes on hiring_manager, recruiter, work_diary; a recruiter
   * passes on recruiter.
   */
  grantable(user: number, team: number): Set<TeamRole> {
    const rank = this.teamRank(user, team);
    if (rank >= 3) return new Set(TEAM_ROLES);
    if (rank === 2) return new Set(['hiring_manager', 'recruiter', 'work_diary']);
    const held = this.rolesIn(user, team) ?? [];
    const grantable = new Set<TeamRole>();
    if (held.includes('hiring_manager')) {
      for (const role of held) if (role !== 'team_admin') grantable.add(role);
    }
    if (held.includes('recruiter')) grantable.add('recruiter');
    return grantable;
  }

  /** Owner, `admin`, or `hiring_manager` of the team: create and manage its contracts. */
  managesContracts(user: number, team: number): boolean {
    return this.isOwner(user) || this.isAdmin(user) || this.has(user, team, 'hiring_manager');
  }

  /** §3.3: a member of the team holding `hiring_manager` there, or the owner while in the team. */
  qualifies(user: number, team: number): boolean {
    const roles = this.rolesIn(user, team);
    return roles !== undefined && (this.isOwner(user) || roles.includes('hiring_manager'));
  }

  /** The active or paused contracts the user is contact person of (in one team, or anywhere). */
  blocking(user: number, team?: number): ModelContract[] {
    return this.s.contracts.filter(
      (c) => c.contact === user && c.status !== 'ended' && (team === undefined || c.team === team),
    );
  }

  /** §2.2 and DECISIONS "Invitations": whoever may grant everything the invitation carries. */
  mayGrant(user: number, teams: readonly ModelGrant[], companyRoles: readonly CompanyRole[]): boolean {
    return teams.every(
      ({ team, roles }) =>
        this.invitesInto(user, team) &&
        roles.every((role) => this.grantable(user, team).has(role)) &&
        (companyRoles.length === 0 || this.isOwner(user)),
    );
  }

  memberByEmail(email: number): boolean {
    return email < USERS && this.isMember(email);
  }

  /** A member of the company signed in, or the request is refused as if the company did not exist. */
  requireActor(actor: number): void {
    if (actor === ANONYMOUS) unauthenticated();
    if (!this.isMember(actor)) notFound();
  }

  requireMember(user: number): void {
    if (!this.isMember(user)) notFound();
  }
}

/** §3.3: whether the user may be the contact person of a contract in the team. */
export function canBeContactPerson(s: ModelState, user: number, team: number): boolean {
  return new Rules(s).qualifies(user, team);
}

function without<T>(record: Record<number, T>, key: number): Record<number, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => Number(k) !== key));
}

/** Removes one team membership; the last one gone, the person leaves the company (§1, §4). */
function dropTeam(s: ModelState, user: number, team: number): void {
  const teams = without(s.teams[user] ?? {}, team);
  s.teams[user] = teams;
  if (Object.keys(teams).length === 0) dropMember(s, user);
}

/** Removes a member, their company roles, and revokes the pending invitations they sent (§4). */
function dropMember(s: ModelState, user: number): void {
  s.teams = without(s.teams, user);
  s.companyRoles = without(s.companyRoles, user);
  for (const invitation of s.invitations) {
    if (invitation.invitedBy === user && invitation.status === 'pending') invitation.status = 'revoked';
  }
}

/**
 * §3.4: one pending invitation per email. A pending one still valid refuses the new one; one past
 * its expiry is marked expired to make room. `except` is the invitation being made pending again.
 */
function makeRoom(s: ModelState, email: number, except: ModelInvitation | null): void {
  const pending = s.invitations.filter((i) => i.email === email && i.status === 'pending' && i !== except);
  if (pending.some((i) => i.expiresAt > s.now)) conflict('INVITATION_ALREADY_PENDING');
  for (const invitation of pending) invitation.status = 'expired';
}

/** §3.5: an invitation is answered only while pending and unexpired. */
function assertAnswerable(s: ModelState, invitation: ModelInvitation): void {
  // API.md: every expired invitation answers INVITATION_EXPIRED, also once a new one took its place.
  if (invitation.status === 'expired') refuse(410, 'INVITATION_EXPIRED');
  if (invitation.status !== 'pending') refuse(410, 'INVITATION_NOT_PENDING');
  if (invitation.expiresAt <= s.now) refuse(410, 'INVITATION_EXPIRED');
}

/** The invitation a request names by its current link; an unknown link is NOT_FOUND, one a resend replaced INVITATION_REPLACED. */
function byLink(s: ModelState, n: number, oldLink: boolean): ModelInvitation {
  const k = pick(s.invitations.length, n);
  const invitation = k === null ? undefined : s.invitations[k];
  if (!invitation) return notFound();
  if (oldLink && invitation.links > 1) refuse(410, 'INVITATION_REPLACED');
  return invitation;
}

function byId<T>(list: T[], n: number): T {
  const k = pick(list.length, n);
  const item = k === null ? undefined : list[k];
  return item ?? notFound();
}

/** Applies one operation to the state (in place, only when it succeeds) and says what the server must answer. */
function perform(s: ModelState, op: Exclude<Operation, { kind: 'advanceClock' }>): { status: number; audited: boolean } {
  const r = new Rules(s);
  switch (op.kind) {
    case 'setTeamRoles': {
      r.requireActor(op.actor);
      r.requireMember(op.target);
      const before = r.rolesIn(op.target, op.team);
      const after = sortTeam(op.roles);
      const changed = TEAM_ROLES.filter((role) => (before?.includes(role) ?? false) !== after.includes(role));
      // §2.3: nobody sets their own roles, except the owner, whom nobody else outranks.
      const ownerOnThemselves = op.actor === op.target && r.isOwner(op.actor);
      if (ownerOnThemselves) {
        // The owner holds every role's power: any change is theirs to make.
      } else if (
        op.actor === op.target ||
        !r.managesMembers(op.actor, op.team) ||
        r.teamRank(op.actor, op.team) <= r.teamRank(op.target, op.team) ||
        !changed.every((role) => r.grantable(op.actor, op.team).has(role))
      ) {
        forbidden();
      }
      if (before === undefined && s.hidden[op.team] === true) conflict();
      const stillQualifies = r.isOwner(op.target) || after.includes('hiring_manager');
      if (!stillQualifies && r.blocking(op.target, op.team).length > 0) conflict('CONTACT_PERSON_ON_ACTIVE_CONTRACT');
      if (before !== undefined && changed.length === 0) return { status: 200, audited: false };
      (s.teams[op.target] ??= {})[op.team] = after;
      return { status: 200, audited: true };
    }
    case 'removeFromTeam':
    case 'leaveTeam': {
      const target = op.kind === 'leaveTeam' ? op.actor : op.target;
      r.requireActor(op.actor);
      r.requireMember(target);
      const roles = r.rolesIn(target, op.team) ?? notFound();
      if (op.actor === target) {
        if (r.isOwner(target) && op.team === 0) conflict('OWNER_CANNOT_BE_REMOVED');
      } else {
        if (!r.managesMembers(op.actor, op.team)) forbidden();
        if (r.isOwner(target)) conflict('OWNER_CANNOT_BE_REMOVED');
        const grantable = r.grantable(op.actor, op.team);
        if (r.teamRank(op.actor, op.team) <= r.teamRank(target, op.team) || !roles.every((role) => grantable.has(role))) {
          forbidden();
        }
      }
      if (r.blocking(target, op.team).length > 0) conflict('CONTACT_PERSON_ON_ACTIVE_CONTRACT');
      dropTeam(s, target, op.team);
      return { status: 200, audited: true };
    }
    case 'removeFromCompany':
    case 'leaveCompany': {
      const target = op.kind === 'leaveCompany' ? op.actor : op.target;
      r.requireActor(op.actor);
      r.requireMember(target);
      if (op.actor === target) {
        if (r.isOwner(target)) conflict('OWNER_CANNOT_BE_REMOVED');
      } else {
        const targetTeams = Object.keys(s.teams[target] ?? {}).map(Number);
        const managesSome =
          r.isOwner(op.actor) || r.isAdmin(op.actor) || targetTeams.some((team) => r.has(op.actor, team, 'team_admin'));
        if (!managesSome) forbidden();
        if (r.isOwner(target)) conflict('OWNER_CANNOT_BE_REMOVED');
        const outranks =
          r.companyRank(op.actor) > r.companyRank(target) ||
          targetTeams.every((team) => r.managesMembers(op.actor, team) && r.teamRank(op.actor, team) > r.teamRank(target, team));
        if (!outranks) forbidden();
      }
      if (r.blocking(target).length > 0) conflict('CONTACT_PERSON_ON_ACTIVE_CONTRACT');
      dropMember(s, target);
      return { status: 204, audited: true };
    }
    case 'setCompanyRoles': {
      r.requireActor(op.actor);
      r.requireMember(op.target);
      if (op.actor === op.target || !r.isOwner(op.actor)) forbidden();
      const before = s.companyRoles[op.target] ?? [];
      const after = sortCompany(op.roles);
      if (before.join() === after.join()) return { status: 200, audited: false };
      s.companyRoles[op.target] = after;
      return { status: 200, audited: true };
    }
    case 'createContract': {
      r.requireActor(op.actor);
      const contact = op.contact ?? op.actor;
      r.requireMember(contact);
      if (!r.managesContracts(op.actor, op.team)) forbidden();
      if (s.hidden[op.team] === true) conflict();
      if (!r.qualifies(contact, op.team)) conflict('NOT_HIRING_MANAGER');
      s.contracts.push({ team: op.team, contact, status: 'active' });
      return { status: 201, audited: true };
    }
    case 'updateContract': {
      r.requireActor(op.actor);
      const contract = byId(s.contracts, op.contract);
      const team = op.team ?? contract.team;
      if (op.contact !== null) {
        r.requireMember(op.contact);
        // §4: owner, admin, team_admin of the team, or the current contact person.
        const reassigns =
          op.actor === contract.contact ||
          r.isOwner(op.actor) ||
          r.isAdmin(op.actor) ||
          r.has(op.actor, contract.team, 'team_admin');
        if (!reassigns) forbidden();
      }
      if (op.team !== null && !(r.managesContracts(op.actor, contract.team) && r.managesContracts(op.actor, team))) {
        forbidden();
      }
      if (contract.status === 'ended') conflict();
      const moving = team !== contract.team;
      const contact = op.contact ?? contract.contact;
      if (moving && s.hidden[team] === true) conflict();
      if (!moving && contact === contract.contact) return { status: 200, audited: false };
      if (!r.qualifies(contact, team)) conflict('NOT_HIRING_MANAGER');
      contract.team = team;
      contract.contact = contact;
      return { status: 200, audited: true };
    }
    case 'setContractStatus': {
      r.requireActor(op.actor);
      const contract = byId(s.contracts, op.contract);
      if (!r.managesContracts(op.actor, contract.team)) forbidden();
      if (contract.status === 'ended') conflict();
      if (contract.status === op.status) return { status: 200, audited: false };
      contract.status = op.status;
      return { status: 200, audited: true };
    }
    case 'invite': {
      r.requireActor(op.actor);
      if (!r.mayGrant(op.actor, op.teams, op.companyRoles)) forbidden();
      if (op.teams.some(({ team }) => s.hidden[team] === true)) conflict();
      if (r.memberByEmail(op.email)) conflict('ALREADY_MEMBER');
      makeRoom(s, op.email, null);
      s.invitations.push({
        email: op.email,
        status: 'pending',
        invitedBy: op.actor,
        teams: op.teams.map(({ team, roles }) => ({ team, roles: sortTeam(roles) })),
        companyRoles: sortCompany(op.companyRoles),
        expiresAt: s.now + INVITATION_TTL_HOURS,
        links: 1,
      });
      return { status: 201, audited: true };
    }
    case 'accept': {
      if (op.actor === ANONYMOUS) unauthenticated();
      const invitation = byLink(s, op.invitation, op.oldLink);
      assertAnswerable(s, invitation);
      if (invitation.email !== op.actor) refuse(403, 'INVITATION_EMAIL_MISMATCH');
      // Accepting adds the invitation's teams and roles to what the person holds (DECISIONS).
      const teams = (s.teams[op.actor] ??= {});
      for (const { team, roles } of invitation.teams) teams[team] = sortTeam([...(teams[team] ?? []), ...roles]);
      const companyRoles = sortCompany([...(s.companyRoles[op.actor] ?? []), ...invitation.companyRoles]);
      if (companyRoles.length > 0) s.companyRoles[op.actor] = companyRoles;
      invitation.status = 'accepted';
      return { status: 200, audited: true };
    }
    case 'decline': {
      const invitation = byLink(s, op.invitation, false);
      assertAnswerable(s, invitation);
      invitation.status = 'declined';
      return { status: 204, audited: true };
    }
    case 'revoke': {
      r.requireActor(op.actor);
      const invitation = byId(s.invitations, op.invitation);
      if (!r.mayGrant(op.actor, invitation.teams, invitation.companyRoles)) forbidden();
      if (invitation.status !== 'pending' && invitation.status !== 'expired') conflict();
      invitation.status = 'revoked';
      return { status: 204, audited: true };
    }
    case 'resend': {
      r.requireActor(op.actor);
      const invitation = byId(s.invitations, op.invitation);
      if (!r.mayGrant(op.actor, invitation.teams, invitation.companyRoles)) forbidden();
      if (invitation.status !== 'pending' && invitation.status !== 'expired') conflict();
      if (invitation.teams.some(({ team }) => s.hidden[team] === true)) conflict();
      if (r.memberByEmail(invitation.email)) conflict('ALREADY_MEMBER');
      makeRoom(s, invitation.email, invitation);
      invitation.status = 'pending';
      invitation.expiresAt = s.now + INVITATION_TTL_HOURS;
      invitation.links += 1;
      return { status: 200, audited: true };
    }
    case 'setTeamHidden': {
      r.requireActor(op.actor);
      // §2: only the owner hides and shows teams; §1: the default team cannot be hidden.
      if (!r.isOwner(op.actor)) forbidden();
      if (op.hidden && op.team === 0) conflict();
      if (s.hidden[op.team] === op.hidden) return { status: 200, audited: false };
      s.hidden[op.team] = op.hidden;
      return { status: 200, audited: true };
    }
    case 'transferOwnership': {
      r.requireActor(op.actor);
      if (!r.isOwner(op.actor)) forbidden();
      r.requireMember(op.target);
      if (op.target === op.actor) forbidden();
      // §3.3: once a plain admin, the old owner qualifies only where they hold hiring_manager.
      if (r.blocking(op.actor).some((c) => !r.has(op.actor, c.team, 'hiring_manager'))) {
        conflict('CONTACT_PERSON_ON_ACTIVE_CONTRACT');
      }
      // §3.1 and §4: the new owner joins the default team if needed; the old owner keeps `admin`.
      s.teams[op.target] = { 0: [], ...s.teams[op.target] };
      s.companyRoles[op.actor] = sortCompany([...(s.companyRoles[op.actor] ?? []), 'admin']);
      s.owner = op.target;
      return { status: 200, audited: true };
    }
  }
}

/**
 * Applies one operation to the model. Returns what the server must answer (null for the clock,
 * which is no request), and the state after it: unchanged when the operation is refused.
 */
export function step(state: ModelState, op: Operation): { outcome: Outcome | null; state: ModelState } {
  if (op.kind === 'advanceClock') return { outcome: null, state: { ...state, now: state.now + op.hours } };
  const next = structuredClone(state);
  try {
    const { status, audited } = perform(next, op);
    return { outcome: { status, audited }, state: next };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return { outcome: { status: error.status, code: error.code, audited: false }, state };
  }
}

/** RULES.md §3's invariants, checked on the model (whose state the server's must equal). */
export function invariantViolations(s: ModelState): string[] {
  const r = new Rules(s);
  const problems: string[] = [];
  if (r.rolesIn(s.owner, 0) === undefined) problems.push('§3.1: the owner is not in the default team');
  for (const [user, teams] of Object.entries(s.teams)) {
    if (Object.keys(teams).length === 0) problems.push(`§3.2: member ${user} has no team`);
  }
  s.contracts.forEach((c, k) => {
    if (c.status !== 'ended' && !r.qualifies(c.contact, c.team)) problems.push(`§3.3: contract ${k}'s contact person does not qualify`);
  });
  const pending = s.invitations.filter((i) => i.status === 'pending' && i.expiresAt > s.now).map((i) => i.email);
  if (new Set(pending).size !== pending.length) problems.push('§3.4: two pending invitations for one email');
  // Follows from §3.4 and §3.5: one joins only by accepting one's pending invitation, which it closes.
  if (s.invitations.some((i) => i.status === 'pending' && i.expiresAt > s.now && r.memberByEmail(i.email))) {
    problems.push('§3.4: a valid pending invitation for a member');
  }
  return problems;
}
