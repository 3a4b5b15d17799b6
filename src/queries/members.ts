import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { Company, Database } from '../db/schema.js';
import { notFound } from '../domain/errors.js';
import { can, holds, holdsEverywhere, memberAbilities, type MemberAbilities, type MemberContext } from '../domain/policy.js';
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
import { teamNameKey } from '../domain/normalize.js';
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

/**
 * One row of a member's memberships: a team (`teamName` set), a role in a team (`teamId` and `role`
 * set), or a company role (`role` alone).
 */
interface MembershipRow {
  userId: string;
  teamId: string | null;
  teamName: string | null;
  role: string | null;
}

/** Whose memberships: one member (a prepared query's stand-in) or a page's members. */
type Whose = { userId: string } | { userIds: readonly string[] };

/** The condition on a `user_id` column: `=` for one member, `in` for a page. */
const userCondition = (whose: Whose) =>
  'userIds' in whose ? (['in', whose.userIds] as const) : (['=', whose.userId] as const);

/** A NULL column of a MembershipRow; PostgreSQL gives it the type of the other branches' column. */
const nullText = sql<string | null>`null`;

// The three builders below are the branches of one `union all` (memberWithMemberships), which pairs
// columns by position: each selects userId, teamId, teamName, role, in that order.

/**
 * Members' teams with the teams' names, as MembershipRows (assemble puts them in order). Each name
 * is a primary-key probe: as a join, PostgreSQL hashed every team of every company instead (1.2
 * against 0.8 ms for a page's team query at 10,000 members, growing with the number of companies).
 */
function teamRowsOf(db: Kysely<Database>, companyId: string, whose: Whose) {
  const [operator, users] = userCondition(whose);
  return db
    .selectFrom('teamMembers as tm')
    .select((eb) => [
      'tm.userId',
      eb.ref('tm.teamId').$castTo<string | null>().as('teamId'),
      eb.selectFrom('teams as t').select('t.name').whereRef('t.id', '=', 'tm.teamId').as('teamName'),
      nullText.as('role'),
    ])
    .where('tm.companyId', '=', companyId)
    .where('tm.userId', operator, users);
}

/** Members' roles in their teams, as MembershipRows. */
function teamRoleRowsOf(db: Kysely<Database>, companyId: string, whose: Whose) {
  const [operator, users] = userCondition(whose);
  return db
    .selectFrom('teamMemberRoles as tr')
    .select(['tr.userId', 'tr.teamId', nullText.as('teamName'), 'tr.role'])
    .where('tr.companyId', '=', companyId)
    .where('tr.userId', operator, users);
}

/** Members' company roles, as MembershipRows. */
function companyRoleRowsOf(db: Kysely<Database>, companyId: string, whose: Whose) {
  const [operator, users] = userCondition(whose);
  return db
    .selectFrom('companyMemberRoles as cr')
    .select(['cr.userId', nullText.as('teamId'), nullText.as('teamName'), 'cr.role'])
    .where('cr.companyId', '=', companyId)
    .where('cr.userId', operator, users);
}

/**
 * Reads the memberships of a page of members at once: three queries per page, whatever its size,
 * run together (on three pooled connections on PostgreSQL). Measured faster for a page than the
 * one `union all` that loadOne uses: 2.2 against 2.5 ms on PostgreSQL, 620 against 672 µs on SQLite.
 */
async function loadMembers(executor: Kysely<Database>, company: Company, rows: readonly MemberRow[]): Promise<LoadedMember[]> {
  if (rows.length === 0) return [];
  const userIds = rows.map((row) => row.userId);
  const memberships = await Promise.all([
    teamRowsOf(executor, company.id, { userIds }).execute(),
    teamRoleRowsOf(executor, company.id, { userIds }).execute(),
    companyRoleRowsOf(executor, company.id, { userIds }).execute(),
  ]);
  return assemble(company, rows, memberships.flat());
}

/** A team row of MembershipRows. */
type TeamRow = MembershipRow & { teamId: string; teamName: string };

/**
 * A member's teams in the teams list's order: by name ignoring case (`name_key`), then id. Compared
 * here, in UTF-16 code units (SQLite's order of `name_key` but for characters beyond U+FFFF), so
 * that the order does not depend on the database or its collation.
 */
const teamOrder = (a: TeamRow, b: TeamRow): number => {
  const [keyA, keyB] = [teamNameKey(a.teamName), teamNameKey(b.teamName)];
  if (keyA !== keyB) return keyA < keyB ? -1 : 1;
  return a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0;
};

