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

/** The target of each action for one relation between actor and target. */
function targetFor(relation: Relation, actor: MemberContext, role: Role) {
  const teamId = relation === 'other team' ? TEAM_B : TEAM_A;
  const member =
    relation === 'self' ? actor : relation === 'equal rank' ? holding(role, 'peer') : plainMember('target', teamId);
  const contactPersonId = relation === 'self' ? actor.userId : 'someone-else';
  return { teamId, member, changedRoles: [], roles: [], companyRoles: [], contactPersonId };
}

/**
 * What each role may do, written out by hand from RULES.md §2 (not computed from the roles
 * table, so that a wrong grant in roles.ts fails here). One row per role; each cell gives, for the
 * five relations in the order of RELATIONS — a plain member of the actor's team · a plain member
 * of another team · anyone, by an actor of another company · the actor themselves · a peer holding
 * the same role — `Y` allowed or `-` refused. The actor holds the role company-wide, or in team A.
 */
const MATRIX: Record<Role, Record<Action, string>> = {
  owner: {
    'team.create': 'YY-YY',
    'team.rename': 'YY-YY',
    'team.hide': 'YY-YY',
    'member.viewEmail': 'YY-YY',
    'member.invite': 'YY-YY',
    'member.manage': 'YY-Y-',
    'member.setCompanyRoles': 'YY---',
    'member.removeFromTeam': 'YY---',
    'member.removeFromCompany': 'YY---',
    'member.leave': '-----',
    'member.export': 'YY-YY',
    'invitation.list': 'YY-YY',
    'contract.create': 'YY-YY',
    'contract.reassign': 'YY-YY',
    'contract.manage': 'YY-YY',
    'audit.read': 'YY-YY',
    'ownership.transfer': 'YY---',
    'company.setTwoFactorRule': 'YY-YY',
    'domain.manage': 'YY-YY',
    'joining.configure': 'YY-YY',
    'sso.configure': 'YY-YY',
    'joinRequest.review': 'YY-YY',
    'scim.manage': 'YY-YY',
    'member.suspend': 'YY---',
    'member.reinstate': 'YY---',
    'webhook.manage': 'YY-YY',
    'companyToken.manage': 'YY-YY',
    'job.post': 'YY-YY',
    'proposal.review': 'YY-YY',
    'freelancer.hire': 'YY-YY',
    'workDiary.view': 'YY-YY',
    'financialReport.view': 'YY-YY',
    'payment.manage': 'YY-YY',
  },
  admin: {
    'team.create': 'YY-YY',
    'team.rename': 'YY-YY',
    'team.hide': '-----',
    'member.viewEmail': 'YY-YY',
    'member.invite': 'YY-YY',
    'member.manage': 'YY---',
    'member.setCompanyRoles': '-----',
    'member.removeFromTeam': 'YY---',
    'member.removeFromCompany': 'YY---',
    'member.leave': '---Y-',
    'member.export': 'YY-YY',
    'invitation.list': 'YY-YY',
    'contract.create': 'YY-YY',
    'contract.reassign': 'YY-YY',
    'contract.manage': 'YY-YY',
    'audit.read': 'YY-YY',
    'ownership.transfer': '-----',
    'company.setTwoFactorRule': '-----',
    'domain.manage': 'YY-YY',
    'joining.configure': '-----',
    'sso.configure': '-----',
    'joinRequest.review': 'YY-YY',
    'scim.manage': '-----',
    'member.suspend': 'YY---',
    'member.reinstate': 'YY---',
    'webhook.manage': 'YY-YY',
    'companyToken.manage': 'YY-YY',
    'job.post': 'YY-YY',
    'proposal.review': 'YY-YY',
    'freelancer.hire': 'YY-YY',
    'workDiary.view': 'YY-YY',
    'financialReport.view': '-----',
    'payment.manage': '-----',
  },
  finance: {
    'team.create': '-----',
    'team.rename': '-----',
    'team.hide': '-----',
    'member.viewEmail': '---Y-',
    'member.invite': '-----',
    'member.manage': '-----',
    'member.setCompanyRoles': '-----',
    'member.removeFromTeam': '-----',
    'member.removeFromCompany': '-----',
    'member.leave': '---Y-',
    'member.export': '-----',
    'invitation.list': '-----',
    'contract.create': '-----',
    'contract.reassign': '---Y-',
    'contract.manage': '-----',
    'audit.read': '-----',
    'ownership.transfer': '-----',
    'company.setTwoFactorRule': '-----',
    'domain.manage': '-----',
    'joining.configure': '-----',
    'sso.configure': '-----',
    'joinRequest.review': '-----',
    'scim.manage': '-----',
    'member.suspend': '-----',
    'member.reinstate': '-----',
    'webhook.manage': '-----',
    'companyToken.manage': '-----',
    'job.post': '-----',
    'proposal.review': '-----',
    'freelancer.hire': '-----',
    'workDiary.view': '-----',
    'financialReport.view': 'YY-YY',
    'payment.manage': 'YY-YY',
  },
  team_admin: {
    'team.create': '-----',
    'team.rename': 'Y--YY',
    'team.hide': '-----',
    'member.viewEmail': 'Y--YY',
    'member.invite': 'Y--YY',
    'member.manage': 'Y----',
    'member.setCompanyRoles': '-----',
    'member.removeFromTeam': 'Y----',
    'member.removeFromCompany': 'Y----',
    'member.leave': '---Y-',
    'member.export': '-----',
    'invitation.list': 'Y--YY',
    'contract.create': '-----',
    'contract.reassign': 'Y--YY',
    'contract.manage': '-----',
    'audit.read': 'YY-YY',
    'ownership.transfer': '-----',
    'company.setTwoFactorRule': '-----',
    'domain.manage': '-----',
    'joining.configure': '-----',
    'sso.configure': '-----',
    'joinRequest.review': 'Y--YY',
    'scim.manage': '-----',
    'member.suspend': '-----',
    'member.reinstate': '-----',
    'webhook.manage': '-----',
    'companyToken.manage': '-----',
    'job.post': '-----',
    'proposal.review': '-----',
    'freelancer.hire': '-----',
    'workDiary.view': '-----',
    'financialReport.view': '-----',
    'payment.manage': '-----',
  },
  hiring_manager: {
    'team.create': '-----',
    'team.rename': '-----',
    'team.hide': '-----',
    'member.viewEmail': '---Y-',
    'member.invite': 'Y--YY',
    'member.manage': '-----',
    'member.setCompanyRoles': '-----',
    'member.removeFromTeam': '-----',
    'member.removeFromCompany': '-----',
    'member.leave': '---Y-',
    'member.export': '-----',
    'invitation.list': '-----',
    'contract.create': 'Y--YY',
    'contract.reassign': '---Y-',
    'contract.manage': 'Y--YY',
    'audit.read': '-----',
    'ownership.transfer': '-----',
    'company.setTwoFactorRule': '-----',
    'domain.manage': '-----',
    'joining.configure': '-----',
    'sso.configure': '-----',
    'joinRequest.review': '-----',
    'scim.manage': '-----',
    'member.suspend': '-----',
    'member.reinstate': '-----',
    'webhook.manage': '-----',
    'companyToken.manage': '-----',
    'job.post': 'Y--YY',
    'proposal.review': 'Y--YY',
    'freelancer.hire': 'Y--YY',
    'workDiary.view': '-----',
    'financialReport.view': '-----',
    'payment.manage': '-----',
  },
  recruiter: {
    'team.create': '-----',
    'team.rename': '-----',
    'team.hide': '-----',
    'member.viewEmail': '---Y-',
    'member.invite': 'Y--YY',
    'member.manage': '-----',
    'member.setCompanyRoles': '-----',
    'member.removeFromTeam': '-----',
    'member.removeFromCompany': '-----',
    'member.leave': '---Y-',
    'member.export': '-----',
    'invitation.list': '-----',
    'contract.create': '-----',
    'contract.reassign': '---Y-',
    'contract.manage': '-----',
    'audit.read': '-----',
    'ownership.transfer': '-----',
    'company.setTwoFactorRule': '-----',
    'domain.manage': '-----',
    'joining.configure': '-----',
    'sso.configure': '-----',
    'joinRequest.review': '-----',
    'scim.manage': '-----',
    'member.suspend': '-----',
    'member.reinstate': '-----',
    'webhook.manage': '-----',
    'companyToken.manage': '-----',
    'job.post': 'Y--YY',
    'proposal.review': 'Y--YY',
    'freelancer.hire': '-----',
    'workDiary.view': '-----',
    'financialReport.view': '-----',
    'payment.manage': '-----',
  },
  work_diary: {
    'team.create': '-----',
    'team.rename': '-----',
    'team.hide': '-----',
    'member.viewEmail': '---Y-',
    'member.invite': '-----',
    'member.manage': '-----',
    'member.setCompanyRoles': '-----',
    'member.removeFromTeam': '-----',
    'member.removeFromCompany': '-----',
    'member.leave': '---Y-',
    'member.export': '-----',
    'invitation.list': '-----',
    'contract.create': '-----',
    'contract.reassign': '---Y-',
    'contract.manage': '-----',
    'audit.read': '-----',
    'ownership.transfer': '-----',
    'company.setTwoFactorRule': '-----',
    'domain.manage': '-----',
    'joining.configure': '-----',
    'sso.configure': '-----',
    'joinRequest.review': '-----',
    'scim.manage': '-----',
    'member.suspend': '-----',
    'member.reinstate': '-----',
    'webhook.manage': '-----',
    'companyToken.manage': '-----',
    'job.post': '-----',
    'proposal.review': '-----',
    'freelancer.hire': '-----',
    'workDiary.view': 'Y--YY',
    'financialReport.view': '-----',
    'payment.manage': '-----',
  },
};

describe('every role × every action × every relation, as the matrix writes it', () => {
  for (const role of Object.keys(ROLES) as Role[]) {
    it(role, () => {
      const actual = Object.fromEntries(
        ACTIONS.map((action) => [
          action,
          RELATIONS.map((relation) => {
            const actor = relation === 'other company' ? outsider : holding(role);
            return can(actor, action, targetFor(relation, actor, role) as never) ? 'Y' : '-';
          }).join(''),
        ]),
      );
      expect(actual).toEqual(MATRIX[role]);
    });
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
