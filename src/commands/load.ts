import type { Tx } from '../db/database.js';
import type { Company, Contract, Team } from '../db/schema.js';
import { DomainError, notFound, type BlockingContract } from '../domain/errors.js';
import type { MemberContext } from '../domain/policy.js';
import { isCompanyRole, isTeamRole, type CompanyRole, type TeamRole } from '../domain/roles.js';

/**
 * Reads one person's membership of a company: their teams with roles, their company roles, and
 * whether they own it. Null when they belong to no team there, i.e. are not a member (§1).
 */
export async function loadMember(tx: Tx, company: Company, userId: string): Promise<MemberContext | null> {
  const memberships = await tx
    .selectFrom('teamMembers as tm')
    .leftJoin('teamMemberRoles as r', (join) =>
      join.onRef('r.teamId', '=', 'tm.teamId').onRef('r.userId', '=', 'tm.userId'),
    )
    .select(['tm.teamId', 'r.role'])
    .where('tm.companyId', '=', company.id)
    .where('tm.userId', '=', userId)
    .execute();
  if (memberships.length === 0) return null;

  const teams = new Map<string, Set<TeamRole>>();
  for (const { teamId, role } of memberships) {
    const roles = teams.get(teamId) ?? new Set<TeamRole>();
    if (role !== null && isTeamRole(role)) roles.add(role);
    teams.set(teamId, roles);
  }
  const companyRoleRows = await tx
    .selectFrom('companyMemberRoles')
    .select('role')
    .where('companyId', '=', company.id)
    .where('userId', '=', userId)
    .execute();
  const companyRoles = new Set<CompanyRole>(companyRoleRows.map((row) => row.role).filter(isCompanyRole));
  return { userId, isOwner: company.ownerId === userId, companyRoles, teams };
}

/** Like loadMember, but a person who is not a member of this company is NOT_FOUND. */
export async function requireMember(tx: Tx, company: Company, userId: string): Promise<MemberContext> {
  const member = await loadMember(tx, company, userId);
  if (!member) throw notFound('Member');
  return member;
}

/** A team of this company; a team of another company is NOT_FOUND, as if it did not exist. */
export async function requireTeam(tx: Tx, companyId: string, teamId: string): Promise<Team> {
  const team = await tx
    .selectFrom('teams')
    .selectAll()
    .where('id', '=', teamId)
    .where('companyId', '=', companyId)
    .executeTakeFirst();
  if (!team) throw notFound('Team');
  return team;
}

/** A contract of this company, or NOT_FOUND. */
export async function requireContract(tx: Tx, companyId: string, contractId: string): Promise<Contract> {
  const contract = await tx
    .selectFrom('contracts')
    .selectAll()
    .where('id', '=', contractId)
    .where('companyId', '=', companyId)
    .executeTakeFirst();
  if (!contract) throw notFound('Contract');
  return contract;
}

/** The active or paused contracts whose contact person is the user, in one team or in the whole company. */
export async function contractsBlockingRemoval(
  tx: Tx,
  companyId: string,
  userId: string,
  teamId?: string,
): Promise<BlockingContract[]> {
  let query = tx
    .selectFrom('contracts')
    .select(['id', 'title', 'teamId'])
    .where('companyId', '=', companyId)
    .where('contactPersonId', '=', userId)
    .where('status', 'in', ['active', 'paused']);
  if (teamId !== undefined) query = query.where('teamId', '=', teamId);
  return query.orderBy('id').execute();
}

/**
 * §3.3: the contact person of an active or paused contract stays a member of its team with
 * `hiring_manager`. Refuses with every blocking contract listed, so that the page can offer
 * "reassign contact person" or "end contract" next to each.
 */
export async function assertNotContactPerson(
  tx: Tx,
  companyId: string,
  userId: string,
  teamId?: string,
): Promise<void> {
  const contracts = await contractsBlockingRemoval(tx, companyId, userId, teamId);
  if (contracts.length > 0) {
    throw new DomainError(
      'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
      `This person is the contact person on ${contracts.length} active contract(s); reassign or end them first`,
      { contracts },
    );
  }
}
