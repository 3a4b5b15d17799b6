/** What a removed member held, kept 90 days to offer back when they are invited again (RULES.md §4 "Invite many"). */
import { sql } from 'kysely';
import type { Executor, Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { MemberContext } from '../domain/policy.js';
import { isTeamRole, sortCompanyRoles, sortTeamRoles } from '../domain/roles.js';
import { parseCompanyRoles, type FormerMembership } from '../model/invitations.js';

/** How long a removal is remembered: GitHub's three months, as 90 days. */
export const REINSTATE_DAYS = 90;


const upsertFormerMember = prepare((db, v: { companyId: string; userId: string; teams: string; companyRoles: string; removedAt: string }) =>
  db
    .insertInto('formerMembers')
    .values({ companyId: v.companyId, userId: v.userId, teams: v.teams, companyRoles: v.companyRoles, removedAt: v.removedAt })
    .onConflict((conflict) => conflict.columns(['companyId', 'userId']).doUpdateSet({ teams: v.teams, companyRoles: v.companyRoles, removedAt: v.removedAt })),
);

/**
 * Records what `member` (as read under the company's lock, before the removal) held, in the
 * removal's transaction: their teams with roles, or only `teams` when they lose just those (their
 * last team), and their company roles.
 */
export async function rememberFormerMember(tx: Tx, companyId: string, member: MemberContext, now: Date, teamIds?: readonly string[]): Promise<void> {
  const teams = [...member.teams]
    .filter(([teamId]) => teamIds === undefined || teamIds.includes(teamId))
    .map(([teamId, roles]) => ({ teamId, roles: sortTeamRoles(roles) }))
    .sort((a, b) => a.teamId.localeCompare(b.teamId));
  await upsertFormerMember.executeWrite(tx, {
    companyId,
    userId: member.userId,
    teams: JSON.stringify(teams),
    companyRoles: JSON.stringify(sortCompanyRoles(member.companyRoles)),
    removedAt: now.toISOString(),
  });
}

const deleteFormerMember = prepare((db, v: { companyId: string; userId: string }) =>
  db.deleteFrom('formerMembers').where('companyId', '=', v.companyId).where('userId', '=', v.userId),
);

/**
 * Forgets a removal when the person, back in the company since, leaves it by themselves: a
 * re-joined record offers nothing. (Removed again, the record is replaced instead; while they are
 * a member, formerMemberships passes over it.)
 */
export async function forgetFormerMember(tx: Tx, companyId: string, userId: string): Promise<void> {
  await deleteFormerMember.executeWrite(tx, { companyId, userId });
}

/**
 * The former memberships of these emails in the company: those removed in the last 90 days who
 * are not members now, by email.
 */
export async function formerMemberships(
  executor: Executor,
  companyId: string,
  emails: readonly string[],
  now: Date,
): Promise<Map<string, FormerMembership>> {
  const found = new Map<string, FormerMembership>();
  const wanted = [...new Set(emails)];
  const since = new Date(now.getTime() - REINSTATE_DAYS * 86_400_000).toISOString();
  for (let start = 0; start < wanted.length; start += 500) {
    const rows = await executor
      .selectFrom('formerMembers as f')
      .innerJoin('users as u', 'u.id', 'f.userId')
      .select(['u.email', 'f.teams', 'f.companyRoles', 'f.removedAt'])
      .where('f.companyId', '=', companyId)
      .where('u.email', 'in', wanted.slice(start, start + 500))
      .where('f.removedAt', '>', since)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('companyMembers as m').select(sql.lit(1).as('one')).where('m.companyId', '=', companyId).whereRef('m.userId', '=', 'f.userId'))),
      )
      .execute();
    for (const row of rows) {
      const teams = (JSON.parse(row.teams) as { teamId: string; roles: string[] }[]).map((team) => ({
        teamId: team.teamId,
        roles: sortTeamRoles(team.roles.filter(isTeamRole)),
      }));
      found.set(row.email, { teams, companyRoles: parseCompanyRoles(row.companyRoles), removedAt: row.removedAt });
    }
  }
  return found;
}
