import type { Tx } from '../db/database.js';
import type { JoinRequest } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import { authorize, type MemberContext } from '../domain/policy.js';

/**
 * The company's join request `requestId`, for a reviewer: NOT_FOUND when it is another company's,
 * FORBIDDEN unless the actor reviews requests into its team (an admin, or that team's team admin),
 * CONFLICT once it is answered (two reviewers at once: the first wins, under the company's lock).
 */
export async function requirePendingRequest(tx: Tx, companyId: string, requestId: string, actor: MemberContext): Promise<JoinRequest> {
  const row = await tx.selectFrom('joinRequests').selectAll().where('companyId', '=', companyId).where('id', '=', requestId).executeTakeFirst();
  if (!row) throw notFound('Join request');
  authorize(actor, 'joinRequest.review', { teamId: row.teamId });
  if (row.status !== 'pending') throw new DomainError('CONFLICT', `This request was ${row.status} already`);
  return row;
}

/** Marks the request answered. */
export async function answerRequest(tx: Tx, row: JoinRequest, status: 'approved' | 'declined', by: string, now: Date): Promise<JoinRequest> {
  const decidedAt = now.toISOString();
  await tx
    .updateTable('joinRequests')
    .set({ status, decidedAt, decidedBy: by })
    .where('companyId', '=', row.companyId)
    .where('id', '=', row.id)
    .execute();
  return { ...row, status, decidedAt, decidedBy: by };
}
