import { hashSecret, newSecret } from '../auth/secrets.js';
import { DomainError, notFound } from '../domain/errors.js';
import { withTeams, type InvitationRecord } from '../model/invitations.js';
import { inCompany, type CommandContext } from './context.js';
import { lockUser } from './daily-limits.js';
import {
  assertNotMembers,
  assertMayMailInvitations,
  assertTeamsShown,
  authorizeGrants,
  expiryFrom,
  loadGrants,
  makeRoomForPending,
  queueInvitationMail,
  requireInvitations,
  requireTeams,
  soleTeamId,
  userName,
  senderLanguage,
} from './invitations-shared.js';

/**
 * Resends pending or expired invitations, one or many, all or nothing (§4 "Invite"): each gets a
 * new token and a new expiry, so that the old link stops working, and a new mail.
 */
export async function resendInvitations(
  ctx: CommandContext,
  companyId: string,
  invitationIds: readonly string[],
): Promise<InvitationRecord[]> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit, queuedMail }) => {
    const invitations = await requireInvitations(tx, company.id, invitationIds);
    const grants = await loadGrants(tx, invitations);
    const teams = await requireTeams(
      tx,
      company.id,
      [...grants.values()].flatMap((grant) => grant.teams.map((team) => team.teamId)),
    );
    for (const invitation of invitations) {
      const granted = grants.get(invitation.id);
      if (granted) authorizeGrants(actor, granted);
    }

    // §4: only pending and expired invitations are resent; an answered or revoked one stays so.
    for (const invitation of invitations) {
      if (invitation.status !== 'pending' && invitation.status !== 'expired') {
        throw new DomainError('CONFLICT', `The invitation for ${invitation.email} was ${invitation.status}; invite again instead`);
      }
    }
    // §4 "Teams": a resend is a new offer, and a hidden team takes no new invitations.
    assertTeamsShown(teams.values());
    // §4 "Limits": each resent invitation is one more mail in the company's name and the sender's,
    // to its address, as invite counts them.
    const emails = invitations.map((invitation) => invitation.email);
    const sender = await lockUser(tx, actor.userId);
    await assertMayMailInvitations(tx, company.id, sender, emails, ctx.settings, now);
    // §3.4: the email may have become a member since.
    await assertNotMembers(tx, company.id, emails);
    // §3.4: two of these for one email would both be pending.
    const repeated = emails.filter((email, index) => emails.indexOf(email) !== index);
    if (repeated.length > 0) {
      throw new DomainError('INVITATION_ALREADY_PENDING', `Only one invitation per email can be pending: ${repeated.join(', ')}`, {
        emails: [...new Set(repeated)],
      });
    }
    // §3.4: another invitation for the email may be pending now.
    await makeRoomForPending(tx, company.id, emails, invitations.map((invitation) => invitation.id), now);

    const expiresAt = expiryFrom(now, ctx.settings.invitationTtlHours);
    const inviterNames = new Map<string, string>();
    const resent = [];
    for (const invitation of invitations) {
      const token = newSecret();
      const updated = { ...invitation, status: 'pending' as const, tokenHash: hashSecret(token), expiresAt, updatedAt: now.toISOString() };
      await tx
        .updateTable('invitations')
        .set({ status: updated.status, tokenHash: updated.tokenHash, expiresAt, updatedAt: updated.updatedAt })
        .where('id', '=', invitation.id)
        .where('companyId', '=', company.id)
        .execute();
      // The old link is answered INVITATION_REPLACED from now on (API.md), not NOT_FOUND.
      await tx.insertInto('replacedInvitationTokens').values({ tokenHash: invitation.tokenHash, invitationId: invitation.id, replacedAt: now.toISOString() }).execute();
      // The mail names who invited, as the accept page does, whoever resends it.
      const inviterName = inviterNames.get(invitation.invitedBy) ?? (await userName(tx, invitation.invitedBy));
      inviterNames.set(invitation.invitedBy, inviterName);
      const granted = grants.get(invitation.id) ?? { teams: [], companyRoles: [] };
      await queueInvitationMail(
        tx,
        ctx.settings,
        {
          invitation: updated,
          token,
          grants: granted,
          teams,
          companyName: company.name,
          inviterName,
          senderId: sender.id,
          senderLanguage: senderLanguage(ctx, sender),
        },
        now,
      );
      resent.push(updated);
    }

    await audit({
      type: 'invitation.resent',
      targetId: resent.length === 1 ? (resent[0]?.id ?? null) : null,
      teamId: soleTeamId([...grants.values()]),
      data: {
        invitations: invitations.map((invitation) => ({
          id: invitation.id,
          email: invitation.email,
          previousExpiresAt: invitation.expiresAt,
        })),
        expiresAt,
      },
    });
    queuedMail();
    return withTeams(tx, resent);
  });
}

/** Resends one invitation: the bulk command with one id, so that both forms share one code path. */
export async function resendInvitation(ctx: CommandContext, companyId: string, invitationId: string): Promise<InvitationRecord> {
  const [invitation] = await resendInvitations(ctx, companyId, [invitationId]);
  if (!invitation) throw notFound('Invitation');
  return invitation;
}
