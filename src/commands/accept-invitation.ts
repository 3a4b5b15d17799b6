import { hashSecret } from '../auth/secrets.js';
import { lockCompany, type Tx } from '../db/database.js';
import type { Invitation, User } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import { isCompanyRole, isTeamRole, sortCompanyRoles, sortTeamRoles } from '../domain/roles.js';
import { recordAudit } from './audit.js';
import { requireActorId, type CommandContext } from './context.js';
import { ensureCompanyMember, setCompanyRoles, setTeamMembership } from './memberships.js';

/** The invitation an accept link's token points at; an unknown token is NOT_FOUND. */
export async function findInvitationByToken(tx: Tx, token: string): Promise<Invitation> {
  const invitation = await tx
    .selectFrom('invitations')
    .selectAll()
    .where('tokenHash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!invitation) throw notFound('Invitation');
  return invitation;
}

/** §3.5: an invitation is answered only while pending and unexpired. */
export function assertAnswerable(invitation: Invitation, now: Date): void {
  // An expired invitation stays expired in its answers once a new one has been sent to the email.
  if (invitation.status === 'expired') {
    throw new DomainError('INVITATION_EXPIRED', 'This invitation has expired; ask for a new one');
  }
  if (invitation.status !== 'pending') {
    throw new DomainError('INVITATION_NOT_PENDING', `This invitation was ${invitation.status}`);
  }
  if (invitation.expiresAt <= now.toISOString()) {
    throw new DomainError('INVITATION_EXPIRED', 'This invitation has expired; ask for a new one');
  }
}

/**
 * Accepts an invitation for `user` inside the caller's transaction: exactly the teams and roles it
 * carries are granted (added to what the person already holds), once (§3.5).
 */
export async function acceptInvitationIn(
  tx: Tx,
  found: Invitation,
  user: User,
  now: Date,
  requestId: string | undefined,
): Promise<{ companyId: string }> {
  // Lock the company first, then read the invitation again: a concurrent accept or revoke that
  // committed meanwhile is seen here, so that the invitation is accepted at most once.
  await lockCompany(tx, found.companyId);
  const invitation = await tx
    .selectFrom('invitations')
    .selectAll()
    .where('id', '=', found.id)
    .executeTakeFirstOrThrow();
  assertAnswerable(invitation, now);
  if (invitation.email !== user.email) {
    throw new DomainError('INVITATION_EMAIL_MISMATCH', 'This invitation was sent to another email address');
  }

  const companyId = invitation.companyId;
  await ensureCompanyMember(tx, companyId, user, now);
  const grants = await tx
    .selectFrom('invitationTeams')
    .select(['teamId', 'roles'])
    .where('invitationId', '=', invitation.id)
    .execute();
  for (const grant of grants) {
    const held = await tx
      .selectFrom('teamMemberRoles')
      .select('role')
      .where('teamId', '=', grant.teamId)
      .where('userId', '=', user.id)
      .execute();
    const granted = (JSON.parse(grant.roles) as string[]).filter(isTeamRole);
    const roles = sortTeamRoles([...held.map((row) => row.role).filter(isTeamRole), ...granted]);
    await setTeamMembership(tx, { companyId, teamId: grant.teamId, userId: user.id }, roles, now);
  }
  const grantedCompanyRoles = (JSON.parse(invitation.companyRoles) as string[]).filter(isCompanyRole);
  if (grantedCompanyRoles.length > 0) {
    const held = await tx
      .selectFrom('companyMemberRoles')
      .select('role')
      .where('companyId', '=', companyId)
      .where('userId', '=', user.id)
      .execute();
    const roles = sortCompanyRoles([...held.map((row) => row.role).filter(isCompanyRole), ...grantedCompanyRoles]);
    await setCompanyRoles(tx, companyId, user.id, roles);
  }

  // The link reached the person through this mailbox: that proves the address, as sign-up from it does.
  if (user.emailVerified === 0) await tx.updateTable('users').set({ emailVerified: 1 }).where('id', '=', user.id).execute();
  await tx
    .updateTable('invitations')
    .set({ status: 'accepted', respondedAt: now.toISOString(), updatedAt: now.toISOString() })
    .where('id', '=', invitation.id)
    .execute();
  await recordAudit(tx, {
    type: 'invitation.accepted',
    companyId,
    actorId: user.id,
    targetId: user.id,
    // Team admins read the events of their teams: an invitation into one team is one of them.
    teamId: grants.length === 1 ? (grants[0]?.teamId ?? null) : null,
    data: {
      invitationId: invitation.id,
      teams: grants.map((grant) => ({ teamId: grant.teamId, roles: JSON.parse(grant.roles) as unknown })),
      companyRoles: grantedCompanyRoles,
    },
    requestId,
    now,
  });
  return { companyId };
}

/** Accepts the invitation of this link as the signed-in user (§4 "Accept or decline"). */
export async function acceptInvitation(ctx: CommandContext, token: string): Promise<{ companyId: string }> {
  const userId = requireActorId(ctx);
  return ctx.db.write(async (tx) => {
    const invitation = await findInvitationByToken(tx, token);
    const user = await tx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    return acceptInvitationIn(tx, invitation, user, ctx.now(), ctx.requestId);
  });
}
