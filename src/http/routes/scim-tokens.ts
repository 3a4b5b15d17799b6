import { z } from 'zod';
import { createScimToken } from '../../commands/create-scim-token.js';
import { revokeScimToken } from '../../commands/revoke-scim-token.js';
import { presentScimToken, scimBase } from '../../presenters/scim.js';
import { listScimTokens } from '../../queries/scim.js';
import type { App } from '../app.js';
import { companyParams, id, nameText, scimTokenShape } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

/** The owner's SCIM tokens of a company (API.md "SCIM"). */
export function scimTokenRoutes(app: App, services: Services): void {
  const endpoint = scimBase(services.config.baseUrl);
  app.get(
    '/api/v1/companies/:companyId/scim-tokens',
    { schema: { params: companyParams, response: { 200: z.object({ items: z.array(scimTokenShape), endpoint: z.string() }) } } },
    async (request) => ({ ...(await listScimTokens(services.db, userIdOf(request), request.params.companyId)), endpoint }),
  );

  app.post(
    '/api/v1/companies/:companyId/scim-tokens',
    {
      schema: {
        params: companyParams,
        body: z.strictObject({ name: nameText(100) }),
        response: { 201: z.object({ scimToken: scimTokenShape, token: z.string(), endpoint: z.string() }) },
      },
    },
    async (request, reply) => {
      const { row, token } = await createScimToken(contextOf(services, request), request.params.companyId, request.body);
      return reply.code(201).send({ scimToken: presentScimToken(row), token, endpoint });
    },
  );

  app.delete(
    '/api/v1/companies/:companyId/scim-tokens/:tokenId',
    { schema: { params: z.strictObject({ companyId: id, tokenId: id }) } },
    async (request, reply) => {
      await revokeScimToken(contextOf(services, request), request.params.companyId, request.params.tokenId);
      return reply.code(204).send();
    },
  );
}
