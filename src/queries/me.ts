import type { Db } from '../db/database.js';
import { notFound } from '../domain/errors.js';
import { companyAbilities, invitableCompanyRoles } from '../domain/policy.js';
import { sortCompanyRoles, sortTeamRoles } from '../domain/roles.js';
import { loadMember } from '../model/members.js';
import { presentCompany, presentUser } from './presenters.js';
import { readAsMember } from './scope.js';

/** The signed-in user with every company they belong to, their roles and teams there. */
export async function getMe(db: Db, userId: string) {
  const user = await db.kysely.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('User');
  const companies = await db.kysely
    .selectFrom('companyMembers as m')
    .innerJoin('companies as c', 'c.id', 'm.companyId')
    .selectAll('c')
    .where('m.userId', '=', userId)
    .orderBy('c.name')
    .orderBy('c.id')
    .execute();
  const teamNames = await db.kysely
    .selectFrom('teamMembers as tm')
    .innerJoin('teams as t', 't.id', 'tm.teamId')
    .select(['t.id', 't.name'])
    .where('tm.userId', '=', userId)
    .execute();
  const nameOf = new Map(teamNames.map((team) => [team.id, team.name]));
  const entries = [];
  for (const company of companies) {
    const member = await loadMember(db.kysely, company, userId);
    if (!member) continue;
    entries.push({
      company: presentCompany(company),
      isOwner: member.isOwner,
      companyRoles: sortCompanyRoles(member.companyRoles),
      teams: [...member.teams].map(([teamId, roles]) => ({
        teamId,
        teamName: nameOf.get(teamId) ?? '',
        roles: sortTeamRoles(roles),
      })),
    });
  }
  return { user: presentUser(user), companies: entries };
}

/** One company as its member sees it, with what they may do there; NOT_FOUND for anyone else. */
export async function getCompany(db: Db, userId: string, companyId: string) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  return { company: presentCompany(company), can: companyAbilities(actor), invitableCompanyRoles: invitableCompanyRoles(actor) };
}
