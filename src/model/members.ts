/**
 * The shared reading of the model, below commands and queries, and the one reader of membership:
 * a person's membership of a company as the policy takes it (`MemberContext`, assembled from rows
 * by `memberFromRows` wherever membership is read), members with the names of their teams for the
 * presenter (`LoadedMember`: one member, a page of members, or one person in all their companies),
 * a team or contract of the company (NOT_FOUND otherwise), and the contracts a person is the
 * contact person of.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Executor, Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Company, Contract, Database, Team } from '../db/schema.js';
import { notFound, type BlockingContract } from '../domain/errors.js';
import type { MemberContext } from '../domain/policy.js';
import { teamNameKey } from '../domain/normalize.js';
import { isCompanyRole, isTeamRole, type CompanyRole, type TeamRole } from '../domain/roles.js';

/**
 * The memberships of the people `userIds` (one or two): their team memberships with their roles
 * (one row per role, or one with a null role) and whether they are suspended (RULES.md §4
 * "Suspend and reinstate"), then their company roles (rows with a null team), each row naming its
 * person. One query, so one round trip on PostgreSQL.
 */
export function membershipRows(db: Executor, companyId: string, userIds: readonly string[]) {
  return db
    .selectFrom('teamMembers as tm')
    .innerJoin('companyMembers as cm', (join) => join.onRef('cm.companyId', '=', 'tm.companyId').onRef('cm.userId', '=', 'tm.userId'))
    .leftJoin('teamMemberRoles as r', (join) =>
      join.onRef('r.teamId', '=', 'tm.teamId').onRef('r.userId', '=', 'tm.userId'),
    )
    .select((eb) => ['tm.userId', eb.ref('tm.teamId').$castTo<string | null>().as('teamId'), 'r.role', 'cm.suspendedAt'])
    .where('tm.companyId', '=', companyId)
    .where('tm.userId', 'in', userIds)
    .unionAll(
      db
        .selectFrom('companyMemberRoles as cr')
        .select(['cr.userId', sql<string | null>`null`.as('teamId'), 'cr.role', sql<string | null>`null`.as('suspendedAt')])
        .where('cr.companyId', '=', companyId)
        .where('cr.userId', 'in', userIds),
    );
}

const membershipOf = prepare((db, v: { companyId: string; userId: string }) => membershipRows(db, v.companyId, [v.userId]));

const membershipsOfTwo = prepare((db, v: { companyId: string; first: string; second: string }) =>
  membershipRows(db, v.companyId, [v.first, v.second]),
);

/**
 * The member those rows describe, or null when they name no team (not a member, §1); suspended
 * when a row says so (membershipRows' rows do; rows without `suspendedAt` say nothing of it).
 */
export function memberFromRows(
  company: Company,
  userId: string,
  rows: readonly { teamId: string | null; role: string | null; suspendedAt?: string | null }[],
): MemberContext | null {
  const teams = new Map<string, Set<TeamRole>>();
  const companyRoles = new Set<CompanyRole>();
  let suspended = false;
  for (const { teamId, role, suspendedAt } of rows) {
    if (suspendedAt != null) suspended = true;
    if (teamId === null) {
      if (role !== null && isCompanyRole(role)) companyRoles.add(role);
      continue;
    }
    const roles = teams.get(teamId) ?? new Set<TeamRole>();
    if (role !== null && isTeamRole(role)) roles.add(role);
    teams.set(teamId, roles);
  }
  if (teams.size === 0) return null;
  return { userId, isOwner: company.ownerId === userId, companyRoles, teams, suspended };
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

/** The company_members columns a member's record starts from. */
export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  /** When they were suspended in the company (§4 "Suspend and reinstate"); null or absent: not suspended. */
  suspendedAt?: string | null;
}

/** A member with their memberships and the names of their teams: what the member presenter shows. */
export interface LoadedMember {
  row: MemberRow;
  context: MemberContext;
  teamNames: ReadonlyMap<string, string>;
}

/**
 * One row of a member's memberships: a team with its name and one of the member's roles there (or
 * a null role when they hold none there: one row per role, or one with a null role), or a company
 * role (`teamId` and `teamName` null).
 */
interface MembershipRow {
  companyId: string;
  userId: string;
  teamId: string | null;
  teamName: string | null;
  role: string | null;
}

/**
 * Whose memberships: one member of a company (a prepared query's stand-in), a page's members of
 * a company, or one person in each of their companies.
 */
type Whose =
  | { companyId: string; userId: string }
  | { companyId: string; userIds: readonly string[] }
  | { companyIds: readonly string[]; userId: string };

