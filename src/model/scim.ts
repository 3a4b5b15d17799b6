/**
 * What SCIM sees of a company (RFC 7643): its members as Users and its teams (those not hidden) as
 * Groups, read one way for the commands (inside their transaction) and the queries. Records, not
 * SCIM's JSON: presenters/scim.ts shapes them.
 */
import type { Executor } from '../db/database.js';
import { notFound } from '../domain/errors.js';

/** A member as SCIM's User resource needs them. */
export interface ScimUserRecord {
  userId: string;
  email: string;
  name: string;
  joinedAt: string;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
  /** This company's SCIM made the account: only then does SCIM change its name and email. */
  provisioned: boolean;
  /** When SCIM last changed the member, or null. */
  scimUpdatedAt: string | null;
  /** False while the member is suspended (§4 "Suspend and reinstate"). */
  active: boolean;
  /** The teams (not hidden) they belong to, as SCIM's read-only `groups`. */
  groups: { teamId: string; name: string }[];
}

/** A team as SCIM's Group resource needs it. */
export interface ScimGroupRecord {
  teamId: string;
  name: string;
  isDefault: boolean;
  createdAt: string;
  externalId: string | null;
  scimUpdatedAt: string | null;
  /** Its members, or null when the caller left them out (`excludedAttributes=members`). */
  members: { userId: string; email: string }[] | null;
}

/** The SCIM records of these members of the company, in the order of `userIds` (non-members left out). */
export async function scimUserRecords(db: Executor, companyId: string, userIds: readonly string[]): Promise<ScimUserRecord[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('companyMembers as m')
    .leftJoin('scimUsers as s', (join) => join.onRef('s.companyId', '=', 'm.companyId').onRef('s.userId', '=', 'm.userId'))
    .select(['m.userId', 'm.email', 'm.name', 'm.joinedAt', 'm.suspendedAt', 's.externalId', 's.givenName', 's.familyName', 's.provisioned', 's.updatedAt'])
    .where('m.companyId', '=', companyId)
    .where('m.userId', 'in', userIds)
    .execute();
  const groups = await db
    .selectFrom('teamMembers as tm')
    .innerJoin('teams as t', 't.id', 'tm.teamId')
    .select(['tm.userId', 't.id', 't.name'])
    .where('tm.companyId', '=', companyId)
    .where('tm.userId', 'in', userIds)
    .where('t.hidden', '=', 0)
    .orderBy('t.nameKey')
    .orderBy('t.id')
    .execute();
  const byId = new Map(
    rows.map((row) => [
      row.userId,
      {
        userId: row.userId,
        email: row.email,
        name: row.name,
        joinedAt: row.joinedAt,
        externalId: row.externalId,
        givenName: row.givenName,
        familyName: row.familyName,
        provisioned: row.provisioned === 1,
        scimUpdatedAt: row.updatedAt,
        active: row.suspendedAt === null,
        groups: groups.filter((g) => g.userId === row.userId).map((g) => ({ teamId: g.id, name: g.name })),
      } satisfies ScimUserRecord,
    ]),
  );
  return userIds.flatMap((id) => {
    const record = byId.get(id);
    return record ? [record] : [];
  });
}

/** One member's SCIM record; a person who is not a member of the company is NOT_FOUND. */
export async function requireScimUser(db: Executor, companyId: string, userId: string): Promise<ScimUserRecord> {
  const [record] = await scimUserRecords(db, companyId, [userId]);
  if (!record) throw notFound('User');
  return record;
}

/** The SCIM records of these teams of the company (hidden ones left out), in the order of `teamIds`. */
export async function scimGroupRecords(
  db: Executor,
  companyId: string,
  teamIds: readonly string[],
  withMembers: boolean,
): Promise<ScimGroupRecord[]> {
  if (teamIds.length === 0) return [];
  const teams = await db
    .selectFrom('teams as t')
    .innerJoin('companies as c', 'c.id', 't.companyId')
    .leftJoin('scimGroups as g', 'g.teamId', 't.id')
    .select(['t.id', 't.name', 't.createdAt', 'c.defaultTeamId', 'g.externalId', 'g.updatedAt'])
    .where('t.companyId', '=', companyId)
    .where('t.id', 'in', teamIds)
    .where('t.hidden', '=', 0)
    .execute();
  const members = withMembers
    ? await db
        .selectFrom('teamMembers as tm')
        .innerJoin('companyMembers as m', (join) => join.onRef('m.companyId', '=', 'tm.companyId').onRef('m.userId', '=', 'tm.userId'))
        .select(['tm.teamId', 'tm.userId', 'm.email'])
        .where('tm.companyId', '=', companyId)
        .where('tm.teamId', 'in', teamIds)
        .orderBy('tm.userId')
        .execute()
    : [];
  const byId = new Map(
    teams.map((team) => [
      team.id,
      {
        teamId: team.id,
        name: team.name,
        isDefault: team.defaultTeamId === team.id,
        createdAt: team.createdAt,
        externalId: team.externalId,
        scimUpdatedAt: team.updatedAt,
        members: withMembers ? members.filter((m) => m.teamId === team.id).map((m) => ({ userId: m.userId, email: m.email })) : null,
      } satisfies ScimGroupRecord,
    ]),
  );
  return teamIds.flatMap((id) => {
    const record = byId.get(id);
    return record ? [record] : [];
  });
}

/** One team's SCIM record; a team of another company, or hidden, is NOT_FOUND. */
export async function requireScimGroup(db: Executor, companyId: string, teamId: string, withMembers = true): Promise<ScimGroupRecord> {
  const [record] = await scimGroupRecords(db, companyId, [teamId], withMembers);
  if (!record) throw notFound('Group');
  return record;
}
