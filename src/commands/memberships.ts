import type { Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { CompanyRole, TeamRole } from '../domain/roles.js';
import type { MemberContext } from '../domain/policy.js';

/** The writes that add and remove memberships; every command that changes who belongs where uses them. */

const insertCompanyMember = prepare(
  (db, v: { companyId: string; userId: string; name: string; email: string; joinedAt: string }) =>
    db
      .insertInto('companyMembers')
      .values({ companyId: v.companyId, userId: v.userId, name: v.name, email: v.email, joinedAt: v.joinedAt })
      .onConflict((conflict) => conflict.columns(['companyId', 'userId']).doNothing()),
);

/** Makes the user a member of the company if they are not one yet (the row the members list reads). */
export async function ensureCompanyMember(
  tx: Tx,
  companyId: string,
  user: { id: string; name: string; email: string },
  now: Date,
): Promise<void> {
  await insertCompanyMember.executeWrite(tx, {
    companyId,
    userId: user.id,
    name: user.name,
    email: user.email,
    joinedAt: now.toISOString(),
  });
}

// The member's name comes from their company membership, in the same statement (migration 0006).
const insertTeamMember = prepare((db, v: { companyId: string; teamId: string; userId: string; joinedAt: string }) =>
  db
    .insertInto('teamMembers')
    .columns(['companyId', 'teamId', 'userId', 'name', 'joinedAt'])
    .expression((eb) =>
      eb
        .selectFrom('companyMembers as m')
        .select(['m.companyId', eb.val(v.teamId).as('teamId'), 'm.userId', 'm.name', eb.val(v.joinedAt).as('joinedAt')])
        .where('m.companyId', '=', v.companyId)
        .where('m.userId', '=', v.userId),
    )
    .onConflict((conflict) => conflict.columns(['teamId', 'userId']).doNothing()),
);

const insertTeamRole = prepare((db, v: { companyId: string; teamId: string; userId: string; role: TeamRole }) =>
  db.insertInto('teamMemberRoles').values({ companyId: v.companyId, teamId: v.teamId, userId: v.userId, role: v.role }),
);

// Every WHERE repeats the company id: a team id of another company, passed by mistake, deletes nothing.
const deleteTeamRole = prepare((db, v: { companyId: string; teamId: string; userId: string; role: TeamRole }) =>
  db
    .deleteFrom('teamMemberRoles')
    .where('companyId', '=', v.companyId)
    .where('teamId', '=', v.teamId)
    .where('userId', '=', v.userId)
    .where('role', '=', v.role),
);

/**
 * Adds someone who is not in the team (as read in this transaction, under the company's lock) to it
 * with these roles. The caller has made them a company member first. Were they in the team after
 * all, the membership insert would do nothing and a role they hold would fail on its primary key.
 */
export async function addTeamMembership(
  tx: Tx,
  membership: { companyId: string; teamId: string; userId: string },
  roles: readonly TeamRole[],
  now: Date,
): Promise<void> {
  await insertTeamMember.executeWrite(tx, { ...membership, joinedAt: now.toISOString() });
  for (const role of roles) await insertTeamRole.executeWrite(tx, { ...membership, role });
}

/**
 * Changes the roles of someone already in the team from `held` (read in this transaction, under the
 * company's lock) to `roles`, touching only the roles that differ: one statement for the usual
 * change of one role, where replacing them all took two or more (each a round trip on PostgreSQL).
 */
export async function changeTeamRoles(
  tx: Tx,
  membership: { companyId: string; teamId: string; userId: string },
  held: ReadonlySet<TeamRole>,
  roles: readonly TeamRole[],
): Promise<void> {
  for (const role of held) {
    if (!roles.includes(role)) await deleteTeamRole.executeWrite(tx, { ...membership, role });
  }
  for (const role of roles) {
    if (!held.has(role)) await insertTeamRole.executeWrite(tx, { ...membership, role });
  }
}

const deleteCompanyRoles = prepare((db, v: { companyId: string; userId: string }) =>
  db.deleteFrom('companyMemberRoles').where('companyId', '=', v.companyId).where('userId', '=', v.userId),
);

const insertCompanyRole = prepare((db, v: { companyId: string; userId: string; role: CompanyRole }) =>
  db.insertInto('companyMemberRoles').values({ companyId: v.companyId, userId: v.userId, role: v.role }),
);

/** Replaces the member's company roles. */
export async function replaceCompanyRoles(
  tx: Tx,
  companyId: string,
  userId: string,
  roles: readonly CompanyRole[],
): Promise<void> {
  await deleteCompanyRoles.executeWrite(tx, { companyId, userId });
  for (const role of roles) await insertCompanyRole.executeWrite(tx, { companyId, userId, role });
}

const deleteTeamMember = prepare((db, v: { companyId: string; teamId: string; userId: string }) =>
  db.deleteFrom('teamMembers').where('companyId', '=', v.companyId).where('teamId', '=', v.teamId).where('userId', '=', v.userId),
);

/**
 * Removes `member` from one team. A person removed from their last team is no longer a member of
 * the company (§1), so their company row and company roles go too, and their pending invitations
 * are revoked. `member` must be as read in this transaction, under the company's lock, with no
 * membership of theirs written since: whether the team was their last one is decided from it.
 * Returns whether they left the company, and how many invitations were revoked.
 */
export async function removeTeamMembership(
  tx: Tx,
  companyId: string,
  teamId: string,
  member: MemberContext,
  now: Date,
): Promise<{ leftCompany: boolean; revokedInvitations: number }> {
  const { userId } = member;
  await deleteTeamMember.executeWrite(tx, { companyId, teamId, userId });
  const inAnotherTeam = [...member.teams.keys()].some((id) => id !== teamId);
  if (inAnotherTeam) return { leftCompany: false, revokedInvitations: 0 };
  const revokedInvitations = await removeCompanyMembership(tx, companyId, userId, now);
  return { leftCompany: true, revokedInvitations };
}

const deleteCompanyMember = prepare((db, v: { companyId: string; userId: string }) =>
  db.deleteFrom('companyMembers').where('companyId', '=', v.companyId).where('userId', '=', v.userId),
);

const revokeInvitationsSentBy = prepare((db, v: { companyId: string; userId: string; now: string }) =>
  db
    .updateTable('invitations')
    .set({ status: 'revoked', updatedAt: v.now, respondedAt: v.now })
    .where('companyId', '=', v.companyId)
    .where('invitedBy', '=', v.userId)
    .where('status', '=', 'pending'),
);

/**
 * Removes every team membership and company role at once (cascading from the company row), and
 * revokes the pending invitations the person sent (§4 "Remove from the company").
 */
export async function removeCompanyMembership(tx: Tx, companyId: string, userId: string, now: Date): Promise<number> {
  await deleteCompanyMember.executeWrite(tx, { companyId, userId });
  return revokeInvitationsSentBy.executeWrite(tx, { companyId, userId, now: now.toISOString() });
}
