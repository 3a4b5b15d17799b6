import { describe, expect, it } from 'vitest';
import { managesAnyTeamOf, memberAbilities, type MemberContext } from '../../src/domain/policy.js';
import type { CompanyRole, TeamRole } from '../../src/domain/roles.js';

const GENERAL = 'general';
const DESIGN = 'design';
const OPS = 'ops';

function member(
  userId: string,
  teams: Record<string, TeamRole[]>,
  companyRoles: CompanyRole[] = [],
  isOwner = false,
): MemberContext {
  return {
    userId,
    isOwner,
    companyRoles: new Set(companyRoles),
    teams: new Map(Object.entries(teams).map(([teamId, roles]) => [teamId, new Set(roles)])),
  };
}

const owner = member('owner', { [GENERAL]: [], [DESIGN]: [] }, [], true);
const admin = member('admin', { [GENERAL]: [] }, ['admin']);
const designAdmin = member('design-admin', { [DESIGN]: ['team_admin'] });
const plain = member('plain', { [DESIGN]: [] });
const twoTeams = member('two-teams', { [DESIGN]: ['recruiter'], [OPS]: [] });

const teamOf = (abilities: ReturnType<typeof memberAbilities>, teamId: string) =>
  abilities.teams.find((team) => team.teamId === teamId);

describe('memberAbilities', () => {
  it('offers a team admin roles below team_admin and removal for a plain member of their team', () => {
    const abilities = memberAbilities(designAdmin, plain, GENERAL);
    expect(teamOf(abilities, DESIGN)).toEqual({
      teamId: DESIGN,
      canSetRoles: true,
      canRemove: true,
      grantableRoles: ['hiring_manager', 'recruiter', 'work_diary'],
    });
    expect(abilities.can).toMatchObject({ 'member.removeFromCompany': true, 'member.setCompanyRoles': false, 'member.viewEmail': true, 'member.leave': false });
  });

  it('offers a team admin nothing in a team they do not admin, nor removal from the company (§2.4)', () => {
    const abilities = memberAbilities(designAdmin, twoTeams, GENERAL);
    expect(teamOf(abilities, DESIGN)).toMatchObject({ canSetRoles: true, canRemove: true });
    expect(teamOf(abilities, OPS)).toEqual({ teamId: OPS, canSetRoles: false, canRemove: false, grantableRoles: [] });
    expect(abilities.can['member.removeFromCompany']).toBe(false);
  });

  it('offers a company admin team_admin too', () => {
    expect(teamOf(memberAbilities(admin, plain, GENERAL), DESIGN)?.grantableRoles).toEqual([
      'team_admin',
      'hiring_manager',
      'recruiter',
      'work_diary',
    ]);
  });

  it('offers nobody the removal of the owner; the owner may leave any team but the default one', () => {
    const byAdmin = memberAbilities(admin, owner, GENERAL);
    expect(byAdmin.can['member.removeFromCompany']).toBe(false);
    expect(byAdmin.teams.every((team) => !team.canRemove && !team.canSetRoles)).toBe(true);
    const bySelf = memberAbilities(owner, owner, GENERAL);
    expect(teamOf(bySelf, GENERAL)?.canRemove).toBe(false);
    expect(teamOf(bySelf, DESIGN)?.canRemove).toBe(true);
    expect(bySelf.can).toMatchObject({ 'member.leave': false, 'member.removeFromCompany': false, 'member.setCompanyRoles': false });
  });

  it('offers a member leaving, never changing their own roles', () => {
    const abilities = memberAbilities(plain, plain, GENERAL);
    expect(abilities.can).toMatchObject({ 'member.leave': true, 'member.removeFromCompany': false, 'member.viewEmail': true });
    expect(teamOf(abilities, DESIGN)).toEqual({ teamId: DESIGN, canSetRoles: false, canRemove: true, grantableRoles: [] });
  });

  it('offers the owner company roles and ownership transfer', () => {
    expect(memberAbilities(owner, admin, GENERAL).can).toMatchObject({
      'member.setCompanyRoles': true,
      'ownership.transfer': true,
      'member.removeFromCompany': true,
    });
    expect(memberAbilities(admin, plain, GENERAL).can).toMatchObject({ 'member.setCompanyRoles': false, 'ownership.transfer': false });
  });

  it('hides everything from a plain member looking at another', () => {
    const abilities = memberAbilities(plain, twoTeams, GENERAL);
    expect(abilities.can).toEqual({
      'member.viewEmail': false,
      'member.setCompanyRoles': false,
      'ownership.transfer': false,
      'member.removeFromCompany': false,
      'member.leave': false,
      'member.suspend': false,
      'member.reinstate': false,
    });
    expect(abilities.teams.every((team) => !team.canSetRoles && !team.canRemove)).toBe(true);
  });

  it('offers the owner and admins Suspend on an active member and Reinstate on a suspended one, never both', () => {
    expect(memberAbilities(admin, plain, GENERAL).can).toMatchObject({ 'member.suspend': true, 'member.reinstate': false });
    const suspended = { ...plain, suspended: true };
    expect(memberAbilities(admin, suspended, GENERAL).can).toMatchObject({ 'member.suspend': false, 'member.reinstate': true });
    expect(memberAbilities(owner, admin, GENERAL).can).toMatchObject({ 'member.suspend': true });
    expect(memberAbilities(admin, owner, GENERAL).can).toMatchObject({ 'member.suspend': false, 'member.reinstate': false });
    expect(memberAbilities(admin, admin, GENERAL).can).toMatchObject({ 'member.suspend': false });
  });
});

describe('managesAnyTeamOf', () => {
  it('holds company-wide for admins and in the target’s teams for team admins', () => {
    expect(managesAnyTeamOf(admin, plain)).toBe(true);
    expect(managesAnyTeamOf(designAdmin, twoTeams)).toBe(true);
    expect(managesAnyTeamOf(designAdmin, member('x', { [OPS]: [] }))).toBe(false);
    expect(managesAnyTeamOf(plain, twoTeams)).toBe(false);
  });
});