/** The members of `rows` with their memberships, each member's teams in teamOrder. */
function assemble(company: Company, rows: readonly MemberRow[], memberships: readonly MembershipRow[]): LoadedMember[] {
  const teamsOf = new Map<string, Map<string, Set<TeamRole>>>();
  const teamNames = new Map<string, string>();
  const companyRolesOf = new Map<string, Set<CompanyRole>>();
  const teamRows = memberships.filter((row): row is TeamRow => row.teamId !== null && row.teamName !== null);
  for (const { userId, teamId, teamName } of teamRows.sort(teamOrder)) {
    const teams = teamsOf.get(userId) ?? new Map<string, Set<TeamRole>>();
    teams.set(teamId, new Set());
    teamsOf.set(userId, teams);
    teamNames.set(teamId, teamName);
  }
  for (const { userId, teamId, teamName, role } of memberships) {
    if (teamName !== null || role === null) continue;
    if (teamId !== null) {
      if (isTeamRole(role)) teamsOf.get(userId)?.get(teamId)?.add(role);
    } else if (isCompanyRole(role)) {
      const roles = companyRolesOf.get(userId) ?? new Set<CompanyRole>();
      roles.add(role);
      companyRolesOf.set(userId, roles);
    }
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

/**
 * A member's row once per membership row (or once with nulls when they have none): one statement,
 * so one round trip on PostgreSQL inside a command's transaction, where four queries took four.
 */
const memberWithMemberships = prepare((db, v: OneMember) =>
  db
    .selectFrom('companyMembers as m')
    .leftJoin(
      teamRowsOf(db, v.companyId, { userId: v.userId })
        .unionAll(teamRoleRowsOf(db, v.companyId, { userId: v.userId }))
        .unionAll(companyRoleRowsOf(db, v.companyId, { userId: v.userId }))
        .as('mm'),
      (join) => join.onTrue(),
    )
    .select(['m.userId', 'm.name', 'm.email', 'mm.teamId', 'mm.teamName', 'mm.role'])
    .where('m.companyId', '=', v.companyId)
    .where('m.userId', '=', v.userId),
);

/** One member, read with one prepared query: commands answer with it after nearly every write. */
async function loadOne(executor: Kysely<Database>, company: Company, userId: string): Promise<LoadedMember | null> {
  const found = await memberWithMemberships.execute(executor, { companyId: company.id, userId });
  const [first] = found;
  if (!first) return null;
  const row = { userId: first.userId, name: first.name, email: first.email };
  const [loaded] = assemble(company, [row], found.map(({ teamId, teamName, role }) => ({ userId, teamId, teamName, role })));
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
  /** Only those who may be the contact person of a contract in `teamId` (in any team without it), §3.3. */
  qualifies?: 'contact_person';
  limit: number;
  cursor?: string;
}



/**
 * The company's members in name order, one keyset page at a time on the
 * `company_members_by_name (company_id, name, user_id)` index, or with a team filter on
 * `team_members_by_name (team_id, name, user_id)` (§2.5: every member may list them).
 *
 * ```sql
 * select user_id, name, email from company_members m
 * [join team_members tm on tm.team_id = ? and tm.user_id = m.user_id]
 * where company_id = ? [and exists (role filter)] [and (search)]
 *   and ([tm.]name, [tm.]user_id) > (?, ?)
 * order by [tm.]name, [tm.]user_id limit ? + 1
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
  /** What the viewer may do to each member of the page, by `userId`. */
  policies: (MemberAbilities & { userId: string })[];
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

  // The keyset: the company's members by name, or, filtered by a team, that team's members by the
  // name each membership carries (`team_members_by_name`, migration 0006), so that a page of a
  // team reads that page's rows, not every member of the company ahead of them. The team is this
  // company's (requireTeam above).
  let order = { name: sql.ref<string>('m.name'), userId: sql.ref<string>('m.userId') };
  if (teamId !== undefined) {
    query = query.$call((q) =>
      q.innerJoin('teamMembers as tm', (join) => join.onRef('tm.userId', '=', 'm.userId').on('tm.teamId', '=', teamId)),
    );
    order = { name: sql.ref<string>('tm.name'), userId: sql.ref<string>('tm.userId') };
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

  if (filters.qualifies === 'contact_person') {
    // §3.3, the SQL form of `qualifiesAsContactPerson`: a member of the team (the join above) who is
    // the owner or holds hiring_manager there; without a team, in some team of theirs.
    query = query.where((eb) => {
      let managers = eb
        .selectFrom('teamMemberRoles as qr')
        .select('qr.userId')
        .where('qr.companyId', '=', company.id)
        .where('qr.role', '=', 'hiring_manager')
        .whereRef('qr.userId', '=', 'm.userId');
      if (teamId !== undefined) managers = managers.where('qr.teamId', '=', teamId);
      return eb.or([eb('m.userId', '=', company.ownerId), eb.exists(managers)]);
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
    query = query.where(sql<boolean>`(${order.name}, ${order.userId}) > (${after[0]}, ${after[1]})`);
  }

  const rows = await query.orderBy(order.name).orderBy(order.userId).limit(filters.limit + 1).execute();
  const pageRows = rows.slice(0, filters.limit);
  const last = pageRows.at(-1);
  const loaded = await loadMembers(executor, company, pageRows);
  return {
    items: loaded.map((member) => present(member, actor)),
    // What the viewer may do to each member of the page, beside the members (Outline's `policies`).
    policies: loaded.map((member) => ({
      userId: member.row.userId,
      ...memberAbilities(actor, member.context, company.defaultTeamId),
    })),
    nextCursor: rows.length > filters.limit && last ? encodeCursor(last.name, last.userId) : null,
  };
}

const contractsOfContactPerson = prepare((db, v: OneMember) =>
  db
    .selectFrom('contracts')
    .selectAll()
    .where('companyId', '=', v.companyId)
    .where('contactPersonId', '=', v.userId)
    .where('status', 'in', ['active', 'paused'])
    .orderBy('createdAt')
    .orderBy('id'),
);

/**
 * One member's page: the member, the active or paused contracts they are the contact person of,
 * and what the viewer may do to them (company-wide in `can`, per team of theirs in `teams`).
 */
export async function getMemberDetails(db: Db, viewerId: string, companyId: string, userId: string) {
  const { company, actor } = await readAsMember(db, viewerId, companyId);
  const [loaded, contracts] = await Promise.all([
    loadOne(db.kysely, company, userId),
    contractsOfContactPerson.execute(db.kysely, { companyId: company.id, userId }),
  ]);
  if (!loaded) throw notFound('Member');
  return {
    member: present(loaded, actor),
    contracts: contracts.map(presentContract),
    ...memberAbilities(actor, loaded.context, company.defaultTeamId),
  };
}

