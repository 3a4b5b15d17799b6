import type { JoinRequest } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { requireTeam } from '../model/members.js';
import { inCompany, type CommandContext } from './context.js';
import { answerRequest, requirePendingRequest } from './join-requests-shared.js';
import { addTeamMembership, ensureCompanyMember } from './memberships.js';

/**
 * Approves a request to join by domain: the requester joins the request's team with no roles (an
 * admin, or that team's team admin). The reviewer vouches for the person, as an invitation would:
 * the approval stands after joining was turned off or the domain removed (docs/DECISIONS.md
 * "Joining by domain"). Refused, changing nothing: a hidden team (CONFLICT). A requester who
 * became a member meanwhile is put in the team if not there yet.
 */
export async function approveJoinRequest(ctx: CommandContext, companyId: string, requestId: string): Promise<JoinRequest> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    const row = await requirePendingRequest(tx, company.id, requestId, actor);
    const team = await requireTeam(tx, company.id, row.teamId);
    if (team.hidden === 1) throw new DomainError('CONFLICT', 'The team has been hidden since the request: it takes no new members');
    const user = await tx.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', row.userId).executeTakeFirstOrThrow();
    await ensureCompanyMember(tx, company.id, user, now);
    const inTeam = await tx.selectFrom('teamMembers').select('userId').where('companyId', '=', company.id).where('teamId', '=', team.id).where('userId', '=', user.id).executeTakeFirst();
    if (!inTeam) await addTeamMembership(tx, { companyId: company.id, teamId: team.id, userId: user.id }, [], now);
    const answered = await answerRequest(tx, row, 'approved', actor.userId, now);
    await audit({ type: 'join_request.approved', targetId: user.id, teamId: team.id, data: { joinRequestId: row.id, email: row.email } });
    return answered;
  });
}
