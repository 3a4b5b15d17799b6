import type { Db } from '../db/database.js';
import type { Team } from '../db/schema.js';
import { teamAbilities } from '../domain/policy.js';
import { readAsMember } from './scope.js';

/** A team row with its member count, in the Team shape of API.md. */
export const presentTeam = (team: Team, memberCount: number) => ({
  id: team.id,
  companyId: team.companyId,
  name: team.name,
  hidden: team.hidden === 1,
  isDefault: team.isDefault === 1,
  memberCount,
});

/**
 * Every team of the company, hidden ones included (marked `hidden`), for any member: the default
 * team first, then by name. A company has few teams, so the list is not paginated.
 */
export async function listTeams(db: Db, userId: string, companyId: string) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  const rows = await db.kysely
    .selectFrom('teams as t')
    .leftJoin('teamMembers as tm', 'tm.teamId', 't.id')
    .selectAll('t')
    .select((eb) => eb.fn.count<number | string | bigint>('tm.userId').as('memberCount'))
    .where('t.companyId', '=', company.id)
    .groupBy(['t.id', 't.companyId', 't.name', 't.nameKey', 't.hidden', 't.isDefault', 't.createdAt'])
    .orderBy('t.isDefault', 'desc')
    .orderBy('t.nameKey')
    .orderBy('t.id')
    .execute();
  return {
    items: rows.map(({ memberCount, ...team }) => presentTeam(team, Number(memberCount))),
    // What the viewer may do in each team, beside the teams (renaming, hiding, inviting and with which roles).
    policies: rows.map((team) => teamAbilities(actor, team.id)),
  };
}
