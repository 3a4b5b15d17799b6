/**
 * SCIM's JSON (RFC 7643): a member as a User, a team as a Group, a list as a ListResponse, a
 * company's SCIM token for its settings page. Pure functions of records; the base URL (the
 * server's `BASE_URL`) makes `meta.location`.
 */
import { createHash } from 'node:crypto';
import type { ScimGroupRecord, ScimUserRecord } from '../model/scim.js';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** A weak ETag of what the resource says (its `meta` aside): any change to it is a new version. */
function versionOf(resource: Record<string, unknown>): string {
  return `W/"${createHash('sha256').update(JSON.stringify(resource)).digest('base64url').slice(0, 22)}"`;
}

/** The SCIM endpoint of a server reached at `baseUrl`. */
export const scimBase = (baseUrl: string): string => `${baseUrl.replace(/\/$/, '')}/scim/v2`;

/** A member as SCIM's User. */
export function presentScimUser(record: ScimUserRecord, baseUrl: string) {
  const base = scimBase(baseUrl);
  const resource = {
    schemas: [SCIM_USER_SCHEMA],
    id: record.userId,
    ...(record.externalId === null ? {} : { externalId: record.externalId }),
    userName: record.email,
    name: {
      formatted: record.name,
      ...(record.givenName === null ? {} : { givenName: record.givenName }),
      ...(record.familyName === null ? {} : { familyName: record.familyName }),
    },
    displayName: record.name,
    emails: [{ value: record.email, type: 'work', primary: true }],
    active: record.active,
    groups: record.groups.map((group) => ({ value: group.teamId, display: group.name, $ref: `${base}/Groups/${group.teamId}` })),
  };
  return {
    ...resource,
    meta: {
      resourceType: 'User',
      created: record.joinedAt,
      lastModified: record.scimUpdatedAt ?? record.joinedAt,
      location: `${base}/Users/${record.userId}`,
      version: versionOf(resource),
    },
  };
}

export type ScimUserJson = ReturnType<typeof presentScimUser>;

/** A team as SCIM's Group; its `members` left out when `withMembers` is false (the version is the same). */
export function presentScimGroup(record: ScimGroupRecord, baseUrl: string, withMembers = true) {
  const base = scimBase(baseUrl);
  const resource = {
    schemas: [SCIM_GROUP_SCHEMA],
    id: record.teamId,
    ...(record.externalId === null ? {} : { externalId: record.externalId }),
    displayName: record.name,
    members: (record.members ?? []).map((member) => ({ value: member.userId, display: member.email, $ref: `${base}/Users/${member.userId}` })),
  };
  const { members, ...withoutMembers } = resource;
  return {
    ...(withMembers ? { ...withoutMembers, members } : withoutMembers),
    meta: {
      resourceType: 'Group',
      created: record.createdAt,
      lastModified: record.scimUpdatedAt ?? record.createdAt,
      location: `${base}/Groups/${record.teamId}`,
      version: versionOf(resource),
    },
  };
}

export type ScimGroupJson = ReturnType<typeof presentScimGroup>;

/** A page of resources as SCIM's ListResponse (RFC 7644 section 3.4.2). */
export function presentScimList<T>(resources: T[], totalResults: number, startIndex: number) {
  return { schemas: [SCIM_LIST_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

