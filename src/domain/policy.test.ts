import { describe, expect, it } from 'vitest';
import { can, grantableCompanyRoles, grantableTeamRoles, type MemberContext } from './policy.js';
import { ACTIONS, ROLES, TEAM_ROLES, type Action, type CompanyRole, type Role, type TeamRole } from './roles.js';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';

/** A member holding one role: company roles company-wide, team roles in team A. */
function holding(role: Role, userId = 'actor'): MemberContext {
  const teamRoles = new Set<TeamRole>();
  const companyRoles = new Set<CompanyRole>();
  if (role === 'admin' || role === 'finance') companyRoles.add(role);
  else if (role !== 'owner') teamRoles.add(role);
  return { userId, isOwner: role === 'owner', companyRoles, teams: new Map([[TEAM_A, teamRoles]]) };
}

const plainMember = (userId: string, teamId: string): MemberContext => ({
  userId,
  isOwner: false,
  companyRoles: new Set(),
  teams: new Map([[teamId, new Set()]]),
});

/** Someone of another company: the actor is not a member there, so holds nothing. */
const outsider: MemberContext = { userId: 'actor', isOwner: false, companyRoles: new Set(), teams: new Map() };

const RELATIONS = ['same team', 'other team', 'other company', 'self', 'equal rank'] as const;
type Relation = (typeof RELATIONS)[number];

const MEMBER_TARGETED = new Set<Action>(['member.viewEmail', 'member.manage', 'member.setCompanyRoles', 'ownership.transfer']);
/** Actions on the company as a whole: no team to be in or out of (a team admin reads their teams' log). */
const COMPANY_LEVEL = new Set<Action>(['team.create', 'audit.read']);

/** The target of each action for one relation between actor and target. */
function targetFor(action: Action, relation: Relation, actor: MemberContext, role: Role) {
  const teamId = relation === 'other team' ? TEAM_B : TEAM_A;
  const member =
    relation === 'self' ? actor : relation === 'equal rank' ? holding(role, 'peer') : plainMember('target', teamId);
  const contactPersonId = relation === 'self' ? actor.userId : 'someone-else';
  return { teamId, member, changedRoles: [], roles: [], companyRoles: [], contactPersonId };
}

/** What the table says, with the relational rules of RULES.md §2 applied on top. */
function expected(role: Role, action: Action, relation: Relation): boolean {
  if (relation === 'other company') return false;
  const reaches = ROLES[role].scope === 'company' || COMPANY_LEVEL.has(action) || relation !== 'other team';
  const allowed = reaches && (ROLES[role].actions as readonly Action[]).includes(action);
  // §2.3: nobody manages themselves, but everyone sees their own email; the owner, whom nobody
  // outranks, sets their own team roles (joins teams).
  if (MEMBER_TARGETED.has(action) && relation === 'self') {
    return action === 'member.viewEmail' || (action === 'member.manage' && role === 'owner');
  }
  // §2.1: acting on someone needs a rank strictly above theirs; seeing an email does not.
  if (MEMBER_TARGETED.has(action) && relation === 'equal rank') return action === 'member.viewEmail' && allowed;
  // §4 "Contracts": the current contact person may hand the contract on.
  if (action === 'contract.reassign' && relation === 'self') return true;
  return allowed;
}

describe('every role × every action × every relation, from the roles table', () => {
  const roles = Object.keys(ROLES) as Role[];
  for (const role of roles) {
    for (const action of ACTIONS) {
      for (const relation of RELATIONS) {
        it(`${role} · ${action} · ${relation}`, () => {
          const actor = relation === 'other company' ? outsider : holding(role);
          const target = targetFor(action, relation, actor, role);
          expect(can(actor, action, target as never)).toBe(expected(role, action, relation));
        });
      }
    }
  }
});

