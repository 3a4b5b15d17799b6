import { z } from 'zod';
import { createTeam } from '../../commands/create-team.js';
import { updateTeam } from '../../commands/update-team.js';
import { presentTeam } from '../../presenters/teams.js';
import { listTeams } from '../../queries/teams.js';
import type { App } from '../app.js';
import { companyParams, id, nameText, teamPolicyShape, teamShape } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

const teamName = nameText(100);
const teamParams = z.strictObject({ companyId: id, teamId: id });

export function teamRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/companies/:companyId/teams',
    { schema: { params: companyParams, response: { 200: z.object({ items: z.array(teamShape), policies: z.array(teamPolicyShape) }) } } },
    async (request) => listTeams(services.db, userIdOf(request), request.params.companyId),
  );

  app.post(
    '/api/v1/companies/:companyId/teams',
    {
      schema: {
        params: companyParams,
        body: z.strictObject({ name: teamName }),
        response: { 201: z.object({ team: teamShape }) },
      },
    },
    async (request, reply) => {
      const { team, memberCount } = await createTeam(contextOf(services, request), request.params.companyId, request.body);
      return reply.code(201).send({ team: presentTeam(team, memberCount) });
    },
  );

  app.patch(
    '/api/v1/companies/:companyId/teams/:teamId',
    {
      schema: {
        params: teamParams,
        body: z.strictObject({ name: teamName.optional(), hidden: z.boolean().optional() }),
        response: { 200: z.object({ team: teamShape }) },
      },
    },
    async (request) => {
      const { companyId, teamId } = request.params;
      const { team, memberCount } = await updateTeam(contextOf(services, request), companyId, teamId, request.body);
      return { team: presentTeam(team, memberCount) };
    },
  );
}
