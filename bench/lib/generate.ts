import type { Insertable } from 'kysely';
import type { Db } from '../../src/db/database.js';
import type { Database, TeamMemberRolesTable } from '../../src/db/schema.js';
import { teamNameKey } from '../../src/domain/normalize.js';
import type { CompanyRole, TeamRole } from '../../src/domain/roles.js';
import type { DataShape } from '../settings.js';

/**
 * The data set of the scale benchmarks, written straight into the tables in one transaction:
 *
 * - one big company: its owner, `members` members, `teams` teams and `contracts` active contracts;
 *   every member is in one of 20 department teams (the first is the default team) and in 0–4 more
 *   teams drawn at random, so 1–5 teams each; in each team the first member who may hold roles is
 *   its `team_admin` and the next two its `hiring_manager`s; contracts go round the teams that have
 *   hiring managers, their contact person one of those; five `admin`s and five `finance`;
 * - `smallCompanies` small companies of five people, two teams and one contract each.
 *
 * Every fifth member of the big company holds no role but `recruiter` now and then, and no contract:
 * they are the ones the benchmarks may remove or whose roles they may toggle. A seeded random
 * generator makes every run build the same data.
 */

/** What the benchmarks need to know of the generated data. */
export interface Fixture {
  companyId: string;
  ownerId: string;
  /** Members of the big company, its owner included. */
  memberCount: number;
  defaultTeamId: string;
  /** The 20 big teams, the default team first: every member is in one of them. */
  departmentTeamIds: string[];
  /** A `team_admin` of the second department team, and that team. */
  teamAdmin: { userId: string; teamId: string };
  /** Contact persons of active contracts, those with the most contracts first (at most 100). */
  contactPersonIds: string[];
  /** A contract whose team has two hiring managers: its contact person may move between them. */
  reassignable: { contractId: string; teamId: string; contactPersonIds: [string, string] };
  /** Members with no contracts and no role above `recruiter`, in no particular order (at most 5,000). */
  plainMembers: { userId: string; departmentTeamId: string }[];
  /** A last name that about one member in 40 has. */
  commonSearch: string;
  /** A fragment of exactly one member's email. */
  rareSearch: string;
  counts: { users: number; members: number; teams: number; teamMemberships: number; teamRoles: number; contracts: number; companies: number };
}

const FIRST_NAMES = [
  'Ada', 'Alan', 'Barbara', 'Brian', 'Claude', 'Dennis', 'Donald', 'Edsger', 'Frances', 'Grace',
  'Guido', 'Hedy', 'Ivan', 'James', 'Jean', 'John', 'Ken', 'Leslie', 'Linus', 'Margaret',
  'Mary', 'Niklaus', 'Radia', 'Rasmus', 'Richard', 'Robin', 'Shafi', 'Sophie', 'Tim', 'Vint',
  'Whitfield', 'Yukihiro', 'Anders', 'Bjarne', 'Carol', 'Dana', 'Elena', 'Fran', 'Gwen', 'Hal',
];
const LAST_NAMES = [
  'Lovelace', 'Turing', 'Liskov', 'Kernighan', 'Shannon', 'Ritchie', 'Knuth', 'Dijkstra', 'Allen', 'Hopper',
  'Rossum', 'Lamarr', 'Sutherland', 'Gosling', 'Sammet', 'McCarthy', 'Thompson', 'Lamport', 'Torvalds', 'Hamilton',
  'Keller', 'Wirth', 'Perlman', 'Lerdorf', 'Stallman', 'Milner', 'Goldwasser', 'Wilson', 'Berners-Lee', 'Cerf',
  'Diffie', 'Matsumoto', 'Hejlsberg', 'Stroustrup', 'Shaw', 'Scott', 'Moreno', 'Bilas', 'Tanaka', 'Abelson',
];
const DEPARTMENTS = [
  'General', 'Engineering', 'Design', 'Marketing', 'Sales', 'Support', 'Finance', 'Legal', 'Research', 'Operations',
  'Data', 'Security', 'Mobile', 'Platform', 'Growth', 'Content', 'Recruiting', 'Product', 'Quality', 'Infrastructure',
];

