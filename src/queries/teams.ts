import type { Db } from '../db/database.js';
import { presentTeam } from '../presenters/teams.js';
import { teamAbilities } from '../domain/policy.js';
import { readAsMember } from './scope.js';

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
