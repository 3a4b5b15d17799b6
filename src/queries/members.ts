import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { memberSearch } from '../db/member-search.js';
import { BULK_MEMBERS_MAX } from '../domain/bulk.js';
import { DomainError, notFound } from '../domain/errors.js';
import { holds, holdsEverywhere, memberAbilities, memberCan, type Abilities } from '../domain/policy.js';
import { isCompanyRole, type Role } from '../domain/roles.js';
import { contractsOfContactPerson, loadMembers, loadOne, requireTeam, type LoadedMember, type MemberRow } from '../model/members.js';
import { presentContract } from '../presenters/contracts.js';
import { presentMember, type MemberView } from '../presenters/members.js';
import { holdsAdminRole } from '../domain/two-factor-rule.js';
import { ResponseCache, type Encoding, type Representation } from './response-cache.js';
import { membershipRevisionFor, readAsMember, type MemberScope } from './scope.js';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.js';

export const MEMBER_SORTS = ['name', 'joined'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

export interface MemberListFilters {
  q?: string;
  teamId?: string;
  /** Any team role (in `teamId` if given, else in any team), a company role, or `owner`. */
  role?: Role;
  /** Only those who may be the contact person of a contract in `teamId` (in any team without it), §3.3. */
  qualifies?: 'contact_person';
  /** Only the suspended members (`true`), or only the others (`false`), §4 "Suspend and reinstate". */
  suspended?: 'true' | 'false';
  /** By name (the default) or by when they joined the company; then by user id. */
  sort?: MemberSort;
  /** `asc` (the default) or `desc`. */
  order?: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}



/**
 * The company's members in name order, one keyset page at a time on the
 * `company_members_by_name (company_id, name, user_id)` index, or with a team filter on
 * `team_members_by_name (team_id, name, user_id)` (§2.5: every member may list them); sorted by
 * join date, on `company_members_by_joined (company_id, joined_at, user_id)`; either way up or down.
 *
 * ```sql
 * select user_id, name, email from company_members m
 * [join team_members tm on tm.team_id = ? and tm.user_id = m.user_id]
 * where company_id = ? [and exists (role filter)] [and (search)]
 *   and ([tm.]name, [tm.]user_id) > (?, ?)          -- < when descending; m.joined_at by join date
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
  policies: { userId: string; can: Abilities }[];
  nextCursor: string | null;
}

/**
 * listMembers for a scope already read: everything the page shows comes from the company's
 * membership tables, so it is the same page while `company.membershipRevision` is the same.
 */
export async function membersPage(db: Db, scope: MemberScope, filters: MemberListFilters): Promise<MembersPage> {
  const { company, actor } = scope;
  // The owner and admins (who see every email) are also shown each member's two-factor state and
  // last day of use: read with the page's rows, not by a statement of their own.
  const managing = holdsEverywhere(actor, 'member.viewEmail');
  const { rows, nextCursor } = await memberRowsPage(db, scope, filters, managing);
  const loaded = await loadMembers(db.kysely, company, rows);
  const items: MemberView[] = [];
  const policies: MembersPage['policies'] = [];
  for (const [index, member] of loaded.entries()) {
    const row = rows[index];
    const view: MemberView = presentMember(member, actor);
    view.joinedAt = row?.joinedAt ?? '';
    if (managing) Object.assign(view, managerColumns(member, row));
    items.push(view);
    // What the viewer may do to each member of the page, beside the members (Outline's `policies`).
    policies.push({ userId: member.row.userId, can: memberCan(actor, member.context) });
  }
  return { items, policies, nextCursor };
}

/** A row of the page: the member's `company_members` columns, and for the owner and admins their two-factor and activity. */
type PageRow = MemberRow & { joinedAt: string; twoFactorEnabledAt?: string | null; lastActiveOn?: string | null };

/** One keyset page of the members the filters choose, as rows of `company_members`, and the cursor of the next. */
export async function memberRowsPage(
  db: Db,
  scope: MemberScope,
  filters: MemberListFilters,
  managing = false,
): Promise<{ rows: PageRow[]; nextCursor: string | null }> {
  const sort = filters.sort ?? 'name';
  const descending = filters.order === 'desc';
  const after = filters.cursor === undefined ? undefined : cursorKey(filters.cursor, sort, descending);
  const filtered = await filteredMembers(db, scope, filters);
  const { order } = filtered;
  let query = filtered.query.$if(managing, (q) =>
    q
      .leftJoin('twoFactor as tf', 'tf.userId', 'm.userId')
      .leftJoin('userActivity as ua', 'ua.userId', 'm.userId')
      .select(['tf.enabledAt as twoFactorEnabledAt', 'ua.lastActiveOn']),
  );
  if (after !== undefined) {
    const beyond = sql.raw(descending ? '<' : '>');
    query = query.where(sql<boolean>`(${order.key}, ${order.userId}) ${beyond} (${after[0]}, ${after[1]})`);
  }

  const direction = descending ? 'desc' : 'asc';
  const rows = await query.orderBy(order.key, direction).orderBy(order.userId, direction).limit(filters.limit + 1).execute();
  const pageRows = rows.slice(0, filters.limit);
  const last = pageRows.at(-1);
  const nextCursor =
    rows.length > filters.limit && last ? makeCursor(sort, descending, sort === 'joined' ? last.joinedAt : last.name, last.userId) : null;
  return { rows: pageRows, nextCursor };
}

/** The list's filters and sort, without its paging. */
export type MemberFilters = Omit<MemberListFilters, 'limit' | 'cursor'>;

/**
 * The members the filters choose, as a query of `company_members` rows (not yet ordered nor
 * limited), and the columns of its keyset order: what the list pages through and the count counts.
 */
async function filteredMembers(db: Db, { company, actor }: MemberScope, filters: MemberFilters) {
  const executor = db.kysely;
  const { teamId, role } = filters;
  // A team of another company is NOT_FOUND, as everywhere (§6), rather than an empty page.
  if (teamId !== undefined) await requireTeam(executor, company.id, teamId);
  const sort = filters.sort ?? 'name';
  const search = filters.q?.trim().toLowerCase();

  let query = executor
    .selectFrom('companyMembers as m')
    .select(['m.userId', 'm.name', 'm.email', 'm.joinedAt', 'm.suspendedAt'])
    .where('m.companyId', '=', company.id);
  if (filters.suspended !== undefined) query = query.where('m.suspendedAt', filters.suspended === 'true' ? 'is not' : 'is', null);

  // The keyset: the company's members by name, or, filtered by a team, that team's members by the
  // name each membership carries (`team_members_by_name`, migration 0006), so that a page of a
  // team reads that page's rows, not every member of the company ahead of them. The team is this
  // company's (requireTeam above).
  let order = { key: sql.ref<string>(sort === 'joined' ? 'm.joinedAt' : 'm.name'), userId: sql.ref<string>('m.userId') };
  if (teamId !== undefined) {
    query = query.$call((q) =>
      q.innerJoin('teamMembers as tm', (join) => join.onRef('tm.userId', '=', 'm.userId').on('tm.teamId', '=', teamId)),
    );
    // By join date, a team's members are read by the company's join date: the list says when they joined the company.
    if (sort === 'name') order = { key: sql.ref<string>('tm.name'), userId: sql.ref<string>('tm.userId') };
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
    // §4 "Suspend and reinstate": a suspended member is not offered as a new contact person.
    query = query.where('m.suspendedAt', 'is', null);
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

  return { query, order };
}

/**
 * How many members the filters choose (`GET …/members/count`): the number the page shows, and the
 * "all N matching" a bulk change may take, counted apart so that the list's pages stay as fast.
 */
export async function countMembers(db: Db, viewerId: string, companyId: string, filters: MemberFilters): Promise<number> {
  const { query } = await filteredMembers(db, await readAsMember(db, viewerId, companyId), filters);
  const row = await query.clearSelect().select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
  return Number(row.total);
}

/**
 * The people a bulk change names (`POST …/members/bulk`), with their names as the caller reads
 * them now: the ids given, in their order (repeats once; a name null for one who is no member), or
 * every member the list's filters choose, in the list's order — at most BULK_MEMBERS_MAX, or the
 * request is refused (CONFLICT) rather than done in part. The caller must be a member (NOT_FOUND).
 */
export async function bulkTargets(
  db: Db,
  viewerId: string,
  companyId: string,
  selection: { userIds: readonly string[] } | { filter: MemberFilters },
): Promise<{ userId: string; name: string | null }[]> {
  const scope = await readAsMember(db, viewerId, companyId);
  if ('filter' in selection) {
    const { rows, nextCursor } = await memberRowsPage(db, scope, { ...selection.filter, limit: BULK_MEMBERS_MAX });
    if (nextCursor !== null) {
      throw new DomainError('CONFLICT', `More than ${BULK_MEMBERS_MAX} members match; narrow the filters and do it in parts`);
    }
    return rows.map(({ userId, name }) => ({ userId, name }));
  }
  const userIds = [...new Set(selection.userIds)];
  const names = new Map<string, string>();
  for (let start = 0; start < userIds.length; start += 500) {
    const rows = await db.kysely
      .selectFrom('companyMembers')
      .select(['userId', 'name'])
      .where('companyId', '=', scope.company.id)
      .where('userId', 'in', userIds.slice(start, start + 500))
      .execute();
    for (const row of rows) names.set(row.userId, row.name);
  }
  return userIds.map((userId) => ({ userId, name: names.get(userId) ?? null }));
}

/**
 * A cursor names its sort, so that one given for another sort is refused rather than read as a key
 * of this one. By name, upwards, it is `(name, userId)` as before sorts existed: cursors given then
 * still work.
 */
function makeCursor(sort: MemberSort, descending: boolean, key: string, userId: string): string {
  return sort === 'name' && !descending ? encodeCursor(key, userId) : encodeCursor(`${sort}.${descending ? 'desc' : 'asc'}`, key, userId);
}

/** The (key, userId) of a cursor `makeCursor` gave for this sort; anything else is VALIDATION_FAILED. */
function cursorKey(cursor: string, sort: MemberSort, descending: boolean): [string, string] {
  if (sort === 'name' && !descending) return decodeCursor(cursor, 2);
  const [tag, key, userId] = decodeCursor(cursor, 3);
  if (tag !== `${sort}.${descending ? 'desc' : 'asc'}`) throw invalidCursor();
  return [key, userId];
}

/**
 * What the list shows the owner and admins (who see every member's email) of a member of a page:
 * whether two-factor is on, whether they hold a role the `admins` two-factor rule covers (owner,
 * admin, finance, team_admin) without it, and the last day they used Roster. Other viewers are not
 * told (`membersPage` reads these columns for the owner and admins alone).
 */
function managerColumns(
  member: LoadedMember,
  row: PageRow | undefined,
): Pick<MemberView, 'twoFactorEnabled' | 'lacksTwoFactor' | 'lastActiveOn'> {
  const twoFactorEnabled = row?.twoFactorEnabledAt != null;
  return { twoFactorEnabled, lacksTwoFactor: !twoFactorEnabled && holdsAdminRole(member.context), lastActiveOn: row?.lastActiveOn ?? null };
}

/**
 * The members list as its viewers were last sent it, serialised, in this process: the page every
 * member opens first and reloads most. A page is remembered per viewer and query under the
 * company's membership revision, which is read afresh on every request: a change anyone makes, in
 * any process, to the company, its members, teams or roles is a new revision (triggers of
 * migration 0005) and so a new key (§6 "read afresh" holds; only the unchanged page is not
 * rebuilt). Finding a page needs only that revision and that the viewer is still a member: the
 * same revision means the same roles. Otherwise the viewer's roles are read (NOT_FOUND for a
 * non-member) and the page is built by `membersPage`.
 *
 * Every table a statement of the page reads must be one whose changes move the revision:
 * test/db/members-page-statements.test.ts compiles every statement the page runs and checks it
 * against the tables the database has the revision's triggers on.
 */
export class MembersPages {
  readonly #remembered: ResponseCache;
  readonly #serialize: (page: MembersPage) => string;
  /** Pages found remembered, and pages built, since the process started. */
  readonly counts = { found: 0, built: 0 };

  /** `serialize` makes the bytes sent (the route's wire shape); at most `maxBytes` of them are kept (0: none). */
  constructor(maxBytes: number, serialize: (page: MembersPage) => string) {
    this.#remembered = new ResponseCache(maxBytes);
    this.#serialize = serialize;
  }

  /** The page `viewerId` asks for with `filters`, serialised, in `encoding`. */
  async read(db: Db, viewerId: string, companyId: string, filters: MemberListFilters, encoding: Encoding): Promise<Representation> {
    const keyAt = (revision: number) => ({ scope: companyId, revision, variant: JSON.stringify([viewerId, filters]) });
    const revision = await membershipRevisionFor(db, viewerId, companyId);
    const found = revision === undefined ? undefined : this.#remembered.find(keyAt(revision), encoding);
    if (found) {
      this.counts.found++;
      return found;
    }
    const scope = await readAsMember(db, viewerId, companyId);
    const made = { now: false };
    const page = await this.#remembered.get(keyAt(scope.company.membershipRevision), encoding, async () => {
      made.now = true;
      return this.#serialize(await membersPage(db, scope, filters));
    });
    // Another request may have built the same page in the meantime.
    if (made.now) this.counts.built++;
    else this.counts.found++;
    return page;
  }
}

/**
 * One member's page: the member, the active or paused contracts they are the contact person of,
 * and what the viewer may do to them (company-wide in `can`, per team of theirs in `teams`).
 */
export async function getMemberDetails(db: Db, viewerId: string, companyId: string, userId: string) {
  const { company, actor } = await readAsMember(db, viewerId, companyId);
  const [loaded, contracts] = await Promise.all([
    loadOne(db.kysely, company, userId),
    contractsOfContactPerson(db.kysely, company.id, userId),
  ]);
  if (!loaded) throw notFound('Member');
  return {
    member: presentMember(loaded, actor),
    contracts: contracts.map(presentContract),
    ...memberAbilities(actor, loaded.context, company.defaultTeamId),
  };
}

