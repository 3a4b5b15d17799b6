import { z } from 'zod';
import type { CompanyTokenKind } from '../../auth/company-tokens.js';
import { createCompanyToken, revokeCompanyToken } from '../../commands/company-tokens.js';
import { presentCompanyToken } from '../../presenters/company-tokens.js';
import { scimBase } from '../../presenters/scim.js';
import { listCompanyTokens } from '../../queries/company-tokens.js';
import type { App } from '../app.js';
import { companyParams, companyTokenShape, id, nameText } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

/**
 * List, create (the token shown this once) and revoke a company's tokens of one kind, under
 * `/api/v1/companies/:companyId/<segment>`; `extra` goes along with the list and the new token
 * (SCIM: the endpoint the identity provider is given).
 */
function companyTokenRoutesOf(
  app: App,
  services: Services,
  kind: CompanyTokenKind,
  { segment, key, extra }: { segment: string; key: string; extra: Record<string, string> },
): void {
  const base = `/api/v1/companies/:companyId/${segment}`;
  const extraShape = Object.fromEntries(Object.keys(extra).map((key) => [key, z.string()]));
  app.get(
    base,
    { schema: { params: companyParams, response: { 200: z.object({ items: z.array(companyTokenShape), ...extraShape }) } } },
    async (request) => ({ ...(await listCompanyTokens(services.db, kind, userIdOf(request), request.params.companyId)), ...extra }),
  );

  app.post(
    base,
    {
      schema: {
        params: companyParams,
        body: z.strictObject({ name: nameText(100) }),
        response: { 201: z.object({ [key]: companyTokenShape, token: z.string(), ...extraShape }) },
      },
    },
    async (request, reply) => {
      const { row, token } = await createCompanyToken(contextOf(services, request), kind, request.params.companyId, request.body);
      return reply.code(201).send({ [key]: presentCompanyToken(row), token, ...extra });
    },
  );

  app.delete(`${base}/:tokenId`, { schema: { params: z.strictObject({ companyId: id, tokenId: id }) } }, async (request, reply) => {
    await revokeCompanyToken(contextOf(services, request), kind, request.params.companyId, request.params.tokenId);
    return reply.code(204).send();
  });
}

/** The owner's SCIM tokens of a company (API.md "SCIM"). */
export function scimTokenRoutes(app: App, services: Services): void {
  companyTokenRoutesOf(app, services, 'scim', { segment: 'scim-tokens', key: 'scimToken', extra: { endpoint: scimBase(services.config.baseUrl) } });
}

/** The company API tokens of the company's other systems (API.md "The permission check"). */
export function companyApiTokenRoutes(app: App, services: Services): void {
  companyTokenRoutesOf(app, services, 'api', { segment: 'api-tokens', key: 'apiToken', extra: {} });
}
