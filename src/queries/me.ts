import type { Db } from '../db/database.js';
import { notFound } from '../domain/errors.js';
import { companyAbilities, invitableCompanyRoles } from '../domain/policy.js';
import { loadMembershipsOf } from '../model/members.js';
import { presentCompany } from '../presenters/companies.js';
import { presentMembership } from '../presenters/members.js';
import { presentUser } from '../presenters/users.js';
import { readAsMember } from './scope.js';

/**
 * The signed-in user with every company they belong to, by name, their roles and teams there (the
 * teams in the order of a member's page): the user, their companies, and their memberships of all
 * of them in one statement (loadMembershipsOf).
 */
export async function getMe(db: Db, userId: string) {
  const user = await db.kysely.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('User');
  const companies = await db.kysely
    .selectFrom('companyMembers as m')
    .innerJoin('companies as c', 'c.id', 'm.companyId')
    .selectAll('c')
    .where('m.userId', '=', userId)
    // A company where they are suspended is left out: to them it is as if they were no member (§4 "Suspend and reinstate").
    .where('m.suspendedAt', 'is', null)
    .orderBy('c.name')
    .orderBy('c.id')
    .execute();
  const memberships = await loadMembershipsOf(db.kysely, { userId, name: user.name, email: user.email }, companies);
  const entries = [];
  for (const company of companies) {
    const member = memberships.get(company.id);
    if (member) entries.push(presentMembership(company, member));
  }
  return { user: presentUser(user), companies: entries };
}

/** One company as its member sees it, with what they may do there; NOT_FOUND for anyone else. */
export async function getCompany(db: Db, userId: string, companyId: string) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  return { company: presentCompany(company), can: companyAbilities(actor), invitableCompanyRoles: invitableCompanyRoles(actor) };
}