/** The condition on a `company_id` column: `=` for one company, `in` for a person's companies. */
const companyCondition = (whose: Whose) =>
  'companyIds' in whose ? (['in', whose.companyIds] as const) : (['=', whose.companyId] as const);

/** The condition on a `user_id` column: `=` for one member, `in` for a page. */
const userCondition = (whose: Whose) =>
  'userIds' in whose ? (['in', whose.userIds] as const) : (['=', whose.userId] as const);

/** A NULL column of a MembershipRow; PostgreSQL gives it the type of the other branches' column. */
const nullText = sql<string | null>`null`;

/**
 * The memberships of `whose` as MembershipRows, in one statement: their teams with each team's
 * name and their roles there (a team joined to its roles on `team_member_roles`' primary key), then
 * their company roles, as one `union all` (which pairs columns by position: each branch selects
 * companyId, userId, teamId, teamName, role, in that order). Each team name is a primary-key
 * probe: as a join, PostgreSQL hashed every team of every company instead (1.2 against 0.8 ms for a
 * page's team query at 10,000 members, growing with the number of companies). One statement where
 * a page took three (teams, team roles, company roles): docs/PERFORMANCE.md, "Pages built afresh".
 */
function membershipsOf(db: Kysely<Database>, whose: Whose) {
  const [inCompany, companies] = companyCondition(whose);
  const [operator, users] = userCondition(whose);
  return db
    .selectFrom('teamMembers as tm')
    // The roles' people named again: without it PostgreSQL hashed every role of every company; not
    // their company, which would make SQLite read each role's row beside its primary key.
    .leftJoin('teamMemberRoles as tr', (join) =>
      join.onRef('tr.teamId', '=', 'tm.teamId').onRef('tr.userId', '=', 'tm.userId').on('tr.userId', operator, users),
    )
    .select((eb) => [
      'tm.companyId',
      'tm.userId',
      eb.ref('tm.teamId').$castTo<string | null>().as('teamId'),
      eb.selectFrom('teams as t').select('t.name').whereRef('t.id', '=', 'tm.teamId').as('teamName'),
      eb.ref('tr.role').$castTo<string | null>().as('role'),
    ])
    .where('tm.companyId', inCompany, companies)
    .where('tm.userId', operator, users)
    .unionAll(
      db
        .selectFrom('companyMemberRoles as cr')
        .select(['cr.companyId', 'cr.userId', nullText.as('teamId'), nullText.as('teamName'), 'cr.role'])
        .where('cr.companyId', inCompany, companies)
        .where('cr.userId', operator, users),
    );
}

/** Reads the memberships of a page of members at once: one statement per page, whatever its size. */
export async function loadMembers(executor: Kysely<Database>, company: Company, rows: readonly MemberRow[]): Promise<LoadedMember[]> {
  if (rows.length === 0) return [];
  const memberships = await membershipsOf(executor, { companyId: company.id, userIds: rows.map((row) => row.userId) }).execute();
  return assemble(company, rows, memberships);
}

/**
 * A run of members consecutive in the order of `(name, user_id)`, as an export reads them chunk
 * by chunk: its first and last keys in that order (`from` ≤ `to`), and whether it holds every
 * member of the company between them (`every`: no filter chose among them).
 */
export interface NameSpan {
  from: readonly [name: string, userId: string];
  to: readonly [name: string, userId: string];
  every: boolean;
}

/**
 * The names of a company's teams, read once for a whole export (a company's teams, not its
 * members: bounded), and again for a team that appears after it was read.
 */
export class TeamNames {
  readonly #names = new Map<string, string>();
  #read = false;

  constructor(private readonly companyId: string) {}

