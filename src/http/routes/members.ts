import { z } from 'zod';
import { bulkChangeMembers, type BulkInput } from '../../commands/bulk-members.js';
import { removeFromCompany } from '../../commands/remove-from-company.js';
import { reinstateMember } from '../../commands/reinstate-member.js';
import { removeFromTeam } from '../../commands/remove-from-team.js';
import { setCompanyRoles } from '../../commands/set-company-roles.js';
import { setTeamRoles } from '../../commands/set-team-roles.js';
import { suspendMember } from '../../commands/suspend-member.js';
import { BULK_ACTIONS, BULK_MEMBERS_MAX, ROLE_BULK_ACTIONS, TEAM_BULK_ACTIONS } from '../../domain/bulk.js';
import { COMPANY_ROLES, TEAM_ROLES } from '../../domain/roles.js';
import { presentMember } from '../../presenters/members.js';
import { bulkTargets, countMembers, getMemberDetails, MEMBER_SORTS, MembersPages, type MembersPage } from '../../queries/members.js';
import { encodingFor, sendRemembered } from '../remembered-reply.js';
import type { App } from '../app.js';
import {
  bulkOutcomeShape,
  companyRoles,
  id,
  memberDetailsShape,
  memberPolicyShape,
  memberShape,
  page,
  pageQuery,
  teamRoles,
} from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

const memberParams = z.strictObject({ companyId: id, userId: id });
const teamMembershipParams = z.strictObject({ companyId: id, userId: id, teamId: id });

export const listQuery = z.strictObject({
  q: z.string().max(200).optional(),
  teamId: id.optional(),
  role: z.enum(['owner', ...COMPANY_ROLES, ...TEAM_ROLES]).optional(),
  qualifies: z.literal('contact_person').optional().describe('only who may be the contact person of a contract in teamId'),
  suspended: z.enum(['true', 'false']).optional().describe('only the suspended members (true), or only the others (false)'),
  sort: z.enum(MEMBER_SORTS).optional().describe('name (the default) or joined (when they joined the company); then by user id'),
  order: z.enum(['asc', 'desc']).optional().describe('asc (the default) or desc'),
  ...pageQuery,
});

const BASE = '/api/v1/companies/:companyId/members';

/** The list's filters, without its paging: what the count counts and what a bulk change may take. */
const filterFields = listQuery.pick({ q: true, teamId: true, role: true, suspended: true });

/** §4 "Bulk changes": one action, the people named or matched by the list's filters, the team and roles it needs. */
const bulkBody = z
  .strictObject({
    action: z.enum(BULK_ACTIONS),
    userIds: z.array(id).min(1).max(BULK_MEMBERS_MAX).optional().describe('the people, by id; or `filter`'),
    filter: filterFields.optional().describe('every member the list with these filters shows (at most 1,000); or `userIds`'),
    teamId: id.optional().describe('add_to_team, set_team_roles, remove_from_team: the team'),
    roles: teamRoles.optional().describe('add_to_team, set_team_roles: the whole new set of roles there'),
  })
  .superRefine((body, ctx) => {
    if ((body.userIds === undefined) === (body.filter === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['userIds'], message: 'Give either userIds or filter' });
    }
    const needs = (field: 'teamId' | 'roles', actions: readonly string[]) => {
      const needed = actions.includes(body.action);
      if (needed !== (body[field] !== undefined)) {
        ctx.addIssue({ code: 'custom', path: [field], message: needed ? `${body.action} needs ${field}` : `${body.action} takes no ${field}` });
      }
    };
    needs('teamId', TEAM_BULK_ACTIONS);
    needs('roles', ROLE_BULK_ACTIONS);
  });

/** The command's input from a checked body (superRefine has made sure of the team and roles). */
function bulkInputOf(body: z.output<typeof bulkBody>, userIds: string[]): BulkInput {
  const { action, teamId = '', roles = [] } = body;
  if (action === 'add_to_team' || action === 'set_team_roles') return { action, userIds, teamId, roles };
  if (action === 'remove_from_team') return { action, userIds, teamId };
  return { action, userIds };
}

/** The members list as sent: a page of members, with what the caller may do to each. */
export const membersListShape = page(memberShape).extend({ policies: z.array(memberPolicyShape) });

/**
 * The members list's bytes: what Fastify's zod serialiser makes of `membersListShape` (every field
 * of the shape, in its order, and no other), written out field by field rather than checked
 * against the schema item by item first (zod's check of a page of 50 cost more than writing it
 * out; docs/PERFORMANCE.md). The types hold the values to the shape;
 * test/http/members-list-json.test.ts compares the two serialisations byte for byte.
 */
