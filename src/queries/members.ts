import type { Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { Company, Database } from '../db/schema.js';
import { notFound } from '../domain/errors.js';
import { can, holds, holdsEverywhere, memberAbilities, type MemberContext } from '../domain/policy.js';
import {
  isCompanyRole,
  isTeamRole,
  sortCompanyRoles,
  sortTeamRoles,
  type CompanyRole,
  type Role,
  type TeamRole,
} from '../domain/roles.js';
import { requireTeam } from '../commands/load.js';
import { presentContract } from './presenters.js';
import { readAsMember, type MemberScope } from './scope.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { memberSearch } from '../db/member-search.js';
import { prepare } from '../db/prepared.js';

/** A member as API.md shapes it; `email` only for viewers who may see it (§2.5). */
export interface MemberView {
  userId: string;
  name: string;
  email?: string;
  isOwner: boolean;
  companyRoles: CompanyRole[];
  teams: { teamId: string; teamName: string; roles: TeamRole[] }[];
}

/** The company_members columns a view starts from. */
interface MemberRow {
  userId: string;
  name: string;
  email: string;
}

interface LoadedMember {
  row: MemberRow;
  context: MemberContext;
  teamNames: ReadonlyMap<string, string>;
}

/** The rows a member's view is assembled from. */
interface MembershipRows {
  teams: readonly { userId: string; teamId: string; teamName: string }[];
  teamRoles: readonly { userId: string; teamId: string; role: string }[];
  companyRoles: readonly { userId: string; role: string }[];
}

/**
 * Reads the teams, team roles and company roles of many members at once: three queries per page,
 * whatever its size, instead of three per member.
 */
async function loadMembers(executor: Kysely<Database>, company: Company, rows: readonly MemberRow[]): Promise<LoadedMember[]> {
  if (rows.length === 0) return [];
  const userIds = rows.map((row) => row.userId);
  const [teams, teamRoles, companyRoles] = await Promise.all([
    executor
      .selectFrom('teamMembers as tm')
      .innerJoin('teams as t', 't.id', 'tm.teamId')
      .select(['tm.userId', 'tm.teamId', 't.name as teamName'])
      .where('tm.companyId', '=', company.id)
      .where('tm.userId', 'in', userIds)
      .orderBy('t.name')
      .orderBy('t.id')
      .execute(),
    executor
      .selectFrom('teamMemberRoles')
      .select(['userId', 'teamId', 'role'])
      .where('companyId', '=', company.id)
      .where('userId', 'in', userIds)
      .execute(),
    executor
      .selectFrom('companyMemberRoles')
      .select(['userId', 'role'])
      .where('companyId', '=', company.id)
      .where('userId', 'in', userIds)
      .execute(),
  ]);
  return assemble(company, rows, { teams, teamRoles, companyRoles });
}

function assemble(company: Company, rows: readonly MemberRow[], found: MembershipRows): LoadedMember[] {
  const teamsOf = new Map<string, Map<string, Set<TeamRole>>>();
  const teamNames = new Map<string, string>();
  for (const { userId, teamId, teamName } of found.teams) {
    const teams = teamsOf.get(userId) ?? new Map<string, Set<TeamRole>>();
    teams.set(teamId, new Set());
    teamsOf.set(userId, teams);
    teamNames.set(teamId, teamName);
  }
  for (const { userId, teamId, role } of found.teamRoles) {
    if (isTeamRole(role)) teamsOf.get(userId)?.get(teamId)?.add(role);
  }
  const companyRolesOf = new Map<string, Set<CompanyRole>>();
  for (const { userId, role } of found.companyRoles) {
    if (!isCompanyRole(role)) continue;
    const roles = companyRolesOf.get(userId) ?? new Set<CompanyRole>();
    roles.add(role);
    companyRolesOf.set(userId, roles);
  }

  return rows.map((row) => ({
    row,
    teamNames,
    context: {
      userId: row.userId,
      isOwner: company.ownerId === row.userId,
      companyRoles: companyRolesOf.get(row.userId) ?? new Set(),
      teams: teamsOf.get(row.userId) ?? new Map(),
    },
  }));
}

function present({ row, context, teamNames }: LoadedMember, viewer: MemberContext): MemberView {
  return {
    userId: row.userId,
    name: row.name,
    ...(can(viewer, 'member.viewEmail', { member: context }) ? { email: row.email } : {}),
    isOwner: context.isOwner,
    companyRoles: sortCompanyRoles(context.companyRoles),
    teams: [...context.teams].map(([teamId, roles]) => ({
      teamId,
      teamName: teamNames.get(teamId) ?? '',
      roles: sortTeamRoles(roles),
    })),
  };
}

type OneMember = { companyId: string; userId: string };

const memberRow = prepare((db, v: OneMember) =>
  db.selectFrom('companyMembers').select(['userId', 'name', 'email']).where('companyId', '=', v.companyId).where('userId', '=', v.userId),
);

const teamsOfMember = prepare((db, v: OneMember) =>
  db
    .selectFrom('teamMembers as tm')
    .innerJoin('teams as t', 't.id', 'tm.teamId')
    .select(['tm.userId', 'tm.teamId', 't.name as teamName'])
    .where('tm.companyId', '=', v.companyId)
    .where('tm.userId', '=', v.userId)
    .orderBy('t.name')
    .orderBy('t.id'),
);

const teamRolesOfMember = prepare((db, v: OneMember) =>
  db.selectFrom('teamMemberRoles').select(['userId', 'teamId', 'role']).where('companyId', '=', v.companyId).where('userId', '=', v.userId),
);

const companyRolesOfMember = prepare((db, v: OneMember) =>
  db.selectFrom('companyMemberRoles').select(['userId', 'role']).where('companyId', '=', v.companyId).where('userId', '=', v.userId),
);

/** One member, read with prepared queries: commands answer with it after nearly every write. */
async function loadOne(executor: Kysely<Database>, company: Company, userId: string): Promise<LoadedMember | null> {
  const member = { companyId: company.id, userId };
  const row = await memberRow.executeTakeFirst(executor, member);
  if (!row) return null;
  const [teams, teamRoles, companyRoles] = await Promise.all([
    teamsOfMember.execute(executor, member),
    teamRolesOfMember.execute(executor, member),
    companyRolesOfMember.execute(executor, member),
  ]);
  const [loaded] = assemble(company, [row], { teams, teamRoles, companyRoles });
  return loaded ?? null;
}

/**
 * One member as the viewer sees them, read with the given executor (a command's transaction, so
 * that a command answers with the state it has just written). NOT_FOUND for a non-member.
 */
export async function readMemberView(
  executor: Kysely<Database>,
  company: Company,
  viewer: MemberContext,
  userId: string,
): Promise<MemberView> {
  const loaded = await loadOne(executor, company, userId);
  if (!loaded) throw notFound('Member');
  return present(loaded, viewer);
}

export interface MemberListFilters {
  q?: string;
  teamId?: string;
  /** Any team role (in `teamId` if given, else in any team), a company role, or `owner`. */
  role?: Role;
  limit: number;
  cursor?: string;
}



/**
 * The company's members in name order, one keyset page at a time on the
 * `company_members_by_name (company_id, name, user_id)` index (§2.5: every member may list them).
 *
 * ```sql
 * select user_id, name, email from company_members m
 * where company_id = ? [and exists (team filter)] [and exists (role filter)] [and (search)]
 *   and (name, user_id) > (?, ?)
 * order by name, user_id limit ? + 1
 * ```
 */
export async function listMembers(
  db: Db,
  viewerId: string,
  companyId: string,
  filters: MemberListFilters,
): Promise<MembersPage> {
  return membersPage(db, await readAsMember(db, viewerId, companyId), filters);
}

export interface MembersPage {
  items: MemberView[];
  nextCursor: string | null;
}

/**
 * listMembers for a scope already read: everything the page shows comes from the company's
 * membership tables, so it is the same page while `company.membershipRevision` is the same.
 */
export async function membersPage(db: Db, { company, actor }: MemberScope, filters: MemberListFilters): Promise<MembersPage> {
  const executor = db.kysely;
  const { teamId, role } = filters;
  // A team of another company is NOT_FOUND, as everywhere (§6), rather than an empty page.
  if (teamId !== undefined) await requireTeam(executor, company.id, teamId);
  const after = filters.cursor === undefined ? undefined : decodeCursor(filters.cursor, 2); // (name, userId)
  const search = filters.q?.trim().toLowerCase();

  let query = executor
    .selectFrom('companyMembers as m')
    .select(['m.userId', 'm.name', 'm.email'])
    .where('m.companyId', '=', company.id);

  if (teamId !== undefined) {
    // The team is this company's (requireTeam above), so (team_id, user_id) alone says it: the
    // primary key answers each probe without reading the row (PostgreSQL: 5.8 → 3.5 ms a page for
    // a team of 5,000 at 100,000 members, where (company_id, user_id) made it read each row).
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('teamMembers as tm')
          .select('tm.userId')
          .where('tm.teamId', '=', teamId)
          .whereRef('tm.userId', '=', 'm.userId'),
      ),
    );
  }

  if (role === 'owner') {
    query = query.where('m.userId', '=', company.ownerId);
  } else if (role !== undefined && isCompanyRole(role)) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('companyMemberRoles as cr')
          .select('cr.userId')
          .where('cr.companyId', '=', company.id)
          .where('cr.role', '=', role)
          .whereRef('cr.userId', '=', 'm.userId'),
      ),
    );
  } else if (role !== undefined) {
    // A team role: in the filtered team if one is given, else in any team of the company.
    query = query.where((eb) => {
      let roles = eb
        .selectFrom('teamMemberRoles as tr')
        .select('tr.userId')
        .where('tr.companyId', '=', company.id)
        .where('tr.role', '=', role)
        .whereRef('tr.userId', '=', 'm.userId');
      if (teamId !== undefined) roles = roles.where('tr.teamId', '=', teamId);
      return eb.exists(roles);
    });
  }

  if (search !== undefined && search !== '') {
    // §2.5: an email matches only where the viewer may see it; otherwise the search would tell a
    // plain member whose email contains what. This is the SQL form of the `member.viewEmail` policy.
    const seesEveryEmail = holdsEverywhere(actor, 'member.viewEmail');
    const emailTeams = [...actor.teams.keys()].filter((id) => holds(actor, 'member.viewEmail', id));
    query = query.where((eb) => {
      if (seesEveryEmail) return memberSearch(executor, ['name', 'email'], search);
      const nameMatches = memberSearch(executor, ['name'], search);
      const emailMatches = memberSearch(executor, ['email'], search);
      const emailVisible = [eb('m.userId', '=', actor.userId)];
      if (emailTeams.length > 0) {
        emailVisible.push(
          eb.exists(
            eb
              .selectFrom('teamMembers as vt')
              .select('vt.userId')
              .where('vt.companyId', '=', company.id)
              .where('vt.teamId', 'in', emailTeams)
              .whereRef('vt.userId', '=', 'm.userId'),
          ),
        );
      }
      return eb.or([nameMatches, eb.and([emailMatches, eb.or(emailVisible)])]);
    });
  }

  if (after !== undefined) {
    query = query.where((eb) => eb(eb.refTuple('m.name', 'm.userId'), '>', eb.tuple(after[0], after[1])));
  }

  const rows = await query.orderBy('m.name').orderBy('m.userId').limit(filters.limit + 1).execute();
  const pageRows = rows.slice(0, filters.limit);
  const last = pageRows.at(-1);
  const loaded = await loadMembers(executor, company, pageRows);
  return {
    items: loaded.map((member) => present(member, actor)),
    nextCursor: rows.length > filters.limit && last ? encodeCursor(last.name, last.userId) : null,
  };
}

/**
 * One member's page: the member, the active or paused contracts they are the contact person of,
 * and what the viewer may do to them (company-wide in `can`, per team of theirs in `teams`).
 */
export async function getMemberDetails(db: Db, viewerId: string, companyId: string, userId: string) {
  const { company, actor } = await readAsMember(db, viewerId, companyId);
  const loaded = await loadOne(db.kysely, company, userId);
  if (!loaded) throw notFound('Member');
  const contracts = await db.kysely
    .selectFrom('contracts')
    .selectAll()
    .where('companyId', '=', company.id)
    .where('contactPersonId', '=', userId)
    .where('status', 'in', ['active', 'paused'])
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  const abilities = memberAbilities(actor, loaded.context, company.defaultTeamId);
  return {
    member: present(loaded, actor),
    contracts: contracts.map(presentContract),
    can: abilities.can,
    teams: abilities.teams,
  };
}

