import type { Tx } from '../db/database.js';
import type { CompanyRole, TeamRole } from '../domain/roles.js';

/** The writes that add and remove memberships; every command that changes who belongs where uses them. */

/** Makes the user a member of the company if they are not one yet (the row the members list reads). */
export async function ensureCompanyMember(
  tx: Tx,
  companyId: string,
  user: { id: string; name: string; email: string },
  now: Date,
): Promise<void> {
  await tx
    .insertInto('companyMembers')
    .values({ companyId, userId: user.id, name: user.name, email: user.email, joinedAt: now.toISOString() })
    .onConflict((conflict) => conflict.columns(['companyId', 'userId']).doNothing())
    .execute();
}

/**
 * Puts the user in the team with exactly these roles: adds the membership if missing, replaces the
 * roles otherwise. The caller has made them a company member first.
 */
export async function setTeamMembership(
  tx: Tx,
  membership: { companyId: string; teamId: string; userId: string },
  roles: readonly TeamRole[],
  now: Date,
): Promise<void> {
  const { companyId, teamId, userId } = membership;
  await tx
    .insertInto('teamMembers')
    .values({ companyId, teamId, userId, joinedAt: now.toISOString() })
    .onConflict((conflict) => conflict.columns(['teamId', 'userId']).doNothing())
    .execute();
  await tx.deleteFrom('teamMemberRoles').where('teamId', '=', teamId).where('userId', '=', userId).execute();
  if (roles.length > 0) {
    await tx
      .insertInto('teamMemberRoles')
      .values(roles.map((role) => ({ companyId, teamId, userId, role })))
      .execute();
  }
}

/** Replaces the member's company roles. */
export async function setCompanyRoles(
  tx: Tx,
  companyId: string,
  userId: string,
  roles: readonly CompanyRole[],
): Promise<void> {
  await tx.deleteFrom('companyMemberRoles').where('companyId', '=', companyId).where('userId', '=', userId).execute();
  if (roles.length > 0) {
    await tx
      .insertInto('companyMemberRoles')
      .values(roles.map((role) => ({ companyId, userId, role })))
      .execute();
  }
}

/**
 * Removes one team membership. A person removed from their last team is no longer a member of the
 * company (§1), so their company row and company roles go too, and their pending invitations are
 * revoked. Returns whether they left the company, and how many invitations were revoked.
 */
export async function removeTeamMembership(
  tx: Tx,
  membership: { companyId: string; teamId: string; userId: string },
  now: Date,
): Promise<{ leftCompany: boolean; revokedInvitations: number }> {
  const { companyId, teamId, userId } = membership;
  await tx.deleteFrom('teamMembers').where('teamId', '=', teamId).where('userId', '=', userId).execute();
  const remaining = await tx
    .selectFrom('teamMembers')
    .select('teamId')
    .where('companyId', '=', companyId)
    .where('userId', '=', userId)
    .limit(1)
    .executeTakeFirst();
  if (remaining) return { leftCompany: false, revokedInvitations: 0 };
  const revokedInvitations = await removeCompanyMembership(tx, companyId, userId, now);
  return { leftCompany: true, revokedInvitations };
}

/**
 * Removes every team membership and company role at once (cascading from the company row), and
 * revokes the pending invitations the person sent (§4 "Remove from the company").
 */
export async function removeCompanyMembership(tx: Tx, companyId: string, userId: string, now: Date): Promise<number> {
  await tx.deleteFrom('companyMembers').where('companyId', '=', companyId).where('userId', '=', userId).execute();
  const revoked = await tx
    .updateTable('invitations')
    .set({ status: 'revoked', updatedAt: now.toISOString(), respondedAt: now.toISOString() })
    .where('companyId', '=', companyId)
    .where('invitedBy', '=', userId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(revoked.numUpdatedRows);
}