export function membersListJson({ items, nextCursor, policies }: MembersPage): string {
  return JSON.stringify({
    items: items.map((member) => ({
      userId: member.userId,
      name: member.name,
      email: member.email,
      isOwner: member.isOwner,
      companyRoles: member.companyRoles,
      teams: member.teams.map(({ teamId, teamName, roles }) => ({ teamId, teamName, roles })),
      suspendedAt: member.suspendedAt,
      joinedAt: member.joinedAt,
      // Only for the owner and admins; JSON leaves them out for other viewers, as zod's serialiser does.
      lacksTwoFactor: member.lacksTwoFactor,
      twoFactorEnabled: member.twoFactorEnabled,
      lastActiveOn: member.lastActiveOn,
    })),
    nextCursor,
    policies: policies.map(({ userId, can }) => ({ userId, can })),
  } satisfies z.output<typeof membersListShape>);
}

export function memberRoutes(app: App, services: Services): void {
  const membersPages = new MembersPages(services.config.responseCacheBytes, membersListJson);
  app.get(
    BASE,
    {
      schema: {
        params: z.strictObject({ companyId: id }),
        querystring: listQuery,
        response: {
          200: membersListShape,
          304: z.null().describe('Not Modified: the If-None-Match header named the ETag of this very page'),
        },
      },
    },
    async (request, reply) => {
      const page = await membersPages.read(services.db, userIdOf(request), request.params.companyId, request.query, encodingFor(request));
      // A browser that holds the same bytes gets 304 Not Modified (ETag); one that accepts gzip gets the
      // page gzipped, compressed once per remembered page.
      return sendRemembered(request, reply, page);
    },
  );

  app.get(
    `${BASE}/count`,
    {
      schema: {
        params: z.strictObject({ companyId: id }),
        querystring: filterFields,
        response: { 200: z.object({ total: z.number().int() }) },
      },
    },
    async (request) => ({ total: await countMembers(services.db, userIdOf(request), request.params.companyId, request.query) }),
  );

  app.post(
    `${BASE}/bulk`,
    {
      schema: {
        params: z.strictObject({ companyId: id }),
        body: bulkBody,
        response: { 200: z.object({ items: z.array(bulkOutcomeShape) }) },
      },
    },
    async (request) => {
      const { companyId } = request.params;
      const { userIds, filter } = request.body;
      const targets = await bulkTargets(services.db, userIdOf(request), companyId, filter === undefined ? { userIds: userIds ?? [] } : { filter });
      const outcomes = await bulkChangeMembers(contextOf(services, request), companyId, bulkInputOf(request.body, targets.map((target) => target.userId)));
      const names = new Map(targets.map((target) => [target.userId, target.name]));
      return { items: outcomes.map((outcome) => ({ ...outcome, name: names.get(outcome.userId) ?? null })) };
    },
  );

  app.get(
    `${BASE}/:userId`,
    {
      schema: {
        params: memberParams,
        response: {
          200: memberDetailsShape,
        },
      },
    },
    async (request) =>
      getMemberDetails(services.db, userIdOf(request), request.params.companyId, request.params.userId),
  );

  app.put(
    `${BASE}/:userId/teams/:teamId`,
    {
      schema: {
        params: teamMembershipParams,
        body: z.strictObject({ roles: teamRoles }),
        response: { 200: z.object({ member: memberShape }) },
      },
    },
    async (request) => {
      const { companyId, userId, teamId } = request.params;
      const { member, viewer } = await setTeamRoles(contextOf(services, request), companyId, {
        userId,
        teamId,
        roles: request.body.roles,
      });
      return { member: presentMember(member, viewer) };
    },
  );

  app.delete(
    `${BASE}/:userId/teams/:teamId`,
    {
      schema: {
        params: teamMembershipParams,
        response: { 200: z.object({ member: memberShape.nullable(), leftCompany: z.boolean() }) },
      },
    },
    async (request) => {
      const { companyId, userId, teamId } = request.params;
      const { member, viewer, leftCompany } = await removeFromTeam(contextOf(services, request), companyId, { userId, teamId });
      return { member: member && presentMember(member, viewer), leftCompany };
    },
  );

  app.put(
    `${BASE}/:userId/company-roles`,
    {
      schema: {
        params: memberParams,
        body: z.strictObject({ roles: companyRoles }),
        response: { 200: z.object({ member: memberShape }) },
      },
    },
    async (request) => {
      const { companyId, userId } = request.params;
      const { member, viewer } = await setCompanyRoles(contextOf(services, request), companyId, { userId, roles: request.body.roles });
      return { member: presentMember(member, viewer) };
    },
  );

  // §4 "Suspend and reinstate": the member as the command leaves them; the same again changes nothing.
  for (const [action, command] of [['suspend', suspendMember], ['reinstate', reinstateMember]] as const) {
    app.post(
      `${BASE}/:userId/${action}`,
      { schema: { params: memberParams, response: { 200: z.object({ member: memberShape }) } } },
      async (request) => {
        const { companyId, userId } = request.params;
        const { member, viewer } = await command(contextOf(services, request), companyId, { userId });
        return { member: presentMember(member, viewer) };
      },
    );
  }

  app.delete(`${BASE}/:userId`, { schema: { params: memberParams } }, async (request, reply) => {
    const { companyId, userId } = request.params;
    await removeFromCompany(contextOf(services, request), companyId, { userId });
    return reply.code(204).send();
  });
}
