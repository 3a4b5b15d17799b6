import { z } from 'zod';
import { removeFromCompany } from '../../commands/remove-from-company.js';
import { removeFromTeam } from '../../commands/remove-from-team.js';
import { setCompanyRoles } from '../../commands/set-company-roles.js';
import { setTeamRoles } from '../../commands/set-team-roles.js';
import { COMPANY_ROLES, TEAM_ROLES } from '../../domain/roles.js';
import { presentMember } from '../../presenters/members.js';
import { getMemberDetails, membersPage } from '../../queries/members.js';
import { membershipRevisionFor, readAsMember } from '../../queries/scope.js';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { encodingFor, ResponseCache, sendRemembered } from '../response-cache.js';
import type { App } from '../app.js';
import {
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

const listQuery = z.strictObject({
  q: z.string().max(200).optional(),
  teamId: id.optional(),
  role: z.enum(['owner', ...COMPANY_ROLES, ...TEAM_ROLES]).optional(),
  qualifies: z.literal('contact_person').optional().describe('only who may be the contact person of a contract in teamId'),
  ...pageQuery,
});

const BASE = '/api/v1/companies/:companyId/members';

export function memberRoutes(app: App, services: Services): void {
  // The members list is the page every member opens first and reloads most. Its body is
  // remembered per viewer and query under the company's membership revision, which is read afresh
  // on every request: a change anyone makes, in any process, to the company, its members, teams or
  // roles is a new revision and so a new key (§6 "read afresh" holds; only the unchanged page is
  // not rebuilt). Finding a page needs only that revision and that the viewer is still a member:
  // the same revision means the same roles. Otherwise the viewer's roles are read (NOT_FOUND for a
  // non-member) and the page is built.
  // A browser that holds the same bytes gets 304 Not Modified (ETag); one that accepts gzip gets the
  // page gzipped, compressed once per remembered page.
  const membersList = page(memberShape).extend({ policies: z.array(memberPolicyShape) });
  // The same serialiser Fastify would run on the route's answer, run once per remembered page.
  const serializeList = serializerCompiler({ schema: membersList, method: 'GET', url: BASE, httpStatus: '200' });
  const remembered = new ResponseCache(services.config.responseCacheBytes);
  app.get(
    BASE,
    {
      schema: {
        params: z.strictObject({ companyId: id }),
        querystring: listQuery,
        response: {
          200: membersList,
          304: z.null().describe('Not Modified: the If-None-Match header named the ETag of this very page'),
        },
      },
    },
    async (request, reply) => {
      const viewerId = userIdOf(request);
      const { companyId } = request.params;
      const keyAt = (revision: number) => ({ scope: companyId, revision, variant: JSON.stringify([viewerId, request.query]) });
      const encoding = encodingFor(request);
      const revision = await membershipRevisionFor(services.db, viewerId, companyId);
      const found = revision === undefined ? undefined : remembered.find(keyAt(revision), encoding);
      if (found) return sendRemembered(request, reply, found);
      const scope = await readAsMember(services.db, viewerId, companyId);
      const made = await remembered.get(keyAt(scope.company.membershipRevision), encoding, async () =>
        serializeList(await membersPage(services.db, scope, request.query)),
      );
      return sendRemembered(request, reply, made);
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

  app.delete(`${BASE}/:userId`, { schema: { params: memberParams } }, async (request, reply) => {
    const { companyId, userId } = request.params;
    await removeFromCompany(contextOf(services, request), companyId, { userId });
    return reply.code(204).send();
  });
}
