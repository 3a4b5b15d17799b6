import type { JoinRequest } from '../db/schema.js';
import { inCompany, type CommandContext } from './context.js';
import { answerRequest, requirePendingRequest } from './join-requests-shared.js';

/** Declines a request to join by domain (an admin, or that team's team admin). The person may ask again. */
export async function declineJoinRequest(ctx: CommandContext, companyId: string, requestId: string): Promise<JoinRequest> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    const row = await requirePendingRequest(tx, company.id, requestId, actor);
    const answered = await answerRequest(tx, row, 'declined', actor.userId, now);
    await audit({ type: 'join_request.declined', targetId: row.userId, teamId: row.teamId, data: { joinRequestId: row.id, email: row.email } });
    return answered;
  });
}