describe('granting roles (§2.2)', () => {
  const withRoles = (...roles: TeamRole[]): MemberContext => ({
    userId: 'actor',
    isOwner: false,
    companyRoles: new Set(),
    teams: new Map([[TEAM_A, new Set(roles)]]),
  });

  it('gives owner and company admins every team role, team admins all but team_admin', () => {
    expect([...grantableTeamRoles(holding('owner'), TEAM_A)].sort()).toEqual([...TEAM_ROLES].sort());
    expect([...grantableTeamRoles(holding('admin'), TEAM_B)].sort()).toEqual([...TEAM_ROLES].sort());
    expect([...grantableTeamRoles(withRoles('team_admin'), TEAM_A)].sort()).toEqual(['hiring_manager', 'recruiter', 'work_diary']);
    expect([...grantableTeamRoles(withRoles('team_admin'), TEAM_B)]).toEqual([]);
  });

  it('lets hiring managers pass on only roles they hold, never team_admin', () => {
    expect([...grantableTeamRoles(withRoles('hiring_manager'), TEAM_A)]).toEqual(['hiring_manager']);
    expect([...grantableTeamRoles(withRoles('hiring_manager', 'work_diary', 'recruiter'), TEAM_A)].sort()).toEqual([
      'hiring_manager',
      'recruiter',
      'work_diary',
    ]);
  });

  it('lets recruiters pass on recruiter only, and work diary viewers nothing', () => {
    expect([...grantableTeamRoles(withRoles('recruiter', 'work_diary'), TEAM_A)]).toEqual(['recruiter']);
    expect([...grantableTeamRoles(withRoles('work_diary'), TEAM_A)]).toEqual([]);
  });

  it('reserves admin and finance to the owner', () => {
    expect([...grantableCompanyRoles(holding('owner'))].sort()).toEqual(['admin', 'finance']);
    expect([...grantableCompanyRoles(holding('admin'))]).toEqual([]);
  });

  it('refuses an invitation that grants a role the inviter may not grant', () => {
    const hiringManager = withRoles('hiring_manager');
    expect(can(hiringManager, 'member.invite', { teamId: TEAM_A, roles: ['hiring_manager'], companyRoles: [] })).toBe(true);
    expect(can(hiringManager, 'member.invite', { teamId: TEAM_A, roles: ['team_admin'], companyRoles: [] })).toBe(false);
    expect(can(hiringManager, 'member.invite', { teamId: TEAM_A, roles: ['work_diary'], companyRoles: [] })).toBe(false);
    expect(can(holding('admin'), 'member.invite', { teamId: TEAM_A, roles: [], companyRoles: ['finance'] })).toBe(false);
  });
});

describe('rank (§2.1)', () => {
  const teamAdmin = (userId: string): MemberContext => ({
    userId,
    isOwner: false,
    companyRoles: new Set(),
    teams: new Map([[TEAM_A, new Set<TeamRole>(['team_admin'])]]),
  });

  it('lets a team admin manage plain members but not another team admin', () => {
    expect(can(teamAdmin('a'), 'member.manage', { member: plainMember('m', TEAM_A), teamId: TEAM_A, changedRoles: ['recruiter'] })).toBe(true);
    expect(can(teamAdmin('a'), 'member.manage', { member: teamAdmin('b'), teamId: TEAM_A, changedRoles: [] })).toBe(false);
  });

  it('lets a company admin manage team admins but not other company admins; the owner manages admins', () => {
    expect(can(holding('admin'), 'member.manage', { member: teamAdmin('b'), teamId: TEAM_A, changedRoles: ['team_admin'] })).toBe(true);
    expect(can(holding('admin'), 'member.manage', { member: holding('admin', 'other'), teamId: TEAM_A, changedRoles: [] })).toBe(false);
    expect(can(holding('owner'), 'member.manage', { member: holding('admin', 'other'), teamId: TEAM_A, changedRoles: [] })).toBe(true);
  });

  it('does not let a team admin grant team_admin', () => {
    expect(can(teamAdmin('a'), 'member.manage', { member: plainMember('m', TEAM_A), teamId: TEAM_A, changedRoles: ['team_admin'] })).toBe(false);
  });
});

describe('the action names are checked by the compiler', () => {
  it('does not compile a misspelt action', () => {
    const actor = holding('owner');
    // @ts-expect-error — "team.creat" is not an action of the roles table.
    expect(() => can(actor, 'team.creat', {})).toThrow();
  });
});
