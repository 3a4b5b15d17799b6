/**
 * The shared reading of the model, below commands and queries: a person's membership of a
 * company (`MemberContext`), a team or contract of the company (NOT_FOUND otherwise), and the
 * contracts a person is the contact person of.
 */
import { sql } from 'kysely';
import type { Executor, Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Company, Contract, Team } from '../db/schema.js';
import { notFound, type BlockingContract } from '../domain/errors.js';
import type { MemberContext } from '../domain/policy.js';
import { isCompanyRole, isTeamRole, type CompanyRole, type TeamRole } from '../domain/roles.js';

/**
 * The memberships of the people `userIds` (one or two): their team memberships with their roles
 * (one row per role, or one with a null role), then their company roles (rows with a null team),
 * each row naming its person. One query, so one round trip on PostgreSQL.
 */
export function membershipRows(db: Executor, companyId: string, userIds: readonly string[]) {
  return db
    .selectFrom('teamMembers as tm')
    .leftJoin('teamMemberRoles as r', (join) =>
      join.onRef('r.teamId', '=', 'tm.teamId').onRef('r.userId', '=', 'tm.userId'),
    )
    .select((eb) => ['tm.userId', eb.ref('tm.teamId').$castTo<string | null>().as('teamId'), 'r.role'])
    .where('tm.companyId', '=', companyId)
    .where('tm.userId', 'in', userIds)
    .unionAll(
      db
        .selectFrom('companyMemberRoles as cr')
        .select(['cr.userId', sql<string | null>`null`.as('teamId'), 'cr.role'])
        .where('cr.companyId', '=', companyId)
        .where('cr.userId', 'in', userIds),
    );
}

const membershipOf = prepare((db, v: { companyId: string; userId: string }) => membershipRows(db, v.companyId, [v.userId]));

const membershipsOfTwo = prepare((db, v: { companyId: string; first: string; second: string }) =>
  membershipRows(db, v.companyId, [v.first, v.second]),
);

/** The member those rows describe, or null when they name no team (not a member, §1). */
export function memberFromRows(
  company: Company,
  userId: string,
  rows: readonly { teamId: string | null; role: string | null }[],
): MemberContext | null {
  const teams = new Map<string, Set<TeamRole>>();
  const companyRoles = new Set<CompanyRole>();
  for (const { teamId, role } of rows) {
    if (teamId === null) {
      if (role !== null && isCompanyRole(role)) companyRoles.add(role);
      continue;
    }
    const roles = teams.get(teamId) ?? new Set<TeamRole>();
    if (role !== null && isTeamRole(role)) roles.add(role);
    teams.set(teamId, roles);
  }
  if (teams.size === 0) return null;
  return { userId, isOwner: company.ownerId === userId, companyRoles, teams };
}

/**
 * Reads one person's membership of a company: their teams with roles, their company roles, and
 * whether they own it. Null when they belong to no team there, i.e. are not a member (§1).
 */
export async function loadMember(tx: Executor, company: Company, userId: string): Promise<MemberContext | null> {
  return memberFromRows(company, userId, await membershipOf.execute(tx, { companyId: company.id, userId }));
}

/**
 * Two people's membership of a company, read in one statement: a command's actor and the member it
 * is about (src/commands/context.ts), a round trip less on PostgreSQL than reading them one by one.
 * Each is null when they are not a member.
 */
export async function loadTwoMembers(
  tx: Tx,
  company: Company,
  firstId: string,
  secondId: string,
): Promise<[MemberContext | null, MemberContext | null]> {
  const rows = await membershipsOfTwo.execute(tx, { companyId: company.id, first: firstId, second: secondId });
  const memberOf = (userId: string) => memberFromRows(company, userId, rows.filter((row) => row.userId === userId));
  return [memberOf(firstId), memberOf(secondId)];
}

/** The member a command is about, or NOT_FOUND when they are not a member of the company. */
export function foundMember(member: MemberContext | null): MemberContext {
  if (!member) throw notFound('Member');
  return member;
}

/** Like loadMember, but a person who is not a member of this company is NOT_FOUND. */
export async function requireMember(tx: Tx, company: Company, userId: string): Promise<MemberContext> {
  return foundMember(await loadMember(tx, company, userId));
}

const teamOfCompany = prepare((db, v: { companyId: string; teamId: string }) =>
  db.selectFrom('teams').selectAll().where('id', '=', v.teamId).where('companyId', '=', v.companyId),
);

/** A team of this company; a team of another company is NOT_FOUND, as if it did not exist. */
export async function requireTeam(tx: Executor, companyId: string, teamId: string): Promise<Team> {
  const team = await teamOfCompany.executeTakeFirst(tx, { companyId, teamId });
  if (!team) throw notFound('Team');
  return team;
}

const contractOfCompany = prepare((db, v: { companyId: string; contractId: string }) =>
  db.selectFrom('contracts').selectAll().where('id', '=', v.contractId).where('companyId', '=', v.companyId),
);

/** A contract of this company, or NOT_FOUND. */
export async function requireContract(tx: Tx, companyId: string, contractId: string): Promise<Contract> {
  const contract = await contractOfCompany.executeTakeFirst(tx, { companyId, contractId });
  if (!contract) throw notFound('Contract');
  return contract;
}

/**
 * The active or paused contracts whose contact person is the user, in the whole company or in one
 * team (`contracts_by_contact_person`): what keeps them from leaving (§3.3) and what their page
 * lists. One query; the guard takes three columns of it, the page every column.
 */
function contactPersonContracts(db: Executor, v: { companyId: string; userId: string }) {
  return db
    .selectFrom('contracts')
    .where('companyId', '=', v.companyId)
    .where('contactPersonId', '=', v.userId)
    .where('status', 'in', ['active', 'paused']);
}

const blockingInCompany = prepare((db, v: { companyId: string; userId: string }) =>
  contactPersonContracts(db, v).select(['id', 'title', 'teamId']).orderBy('id'),
);
const blockingInTeam = prepare((db, v: { companyId: string; userId: string; teamId: string }) =>
  contactPersonContracts(db, v).where('teamId', '=', v.teamId).select(['id', 'title', 'teamId']).orderBy('id'),
);
const ofContactPerson = prepare((db, v: { companyId: string; userId: string }) =>
  contactPersonContracts(db, v).selectAll().orderBy('createdAt').orderBy('id'),
);

/** The contracts of contactPersonContracts, every column, oldest first: a member's page. */
export function contractsOfContactPerson(tx: Executor, companyId: string, userId: string): Promise<Contract[]> {
  return ofContactPerson.execute(tx, { companyId, userId });
}

/** The same contracts as a refusal lists them (§3.3): id, title and team, by id; in one team or the company. */
export function contractsBlockingRemoval(
  tx: Executor,
  companyId: string,
  userId: string,
  teamId?: string,
): Promise<BlockingContract[]> {
  return teamId === undefined
    ? blockingInCompany.execute(tx, { companyId, userId })
    : blockingInTeam.execute(tx, { companyId, userId, teamId });
}
