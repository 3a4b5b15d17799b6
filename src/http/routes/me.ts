import { z } from 'zod';
import { createApiToken, deleteApiToken } from '../../commands/sessions.js';
import { getMe } from '../../queries/me.js';
import type { App } from '../app.js';
import { companyRole, companyShape, id, teamRole, userShape } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

export function meRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/me',
    {
      schema: {
        response: {
          200: z.object({
            user: userShape,
            companies: z.array(
              z.object({
                company: companyShape,
                isOwner: z.boolean(),
                companyRoles: z.array(companyRole),
                teams: z.array(z.object({ teamId: z.string(), teamName: z.string(), roles: z.array(teamRole) })),
              }),
            ),
          }),
        },
      },
    },
    async (request) => getMe(services.db, userIdOf(request)),
  );

  app.post(
    '/api/v1/me/tokens',
    {
      schema: {
        body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        response: { 201: z.object({ id: z.string(), name: z.string(), token: z.string() }) },
      },
    },
    async (request, reply) => reply.code(201).send(await createApiToken(contextOf(services, request), request.body)),
  );

  app.delete(
    '/api/v1/me/tokens/:tokenId',
    { schema: { params: z.strictObject({ tokenId: id }) } },
    async (request, reply) => {
      await deleteApiToken(contextOf(services, request), request.params.tokenId);
      return reply.code(204).send();
    },
  );
}
