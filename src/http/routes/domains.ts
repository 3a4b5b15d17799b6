import { z } from 'zod';
import { addDomain } from '../../commands/add-domain.js';
import { checkDomain } from '../../commands/check-domain.js';
import { removeDomain } from '../../commands/remove-domain.js';
import { presentDomain } from '../../presenters/domains.js';
import { listDomains } from '../../queries/domains.js';
import type { App } from '../app.js';
import { companyParams, domainShape, id, joiningShape } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

const domainParams = z.strictObject({ companyId: id, domainId: id });

/** A company's verified domains (API.md "Domains and joining"). */
export function domainRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/companies/:companyId/domains',
    { schema: { params: companyParams, response: { 200: z.object({ items: z.array(domainShape), joining: joiningShape }) } } },
    async (request) => listDomains(services.db, userIdOf(request), request.params.companyId),
  );

  app.post(
    '/api/v1/companies/:companyId/domains',
    {
      schema: {
        params: companyParams,
        body: z.strictObject({ domain: z.string().min(1).max(300) }),
        response: { 201: z.object({ domain: domainShape }) },
      },
    },
    async (request, reply) => {
      const row = await addDomain(contextOf(services, request), request.params.companyId, request.body);
      return reply.code(201).send({ domain: presentDomain(row) });
    },
  );

  app.post(
    '/api/v1/companies/:companyId/domains/:domainId/check',
    { schema: { params: domainParams, response: { 200: z.object({ domain: domainShape }) } } },
    async (request) => {
      const row = await checkDomain(contextOf(services, request), request.params.companyId, request.params.domainId);
      return { domain: presentDomain(row) };
    },
  );

  app.delete(
    '/api/v1/companies/:companyId/domains/:domainId',
    { schema: { params: domainParams } },
    async (request, reply) => {
      await removeDomain(contextOf(services, request), request.params.companyId, request.params.domainId);
      return reply.code(204).send();
    },
  );
}
