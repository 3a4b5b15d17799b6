import { DomainError } from '../domain/errors.js';
import { effectiveStatus } from '../model/invitations.js';
import { inCompany, type CommandContext } from './context.js';
import { authorizeGrants, loadGrants, requireInvitations, soleTeamId } from './invitations-shared.js';

/**
 * Revokes pending or expired invitations, one or many, all or nothing (§4 "Invite"): their links
 * stop working at once.
 */
export async function revokeInvitations(
  ctx: CommandContext,
  companyId: string,
  invitationIds: readonly string[],
): Promise<void> {
  await inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    const invitations = await requireInvitations(tx, company.id, invitationIds);
    const grants = await loadGrants(tx, invitations);
    for (const granted of grants.values()) authorizeGrants(actor, granted);

    // §4: only an invitation still open (pending, or expired unanswered) can be revoked.
    for (const invitation of invitations) {
      if (invitation.status !== 'pending' && invitation.status !== 'expired') {
        throw new DomainError('CONFLICT', `The invitation for ${invitation.email} was ${invitation.status} and cannot be revoked`);
      }
    }

    await tx
      .updateTable('invitations')
      .set({ status: 'revoked', updatedAt: now.toISOString() })
      .where('companyId', '=', company.id)
      .where('id', 'in', invitations.map((invitation) => invitation.id))
      .execute();
    await audit({
      type: 'invitation.revoked',
      targetId: invitations.length === 1 ? (invitations[0]?.id ?? null) : null,
      teamId: soleTeamId([...grants.values()]),
      data: {
        invitations: invitations.map((invitation) => ({
          id: invitation.id,
          email: invitation.email,
          statusBefore: effectiveStatus(invitation, now),
        })),
      },
    });
  });
}
