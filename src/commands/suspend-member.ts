import type { Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Company } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { authorize, type MemberContext } from '../domain/policy.js';
import { sortCompanyRoles, sortTeamRoles } from '../domain/roles.js';
import { contractsBlockingRemoval, readMember, type LoadedMember, type MemberSeen } from '../model/members.js';
import { recordAudit } from './audit.js';
import { inCompanyAbout, type CommandContext, type TargetScope } from './context.js';

/**
 * What suspending and reinstating need of the company: its transaction, with the company row
 * locked (`inCompany`, or whatever other caller takes the same lock with `lockCompany`), the
 * moment, and the request's id for the audit event. A member command passes its CompanyScope; a
 * caller that is no member (a company's provisioning token) builds one after locking the company.
 */
export interface MembershipScope {
  tx: Tx;
  company: Company;
  now: Date;
  requestId?: string | undefined;
}

/** What a suspension or reinstatement did: the member as it left them, and whether anything changed. */
export interface SuspensionOutcome {
  member: LoadedMember;
  /** False when they were already suspended (or already not): nothing written, nothing audited. */
  changed: boolean;
  /** The pending invitations the member had sent in the company that a suspension revoked. */
  revokedInvitations: { id: string; email: string }[];
}

const markSuspended = prepare((db, v: { companyId: string; userId: string; now: string; by: string }) =>
  db
    .updateTable('companyMembers')
    .set({ suspendedAt: v.now, suspendedBy: v.by })
    .where('companyId', '=', v.companyId)
    .where('userId', '=', v.userId)
    .where('suspendedAt', 'is', null),
);

const pendingInvitationsSentBy = prepare((db, v: { companyId: string; userId: string }) =>
  db
    .selectFrom('invitations')
    .select(['id', 'email'])
    .where('companyId', '=', v.companyId)
    .where('invitedBy', '=', v.userId)
    .where('status', '=', 'pending')
    .orderBy('id'),
);

const revokePendingSentBy = prepare((db, v: { companyId: string; userId: string; now: string }) =>
  db
    .updateTable('invitations')
    .set({ status: 'revoked', updatedAt: v.now, respondedAt: v.now })
    .where('companyId', '=', v.companyId)
    .where('invitedBy', '=', v.userId)
    .where('status', '=', 'pending'),
);

/**
 * Suspends `target` in the company (§4 "Suspend and reinstate"), whoever asks: the core that the
 * member command below and a company's provisioning (SCIM `active: false`) share. `target` is read
 * in this transaction, under the company's lock (`requireMember`, or `inCompanyAbout`'s target).
 *
 * - The owner is never suspended: `409 OWNER_CANNOT_BE_SUSPENDED`, nothing changed.
 * - Already suspended: nothing written, nothing audited (§3.6), `changed: false`.
 * - Otherwise, in this transaction: the membership is marked (`suspended_at`, `suspended_by`), so
 *   that every session and API token of theirs reads the company as a non-member's from the next
 *   request on (inCompany, readAsMember: NOT_FOUND); the pending invitations they sent in the
 *   company are revoked, their links dead (expired ones unanswered included, as a removal revokes
 *   them); teams, roles and the contracts they are the contact person of stay as they are (§3.3
 *   holds). One audit event `member.suspended`, by `auditActorId`, naming the invitations revoked
 *   and the contracts that still name them.
 */
export async function suspendMembership(
  scope: MembershipScope,
  target: MemberContext,
  auditActorId: string,
  /** More for the audit event's data: how the change came (SCIM: `via`, the token's id). */
  auditData: Record<string, unknown> = {},
): Promise<SuspensionOutcome> {
  const { tx, company, now } = scope;
  if (target.isOwner) throw new DomainError('OWNER_CANNOT_BE_SUSPENDED', 'The account owner cannot be suspended');
  if (target.suspended === true) {
    return { member: await readMember(tx, company, target.userId), changed: false, revokedInvitations: [] };
  }
  const at = now.toISOString();
  await markSuspended.executeWrite(tx, { companyId: company.id, userId: target.userId, now: at, by: auditActorId });
  const revokedInvitations = await pendingInvitationsSentBy.execute(tx, { companyId: company.id, userId: target.userId });
  if (revokedInvitations.length > 0) await revokePendingSentBy.executeWrite(tx, { companyId: company.id, userId: target.userId, now: at });
  const contracts = await contractsBlockingRemoval(tx, company.id, target.userId);
  await recordAudit(tx, {
    type: 'member.suspended',
    companyId: company.id,
    actorId: auditActorId,
    targetId: target.userId,
    requestId: scope.requestId,
    now,
    data: {
      // What they keep, and what still names them: the company sees what to reassign.
      kept: {
        companyRoles: sortCompanyRoles(target.companyRoles),
        teams: [...target.teams].map(([teamId, roles]) => ({ teamId, roles: sortTeamRoles(roles) })),
      },
      contracts: contracts.map((contract) => contract.id),
      revokedInvitations,
      ...auditData,
    },
  });
  return { member: await readMember(tx, company, target.userId), changed: true, revokedInvitations };
}

/**
 * "Suspend" on a member's page or `POST …/members/:userId/suspend` (§4 "Suspend and reinstate"):
 * the owner or an admin, never on themselves, never on the owner, and an admin on no one of
 * company rank equal to theirs (the policy of `member.suspend`). Suspending a suspended member
 * again answers the member and changes nothing.
 *
 * Order of refusals: the caller is not an active member (NOT_FOUND, the company), the target is no
 * member (NOT_FOUND) → self, or no right (FORBIDDEN) → the owner (OWNER_CANNOT_BE_SUSPENDED) →
 * rank (FORBIDDEN).
 */
export function suspendMember(
  ctx: CommandContext,
  companyId: string,
  input: { userId: string },
): Promise<MemberSeen & { changed: boolean }> {
  return inCompanyAbout(ctx, companyId, input.userId, async (scope) => {
    const outcome = await suspendMemberOf(scope, ctx.requestId);
    return { member: outcome.member, viewer: scope.actor, changed: outcome.changed };
  });
}

/**
 * suspendMember on the member of `scope`, inside a transaction already under the company's lock:
 * the one path of the single suspension and of the bulk one (bulk-members.ts).
 */
export function suspendMemberOf({ tx, company, actor, target, now }: TargetScope, requestId: string | undefined): Promise<SuspensionOutcome> {
  authorize(actor, 'member.suspend', { member: target });
  return suspendMembership({ tx, company, now, requestId }, target, actor.userId);
}
