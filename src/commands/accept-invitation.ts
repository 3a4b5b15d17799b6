import { hashSecret } from '../auth/secrets.js';
import { lockCompany, type Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Company, Invitation, User } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import { sortCompanyRoles, sortTeamRoles } from '../domain/roles.js';
import { recordAudit } from './audit.js';
import { requireActorId, type CommandContext } from './context.js';
import { lockUser } from './daily-limits.js';
import { unknownInvitationLink } from '../model/invitations.js';
import { loadMember, readMember, type LoadedMember } from '../model/members.js';
import { loadGrants } from './invitations-shared.js';
import { addTeamMembership, changeTeamRoles, ensureCompanyMember, replaceCompanyRoles } from './memberships.js';

const invitationByTokenHash = prepare((db, v: { tokenHash: string }) =>
  db.selectFrom('invitations').selectAll().where('tokenHash', '=', v.tokenHash),
);
const invitationById = prepare((db, v: { id: string }) => db.selectFrom('invitations').selectAll().where('id', '=', v.id));
const markEmailVerified = prepare((db, v: { userId: string }) =>
  db.updateTable('users').set({ emailVerified: 1 }).where('id', '=', v.userId),
);
const markAccepted = prepare((db, v: { companyId: string; id: string; now: string }) =>
  db
    .updateTable('invitations')
    .set({ status: 'accepted', respondedAt: v.now, updatedAt: v.now })
    .where('companyId', '=', v.companyId)
    .where('id', '=', v.id),
);
const userById = prepare((db, v: { userId: string }) => db.selectFrom('users').selectAll().where('id', '=', v.userId));

/** The invitation an accept link's token points at; an unknown token is NOT_FOUND, a replaced one INVITATION_REPLACED. */
export async function findInvitationByToken(tx: Tx, token: string): Promise<Invitation> {
  const tokenHash = hashSecret(token);
  const invitation = await invitationByTokenHash.executeTakeFirst(tx, { tokenHash });
  if (!invitation) throw await unknownInvitationLink(tx, tokenHash);
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
  const company = await lockCompany(tx, found.companyId);
  if (!company) throw notFound('Invitation');
  const invitation = await invitationById.executeTakeFirst(tx, { id: found.id });
  if (!invitation) throw notFound('Invitation');
  assertAnswerable(invitation, now);
  if (invitation.email !== user.email) {
    throw new DomainError('INVITATION_EMAIL_MISMATCH', 'This invitation was sent to another email address');
  }

  const companyId = invitation.companyId;
  // What they hold already (nothing, for someone new), read under the company's lock.
  const member = await loadMember(tx, company, user.id);
  await ensureCompanyMember(tx, companyId, user, now);
  const { teams: grants, companyRoles: grantedCompanyRoles } = (await loadGrants(tx, [invitation])).get(invitation.id) ?? {
    teams: [],
    companyRoles: [],
  };
  for (const grant of grants) {
    const membership = { companyId, teamId: grant.teamId, userId: user.id };
    const held = member?.teams.get(grant.teamId);
    if (held === undefined) await addTeamMembership(tx, membership, grant.roles, now);
    else await changeTeamRoles(tx, membership, held, sortTeamRoles([...held, ...grant.roles]));
  }
  if (grantedCompanyRoles.length > 0) {
    const held = member?.companyRoles ?? [];
    await replaceCompanyRoles(tx, companyId, user.id, sortCompanyRoles([...held, ...grantedCompanyRoles]));
  }

  // The link reached the person through this mailbox: that proves the address, as sign-up from it does.
  if (user.emailVerified === 0) await markEmailVerified.executeWrite(tx, { userId: user.id });
  await markAccepted.executeWrite(tx, { companyId: invitation.companyId, id: invitation.id, now: now.toISOString() });
  await recordAudit(tx, {
    type: 'invitation.accepted',
    companyId,
    actorId: user.id,
    targetId: user.id,
    // Team admins read the events of their teams: an invitation into one team is one of them.
    teamId: grants.length === 1 ? (grants[0]?.teamId ?? null) : null,
    data: {
      invitationId: invitation.id,
      teams: grants,
      companyRoles: grantedCompanyRoles,
    },
    requestId,
    now,
  });
  return { companyId };
}

/** Accepts the invitation of this link as the signed-in user (§4 "Accept or decline"). */
export async function acceptInvitation(ctx: CommandContext, token: string): Promise<{ company: Company; member: LoadedMember }> {
  const userId = requireActorId(ctx);
  return ctx.db.write(async (tx) => {
    // The person's row first, as deleting the account takes it: an account deleted meanwhile is
    // UNAUTHENTICATED here, before its invitations (which the deletion revoked) are looked at,
    // rather than joining the company under the name and email it had.
    await lockUser(tx, userId);
    const invitation = await findInvitationByToken(tx, token);
    const user = await userById.executeTakeFirst(tx, { userId });
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
    const { companyId } = await acceptInvitationIn(tx, invitation, user, ctx.now(), ctx.requestId);
    // The company and the new member as this transaction left them: read after the commit, an
    // account deleted in between would make an accepted invitation answer NOT_FOUND.
    const company = await lockCompany(tx, companyId);
    if (!company) throw notFound('Invitation');
    return { company, member: await readMember(tx, company, userId) };
  });
}
