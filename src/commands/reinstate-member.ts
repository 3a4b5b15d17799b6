import { prepare } from '../db/prepared.js';
import { authorize, type MemberContext } from '../domain/policy.js';
import { readMember, type MemberSeen } from '../model/members.js';
import { recordAudit } from './audit.js';
import { inCompanyAbout, type CommandContext } from './context.js';
import type { MembershipScope, SuspensionOutcome } from './suspend-member.js';

const suspensionOf = prepare((db, v: { companyId: string; userId: string }) =>
  db
    .selectFrom('companyMembers')
    .select(['suspendedAt', 'suspendedBy'])
    .where('companyId', '=', v.companyId)
    .where('userId', '=', v.userId),
);

const clearSuspension = prepare((db, v: { companyId: string; userId: string }) =>
  db
    .updateTable('companyMembers')
    .set({ suspendedAt: null, suspendedBy: null })
    .where('companyId', '=', v.companyId)
    .where('userId', '=', v.userId)
    .where('suspendedAt', 'is not', null),
);

/**
 * Reinstates a suspended `target` (§4 "Suspend and reinstate"), whoever asks: the core that the
 * member command below and a company's provisioning (SCIM `active: true`) share, in the company's
 * transaction under its lock, `target` read there. Nothing was taken from them but access, so
 * clearing the mark gives back exactly what they had: their teams, roles and contracts (the
 * invitations revoked at the suspension stay revoked: their links were mailed to others). Not
 * suspended: nothing written, nothing audited (§3.6). Otherwise one audit event
 * `member.reinstated`, by `auditActorId`, with when and by whom they had been suspended.
 */
export async function reinstateMembership(
  scope: MembershipScope,
  target: MemberContext,
  auditActorId: string,
  /** More for the audit event's data: how the change came (SCIM: `via`, the token's id). */
  auditData: Record<string, unknown> = {},
): Promise<SuspensionOutcome> {
  const { tx, company, now } = scope;
  const suspension = await suspensionOf.executeTakeFirst(tx, { companyId: company.id, userId: target.userId });
  if (suspension?.suspendedAt == null) {
    return { member: await readMember(tx, company, target.userId), changed: false, revokedInvitations: [] };
  }
  await clearSuspension.executeWrite(tx, { companyId: company.id, userId: target.userId });
  await recordAudit(tx, {
    type: 'member.reinstated',
    companyId: company.id,
    actorId: auditActorId,
    targetId: target.userId,
    requestId: scope.requestId,
    now,
    data: { suspendedAt: suspension.suspendedAt, suspendedBy: suspension.suspendedBy, ...auditData },
  });
  return { member: await readMember(tx, company, target.userId), changed: true, revokedInvitations: [] };
}

/**
 * "Reinstate" on a member's page or `POST …/members/:userId/reinstate` (§4 "Suspend and
 * reinstate"): who may suspend them may reinstate them (the policy of `member.reinstate`).
 * Reinstating a member who is not suspended answers the member and changes nothing.
 */
export function reinstateMember(
  ctx: CommandContext,
  companyId: string,
  input: { userId: string },
): Promise<MemberSeen & { changed: boolean }> {
  return inCompanyAbout(ctx, companyId, input.userId, async ({ tx, company, actor, target, now }) => {
    authorize(actor, 'member.reinstate', { member: target });
    const outcome = await reinstateMembership({ tx, company, now, requestId: ctx.requestId }, target, actor.userId);
    return { member: outcome.member, viewer: actor, changed: outcome.changed };
  });
}
