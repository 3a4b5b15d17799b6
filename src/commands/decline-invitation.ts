import { lockCompany } from '../db/database.js';
import { recordAudit } from './audit.js';
import { assertAnswerable, findInvitationByToken } from './accept-invitation.js';
import type { CommandContext } from './context.js';
import { loadGrants, soleTeamId } from './invitations-shared.js';

/**
 * Declines the invitation of this link (§4 "Accept or decline"). No sign-in is needed: the token
 * proves the mailbox. The audit event's actor is the signed-in user if there is one; otherwise
 * nobody with an account acted, so the inviter stands in and the data says it was the invitee.
 */
export async function declineInvitation(ctx: CommandContext, token: string): Promise<void> {
  await ctx.db.write(async (tx) => {
    const found = await findInvitationByToken(tx, token);
    // Lock the company, then read the invitation again: a concurrent accept, decline or revoke
    // that committed meanwhile is seen here, so that the invitation is answered at most once.
    await lockCompany(tx, found.companyId);
    const invitation = await tx.selectFrom('invitations').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow();
    const now = ctx.now();
    // §3.5: answered only while pending and unexpired.
    assertAnswerable(invitation, now);

    await tx
      .updateTable('invitations')
      .set({ status: 'declined', respondedAt: now.toISOString(), updatedAt: now.toISOString() })
      .where('id', '=', invitation.id)
      .where('companyId', '=', invitation.companyId)
      .execute();
    const grants = await loadGrants(tx, [invitation]);
    await recordAudit(tx, {
      type: 'invitation.declined',
      companyId: invitation.companyId,
      actorId: ctx.actorId ?? invitation.invitedBy,
      targetId: invitation.id,
      teamId: soleTeamId([...grants.values()]),
      data: {
        invitationId: invitation.id,
        email: invitation.email,
        signedIn: ctx.actorId !== null,
      },
      requestId: ctx.requestId,
      now,
    });
  });
}