  /** The name of every team among `teamIds`, read if not yet known. */
  async of(executor: Kysely<Database>, teamIds: Iterable<string>): Promise<ReadonlyMap<string, string>> {
    const unknown = [...new Set(teamIds)].filter((teamId) => !this.#names.has(teamId));
    if (unknown.length > 0) {
      let query = executor.selectFrom('teams').select(['id', 'name']).where('companyId', '=', this.companyId);
      if (this.#read) query = query.where('id', 'in', unknown);
      for (const team of await query.execute()) this.#names.set(team.id, team.name);
      this.#read = true;
    }
    return this.#names;
  }
}

/** Where a chunk's members lie: between a span's ends, among some people, or both. */
interface ChunkBounds {
  companyId: string;
  from?: readonly [name: string, userId: string];
  to?: readonly [name: string, userId: string];
  userIds?: readonly string[];
}

/**
 * A chunk's memberships as rows of (userId, teamId, role): each team membership with each of its
 * roles (or one row with a null role), then each company role (a null team), one statement. Bound
 * by a span in name order, each branch is a range of an index in that order: the team memberships
 * of `team_members_in_member_order` (migration 0027), the members of `company_members_by_name`,
 * whose company roles are then probed.
 */
function chunkMembershipRows(db: Executor, bounds: ChunkBounds) {
  const { from, to, userIds } = bounds;
  const within = (table: 'tm' | 'm'): RawBuilder<boolean>[] => {
    const key = sql.raw(`(${table}.name, ${table}.user_id)`);
    return [
      ...(from === undefined ? [] : [sql<boolean>`${key} >= (${from[0]}, ${from[1]})`]),
      ...(to === undefined ? [] : [sql<boolean>`${key} <= (${to[0]}, ${to[1]})`]),
      ...(userIds === undefined ? [] : [sql<boolean>`${sql.raw(`${table}.user_id`)} in (${sql.join(userIds)})`]),
    ];
  };
  let teams = db
    .selectFrom('teamMembers as tm')
    .leftJoin('teamMemberRoles as r', (join) => join.onRef('r.teamId', '=', 'tm.teamId').onRef('r.userId', '=', 'tm.userId'))
    .select((eb) => ['tm.userId', eb.ref('tm.teamId').$castTo<string | null>().as('teamId'), 'r.role'])
    .where('tm.companyId', '=', bounds.companyId);
  for (const condition of within('tm')) teams = teams.where(condition);
  let companyRoles = db
    .selectFrom('companyMembers as m')
    .innerJoin('companyMemberRoles as cr', (join) => join.onRef('cr.companyId', '=', 'm.companyId').onRef('cr.userId', '=', 'm.userId'))
    .select(['m.userId', nullText.as('teamId'), 'cr.role'])
    .where('m.companyId', '=', bounds.companyId);
  for (const condition of within('m')) companyRoles = companyRoles.where(condition);
  return teams.unionAll(companyRoles);
}

/** chunkMembershipRows of a span that holds every member between its ends: the same SQL every chunk, prepared. */
const membershipsInSpan = prepare((db, v: { companyId: string; fromName: string; fromId: string; toName: string; toId: string }) =>
  chunkMembershipRows(db, { companyId: v.companyId, from: [v.fromName, v.fromId], to: [v.toName, v.toId] }),
);

/**
 * loadMembers for an export's chunk, read in one statement whatever its size, the team names from
 * `teamNames`. Given the chunk's span in name order, its memberships are ranges of indexes in that
 * order, so that the export walks the company's memberships once, in member order, a range per
 * chunk; without one (sorted by join date), they are read member by member as a page's are. The
 * members come out as loadMembers makes them (`assemble`), so that an export says what the list says.
 */
export async function loadMembersInOrder(
  executor: Executor,
  company: Company,
  rows: readonly MemberRow[],
  teamNames: TeamNames,
  span: NameSpan | undefined,
): Promise<LoadedMember[]> {
  if (rows.length === 0) return [];
  const found =
    span?.every === true
      ? await membershipsInSpan.execute(executor, {
          companyId: company.id,
          fromName: span.from[0],
          fromId: span.from[1],
          toName: span.to[0],
          toId: span.to[1],
        })
      : // Members the filters left out may lie between the span's ends.
        await chunkMembershipRows(executor, { companyId: company.id, ...span, userIds: rows.map((row) => row.userId) }).execute();
  const names = await teamNames.of(
    executor,
    found.flatMap((row) => (row.teamId === null ? [] : [row.teamId])),
  );
  // A team membership with two roles is two rows, both naming the team: assemble reads them as one.
  const memberships = found.map(({ userId, teamId, role }): MembershipRow => ({
    companyId: company.id,
    userId,
    teamId,
    teamName: teamId === null ? null : (names.get(teamId) ?? ''),
    role,
  }));
  return assemble(company, rows, memberships);
}

/**
 * The members of `rows` with their memberships, each member's teams in the teams list's order: by
 * name ignoring case (`name_key`), then id. Compared here, in UTF-16 code units (SQLite's order of
 * `name_key` but for characters beyond U+FFFF), so that the order does not depend on the database
 * or its collation. The rows are read as every membership row is read (`memberFromRows`), each
 * member's team rows first, in that order, so that their teams come out in that order.
 */
function assemble(company: Company, rows: readonly MemberRow[], memberships: readonly MembershipRow[]): LoadedMember[] {
  const teamNames = new Map<string, string>();
  const teamKeys = new Map<string, string>();
  const rowsOf = new Map<string, MembershipRow[]>();
  for (const row of memberships) {
    if (row.teamId !== null && row.teamName !== null && !teamKeys.has(row.teamId)) {
      teamNames.set(row.teamId, row.teamName);
      teamKeys.set(row.teamId, teamNameKey(row.teamName));
    }
    const own = rowsOf.get(row.userId);
    if (own === undefined) rowsOf.set(row.userId, [row]);
    else own.push(row);
  }
  const keyOf = (row: MembershipRow) => (row.teamId === null ? undefined : teamKeys.get(row.teamId));
  // A company role (no team) after every team; teams by key, then id; a team's rows stay together.
  const order = (a: MembershipRow, b: MembershipRow): number => {
    const [keyA, keyB] = [keyOf(a), keyOf(b)];
    if (keyA === undefined || keyB === undefined) return keyA === keyB ? 0 : keyA === undefined ? 1 : -1;
    if (keyA !== keyB) return keyA < keyB ? -1 : 1;
    const [idA, idB] = [a.teamId ?? '', b.teamId ?? ''];
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };
  return rows.map((row) => {
    const suspended = row.suspendedAt != null;
    const context = memberFromRows(company, row.userId, rowsOf.get(row.userId)?.sort(order) ?? []);
    return {
      row,
      teamNames,
      context: context
        ? { ...context, suspended }
        : { userId: row.userId, isOwner: company.ownerId === row.userId, companyRoles: new Set(), teams: new Map(), suspended },
    };
  });
}

type OneMember = { companyId: string; userId: string };

/**
 * A member's row once per membership row (or once with nulls when they have none): one statement,
 * so one round trip on PostgreSQL inside a command's transaction, where four queries took four.
 */
const memberWithMemberships = prepare((db, v: OneMember) =>
  db
    .selectFrom('companyMembers as m')
    .leftJoin(membershipsOf(db, v).as('mm'), (join) => join.onTrue())
    .select(['m.userId', 'm.name', 'm.email', 'm.suspendedAt', 'mm.teamId', 'mm.teamName', 'mm.role'])
    .where('m.companyId', '=', v.companyId)
    .where('m.userId', '=', v.userId),
);

/** One member, read with one prepared query: commands answer with it after nearly every write; null for a non-member. */
export async function loadOne(executor: Kysely<Database>, company: Company, userId: string): Promise<LoadedMember | null> {
  const found = await memberWithMemberships.execute(executor, { companyId: company.id, userId });
  const [first] = found;
  if (!first) return null;
  const row = { userId: first.userId, name: first.name, email: first.email, suspendedAt: first.suspendedAt };
  const [loaded] = assemble(company, [row], found.map(({ teamId, teamName, role }) => ({ companyId: company.id, userId, teamId, teamName, role })));
  return loaded ?? null;
}

/** A member as a command leaves them, and who is to see them (the actor): the presenter shows the email by the viewer's rights. */
export interface MemberSeen {
  member: LoadedMember;
  viewer: MemberContext;
}

/**
 * One member with their memberships, read with the given executor (a command's transaction, so
 * that a command answers with the state it has just written). NOT_FOUND for a non-member.
 */
export async function readMember(executor: Kysely<Database>, company: Company, userId: string): Promise<LoadedMember> {
  const loaded = await loadOne(executor, company, userId);
  if (!loaded) throw notFound('Member');
  return loaded;
}

/**
 * One person's membership of each of these companies (theirs: the /me page), as a member's page
 * reads it: one statement whatever the number of companies, each company's teams in the teams list's order.
 * A company where they hold no team is left out (not a member, §1).
 */
export async function loadMembershipsOf(
  executor: Kysely<Database>,
  person: MemberRow,
  companies: readonly Company[],
): Promise<Map<string, LoadedMember>> {
  const loaded = new Map<string, LoadedMember>();
  if (companies.length === 0) return loaded;
  const whose = { companyIds: companies.map((company) => company.id), userId: person.userId };
  const rows = await membershipsOf(executor, whose).execute();
  for (const company of companies) {
    const own = rows.filter((row) => row.companyId === company.id);
    const [member] = own.some((row) => row.teamId !== null) ? assemble(company, [person], own) : [];
    if (member) loaded.set(company.id, member);
  }
  return loaded;
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
  contactPersonContracts(db, v)
    .select(['id', 'teamId', 'title', 'freelancerName', 'status', 'contactPersonId'])
    .orderBy('createdAt')
    .orderBy('id'),
);

/** The contracts of contactPersonContracts as a member's page shows them (`presentContract`'s columns), oldest first. */
export function contractsOfContactPerson(
  tx: Executor,
  companyId: string,
  userId: string,
): Promise<Pick<Contract, 'id' | 'teamId' | 'title' | 'freelancerName' | 'status' | 'contactPersonId'>[]> {
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
