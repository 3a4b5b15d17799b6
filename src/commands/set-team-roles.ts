import { DomainError } from '../domain/errors.js';
import { authorize, qualifiesAsContactPerson, type MemberContext } from '../domain/policy.js';
import { TEAM_ROLES, sortTeamRoles, type TeamRole } from '../domain/roles.js';
import { inCompanyAbout, type CommandContext, type TargetScope } from './context.js';
import { readMember, requireTeam, type MemberSeen } from '../model/members.js';
import { assertNotContactPerson } from './contact-person.js';
import { addTeamMembership, changeTeamRoles } from './memberships.js';

export interface SetTeamRolesInput {
  userId: string;
  teamId: string;
  /** The new, complete set of the member's roles in the team (empty: a plain member). */
  roles: readonly TeamRole[];
}

/**
 * Adds an existing member to a team with these roles, or replaces their roles there (§4 "Add to
 * another team, edit roles"). Idempotent: the same roles again change nothing and record nothing.
 */
export function setTeamRoles(ctx: CommandContext, companyId: string, input: SetTeamRolesInput): Promise<MemberSeen> {
  return inCompanyAbout(ctx, companyId, input.userId, async (scope) => {
    await setTeamRolesOf(scope, input);
    return { member: await readMember(scope.tx, scope.company, scope.target.userId), viewer: scope.actor };
  });
}

/**
 * setTeamRoles on the member of `scope` (`input.userId` is theirs), inside a transaction already
 * under the company's lock: the one path of the single change and of the bulk one
 * (bulk-members.ts). Answers whether anything changed.
 */
export async function setTeamRolesOf(
  { tx, company, actor, target, now, audit }: TargetScope,
  input: Omit<SetTeamRolesInput, 'userId'>,
): Promise<{ changed: boolean }> {
  const team = await requireTeam(tx, company.id, input.teamId);
  const before = target.teams.get(team.id);
  const after = sortTeamRoles(input.roles);
  const changedRoles = TEAM_ROLES.filter((role) => (before?.has(role) ?? false) !== after.includes(role));

  // §2.1–2.3: rank above theirs in the team, every granted or revoked role ranking below the
  // actor, and never one's own roles.
  authorize(actor, 'member.manage', { member: target, teamId: team.id, changedRoles });
  // A hidden (archived) team takes no one new; those in it stay, and their roles may change.
  if (before === undefined && team.hidden === 1) {
    throw new DomainError('CONFLICT', 'This team is hidden; show it again before adding people to it');
  }
  // §3.3: the contact person of the team's active or paused contracts keeps qualifying there.
  const afterState: MemberContext = { ...target, teams: new Map(target.teams).set(team.id, new Set(after)) };
  if (!qualifiesAsContactPerson(afterState, team.id)) {
    await assertNotContactPerson(tx, company.id, target.userId, team.id);
  }

  if (before === undefined || changedRoles.length > 0) {
    const membership = { companyId: company.id, teamId: team.id, userId: target.userId };
    if (before === undefined) await addTeamMembership(tx, membership, after, now);
    else await changeTeamRoles(tx, membership, before, after);
    await audit({
      type: before === undefined ? 'member.added_to_team' : 'member.roles_changed',
      targetId: target.userId,
      teamId: team.id,
      data: { before: before === undefined ? null : sortTeamRoles(before), after },
    });
  }
  return { changed: before === undefined || changedRoles.length > 0 };
}
