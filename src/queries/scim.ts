import type { Db } from '../db/database.js';
import { normalizeEmail, teamNameKey } from '../domain/normalize.js';
import { requireScimGroup, requireScimUser, scimGroupRecords, scimUserRecords, type ScimGroupRecord, type ScimUserRecord } from '../model/scim.js';

/**
 * A SCIM filter Roster answers (API.md "SCIM"): terms joined by `and`, each `<attribute> eq
 * "<value>"`. Attributes lower-cased, as SCIM compares them.
 */
export type ScimFilter = readonly { attribute: string; value: string }[];

/** The attributes a filter may name, by resource type. */
export const SCIM_FILTER_ATTRIBUTES = {
  User: ['id', 'username', 'emails.value', 'externalid'],
  Group: ['id', 'displayname', 'externalid', 'members.value'],
} as const;

/**
 * One page of the company's members as SCIM Users, `startIndex` 1-based (SCIM pages by index,
 * RFC 7644 section 3.4.2.4: the one list of Roster paged so), by id; with the number of all that match.
 */
export async function scimUsersPage(
  db: Db,
  companyId: string,
  filter: ScimFilter,
  startIndex: number,
  count: number,
): Promise<{ total: number; records: ScimUserRecord[] }> {
  let query = db.kysely
    .selectFrom('companyMembers as m')
    .leftJoin('scimUsers as s', (join) => join.onRef('s.companyId', '=', 'm.companyId').onRef('s.userId', '=', 'm.userId'))
    .where('m.companyId', '=', companyId);
  for (const { attribute, value } of filter) {
    if (attribute === 'id') query = query.where('m.userId', '=', value);
    else if (attribute === 'username' || attribute === 'emails.value') query = query.where('m.email', '=', normalizeEmail(value));
    else if (attribute === 'externalid') query = query.where('s.externalId', '=', value);
  }
  const { total } = await query.select((eb) => eb.fn.countAll<number | string | bigint>().as('total')).executeTakeFirstOrThrow();
  const ids = count === 0 ? [] : await query.select('m.userId').orderBy('m.userId').offset(startIndex - 1).limit(count).execute();
  return { total: Number(total), records: await scimUserRecords(db.kysely, companyId, ids.map((row) => row.userId)) };
}

/** One member as a SCIM User, or NOT_FOUND. */
export const scimUser = (db: Db, companyId: string, userId: string): Promise<ScimUserRecord> => requireScimUser(db.kysely, companyId, userId);

/** One page of the company's teams that are not hidden, as SCIM Groups, by creation. */
export async function scimGroupsPage(
  db: Db,
  companyId: string,
  filter: ScimFilter,
  startIndex: number,
  count: number,
): Promise<{ total: number; records: ScimGroupRecord[] }> {
  let query = db.kysely
    .selectFrom('teams as t')
    .leftJoin('scimGroups as g', 'g.teamId', 't.id')
    .where('t.companyId', '=', companyId)
    .where('t.hidden', '=', 0);
  for (const { attribute, value } of filter) {
    if (attribute === 'id') query = query.where('t.id', '=', value);
    else if (attribute === 'displayname') query = query.where('t.nameKey', '=', teamNameKey(value));
    else if (attribute === 'externalid') query = query.where('g.externalId', '=', value);
    else if (attribute === 'members.value') {
      query = query.where((eb) =>
        eb.exists(eb.selectFrom('teamMembers as tm').select('tm.userId').whereRef('tm.teamId', '=', 't.id').where('tm.userId', '=', value)),
      );
    }
  }
  const { total } = await query.select((eb) => eb.fn.countAll<number | string | bigint>().as('total')).executeTakeFirstOrThrow();
  const ids = count === 0 ? [] : await query.select('t.id').orderBy('t.createdAt').orderBy('t.id').offset(startIndex - 1).limit(count).execute();
  return { total: Number(total), records: await scimGroupRecords(db.kysely, companyId, ids.map((row) => row.id), true) };
}

/** One team as a SCIM Group, or NOT_FOUND (hidden teams too). */
export const scimGroup = (db: Db, companyId: string, teamId: string): Promise<ScimGroupRecord> => requireScimGroup(db.kysely, companyId, teamId);