/** Rows per INSERT, and parameters per INSERT (SQLite allows 32,766). */
const MAX_ROWS = 2_000;
const MAX_PARAMETERS = 30_000;

/** mulberry32: a small seeded generator, so that every run builds the same data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Inserts rows in statements of at most MAX_ROWS rows and MAX_PARAMETERS parameters. */
async function inBatches<Row extends object>(rows: Iterable<Row>, insert: (batch: Row[]) => Promise<unknown>): Promise<number> {
  let batch: Row[] = [];
  let limit = MAX_ROWS;
  let count = 0;
  for (const row of rows) {
    if (batch.length === 0) limit = Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / Object.keys(row).length));
    batch.push(row);
    count++;
    if (batch.length >= limit) {
      await insert(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await insert(batch);
  return count;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

type UserRow = Insertable<Database['users']>;
type TeamRow = Insertable<Database['teams']>;
type CompanyRow = Insertable<Database['companies']>;
type MemberRow = Insertable<Database['companyMembers']>;
type TeamMemberRow = Insertable<Database['teamMembers']>;
type TeamRoleRow = Insertable<TeamMemberRolesTable>;
type ContractRow = Insertable<Database['contracts']>;

/** Builds the data set of `shape` into an empty, migrated database and says where things are. */
export async function generate(db: Db, shape: DataShape, seed = 20260105): Promise<Fixture> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const newId = (): string => {
    const hex = Array.from({ length: 4 }, () => Math.floor(random() * 4_294_967_296).toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  const epoch = Date.parse('2025-01-01T00:00:00.000Z');
  const at = (seconds: number): string => new Date(epoch + seconds * 1000).toISOString();
  const passwordHash = 'bench:no-password';

  // The big company.
  const owner: UserRow = { id: newId(), email: 'olivia.owner@big.example.com', name: 'Olivia Owner', passwordHash, emailVerified: 1, createdAt: at(0) };
  const teamIds = Array.from({ length: shape.teams }, () => newId());
  const departments = Math.min(DEPARTMENTS.length, shape.teams);
  const company: CompanyRow = { id: newId(), name: 'Big Company', ownerId: owner.id, defaultTeamId: teamIds[0] ?? '', createdAt: at(0) };
  const teamId = (index: number): string => teamIds[index] ?? '';

  const memberIds: string[] = [];
  const memberNames: string[] = [];
  const memberEmails: string[] = [];
  const teamsOf: number[][] = [];
  for (let i = 0; i < shape.members; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    memberIds.push(newId());
    memberNames.push(`${first} ${last}`);
    memberEmails.push(`${first}.${last}.${pad(i, 6)}@example.com`.toLowerCase());
    const teams = new Set([i % departments]);
    const extra = Math.floor(random() * 5);
    for (let k = 0; k < extra; k++) teams.add(Math.floor(random() * shape.teams));
    teamsOf.push([...teams]);
  }
  const isPlain = (i: number) => i % 5 === 4;

  // Team roles: the first member of a team who may hold roles administers it, the next two hire.
  const holdersSeen = new Array<number>(shape.teams).fill(0);
  const hiringManagersOf = new Map<number, string[]>();
  const teamAdminOf = new Map<number, string>();
  const teamRoleRows: TeamRoleRow[] = [];
  const grant = (i: number, t: number, role: TeamRole) =>
    teamRoleRows.push({ companyId: company.id, teamId: teamId(t), userId: memberIds[i] ?? '', role });
  for (let i = 0; i < shape.members; i++) {
    for (const t of teamsOf[i] ?? []) {
      const draw = random();
      if (isPlain(i)) {
        if (draw < 0.1) grant(i, t, 'recruiter');
        continue;
      }
      const seen = (holdersSeen[t] ?? 0) + 1;
      holdersSeen[t] = seen;
      if (seen === 1) {
        grant(i, t, 'team_admin');
        teamAdminOf.set(t, memberIds[i] ?? '');
      } else if (seen <= 3) {
        grant(i, t, 'hiring_manager');
        hiringManagersOf.set(t, [...(hiringManagersOf.get(t) ?? []), memberIds[i] ?? '']);
      } else if (draw < 0.1) {
        grant(i, t, 'recruiter');
      } else if (draw < 0.13) {
        grant(i, t, 'work_diary');
      }
    }
  }
  const companyRoleRows: { companyId: string; userId: string; role: CompanyRole }[] = [];
  for (let i = 0, granted = 0; i < shape.members && granted < 10; i++) {
    if (isPlain(i)) continue;
    companyRoleRows.push({ companyId: company.id, userId: memberIds[i] ?? '', role: granted < 5 ? 'admin' : 'finance' });
    granted++;
  }

  // Contracts go round the teams with hiring managers; their contact person is one of those.
  const hiringTeams = [...hiringManagersOf.keys()].sort((a, b) => a - b);
  if (hiringTeams.length === 0) throw new Error(`no team has a hiring manager with ${shape.members} members`);
  const contractsOf = new Map<string, number>();
  const contractRows: ContractRow[] = [];
  for (let j = 0; j < shape.contracts; j++) {
    const t = hiringTeams[j % hiringTeams.length] ?? 0;
    const managers = hiringManagersOf.get(t) ?? [];
    const contact = managers[Math.floor(j / hiringTeams.length) % managers.length] ?? '';
    contractsOf.set(contact, (contractsOf.get(contact) ?? 0) + 1);
    contractRows.push({
      id: newId(),
      companyId: company.id,
      teamId: teamId(t),
      title: `Contract ${pad(j, 5)}`,
      freelancerName: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
      status: 'active',
      contactPersonId: contact,
      createdAt: at(j),
      updatedAt: at(j),
    });
  }
  const reassignIndex = contractRows.findIndex((row) => (hiringManagersOf.get(teamIds.indexOf(row.teamId))?.length ?? 0) >= 2);
  const reassignRow = contractRows[reassignIndex];
  const reassignManagers = reassignRow ? hiringManagersOf.get(teamIds.indexOf(reassignRow.teamId)) : undefined;
  if (!reassignRow || !reassignManagers?.[0] || !reassignManagers[1]) throw new Error('no contract in a team with two hiring managers');

  // The small companies: an owner and four members, two teams, one contract.
  const small = Array.from({ length: shape.smallCompanies }, (_, c) => {
    const people = Array.from({ length: 5 }, (_unused, k): UserRow => {
      const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
      return { id: newId(), email: `person${k}.company${pad(c, 4)}@small.example.com`, name, passwordHash, emailVerified: 1, createdAt: at(c) };
    });
    const [general, hiring] = [newId(), newId()];
    const ownerOf = people[0] as UserRow;
    return {
      people,
      company: { id: newId(), name: `Small Company ${pad(c, 4)}`, ownerId: ownerOf.id, defaultTeamId: general, createdAt: at(c) } satisfies CompanyRow,
      teams: [general, hiring] as const,
    };
  });

  function* users(): Generator<UserRow> {
    yield owner;
    for (let i = 0; i < shape.members; i++) {
      yield { id: memberIds[i] ?? '', email: memberEmails[i] ?? '', name: memberNames[i] ?? '', passwordHash, emailVerified: 1, createdAt: at(i) };
    }
    for (const { people } of small) yield* people;
  }
  function* teams(): Generator<TeamRow> {
    for (let t = 0; t < shape.teams; t++) {
      const name = t < departments ? (DEPARTMENTS[t] ?? '') : `Team ${pad(t, 4)}`;
      yield { id: teamId(t), companyId: company.id, name, nameKey: teamNameKey(name), hidden: 0, isDefault: t === 0 ? 1 : 0, createdAt: at(t) };
    }
    for (const { company: c, teams: [general, hiring] } of small) {
      yield { id: general, companyId: c.id, name: 'General', nameKey: 'general', hidden: 0, isDefault: 1, createdAt: c.createdAt };
      yield { id: hiring, companyId: c.id, name: 'Hiring', nameKey: 'hiring', hidden: 0, isDefault: 0, createdAt: c.createdAt };
    }
  }
  function* members(): Generator<MemberRow> {
    yield { companyId: company.id, userId: owner.id, name: owner.name, email: owner.email, joinedAt: at(0) };
    for (let i = 0; i < shape.members; i++) {
      yield { companyId: company.id, userId: memberIds[i] ?? '', name: memberNames[i] ?? '', email: memberEmails[i] ?? '', joinedAt: at(i) };
    }
    for (const { company: c, people } of small) {
      for (const person of people) yield { companyId: c.id, userId: person.id, name: person.name, email: person.email, joinedAt: c.createdAt };
    }
  }
  function* teamMembers(): Generator<TeamMemberRow> {
    yield { companyId: company.id, teamId: company.defaultTeamId, userId: owner.id, name: owner.name, joinedAt: at(0) };
    for (let i = 0; i < shape.members; i++) {
      for (const t of teamsOf[i] ?? []) yield { companyId: company.id, teamId: teamId(t), userId: memberIds[i] ?? '', name: memberNames[i] ?? '', joinedAt: at(i) };
    }
    // Owner and two members in General, two members in Hiring.
    for (const { company: c, people, teams: [general, hiring] } of small) {
      for (const [k, person] of people.entries()) {
        yield { companyId: c.id, teamId: k < 3 ? general : hiring, userId: person.id, name: person.name, joinedAt: c.createdAt };
      }
    }
  }
  for (const { company: c, people, teams: [, hiring] } of small) {
    const manager = people[3];
    if (!manager) continue;
    teamRoleRows.push({ companyId: c.id, teamId: hiring, userId: manager.id, role: 'hiring_manager' });
    contractRows.push({
      id: newId(),
      companyId: c.id,
      teamId: hiring,
      title: 'Website redesign',
      freelancerName: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
      status: 'active',
      contactPersonId: manager.id,
      createdAt: c.createdAt,
      updatedAt: c.createdAt,
    });
  }

  const counts = await db.write(async (tx) => {
    const userCount = await inBatches(users(), (batch) => tx.insertInto('users').values(batch).execute());
    await inBatches([company, ...small.map((entry) => entry.company)], (batch) => tx.insertInto('companies').values(batch).execute());
    const teamCount = await inBatches(teams(), (batch) => tx.insertInto('teams').values(batch).execute());
    const memberCount = await inBatches(members(), (batch) => tx.insertInto('companyMembers').values(batch).execute());
    await inBatches(companyRoleRows, (batch) => tx.insertInto('companyMemberRoles').values(batch).execute());
    const teamMemberships = await inBatches(teamMembers(), (batch) => tx.insertInto('teamMembers').values(batch).execute());
    const teamRoles = await inBatches(teamRoleRows, (batch) => tx.insertInto('teamMemberRoles').values(batch).execute());
    const contracts = await inBatches(contractRows, (batch) => tx.insertInto('contracts').values(batch).execute());
    return { users: userCount, members: memberCount, teams: teamCount, teamMemberships, teamRoles, contracts, companies: 1 + small.length };
  });

  const plainMembers: Fixture['plainMembers'] = [];
  for (let i = 4; i < shape.members && plainMembers.length < 5_000; i += 5) {
    plainMembers.push({ userId: memberIds[i] ?? '', departmentTeamId: teamId(i % departments) });
  }
  const adminTeam = departments > 1 ? 1 : 0;
  return {
    companyId: company.id,
    ownerId: owner.id,
    memberCount: shape.members + 1,
    defaultTeamId: company.defaultTeamId,
    departmentTeamIds: teamIds.slice(0, departments),
    teamAdmin: { userId: teamAdminOf.get(adminTeam) ?? owner.id, teamId: teamId(adminTeam) },
    contactPersonIds: [...contractsOf].sort((a, b) => b[1] - a[1]).slice(0, 100).map(([id]) => id),
    reassignable: { contractId: reassignRow.id, teamId: reassignRow.teamId, contactPersonIds: [reassignManagers[0], reassignManagers[1]] },
    plainMembers,
    commonSearch: (memberNames[0]?.split(' ')[1] ?? 'lovelace').toLowerCase(),
    rareSearch: `.${pad(Math.floor(shape.members * 0.77), 6)}@`,
    counts,
  };
}
