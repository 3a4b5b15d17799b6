import { z } from 'zod';
import { createCompany } from '../../commands/create-company.js';
import { getCompany } from '../../queries/me.js';
import { presentCompany } from '../../presenters/companies.js';
import type { App } from '../app.js';
import { companyParams, companyViewShape, companyShape, nameText } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

export const companyName = nameText(200);

export function companyRoutes(app: App, services: Services): void {
  app.post(
    '/api/v1/companies',
    {
      schema: {
        body: z.strictObject({ name: companyName }),
        response: { 201: z.object({ company: companyShape }) },
      },
    },
    async (request, reply) => {
      const company = await createCompany(contextOf(services, request), request.body);
      return reply.code(201).send({ company: presentCompany(company) });
    },
  );

  app.get(
    '/api/v1/companies/:companyId',
    {
      schema: {
        params: companyParams,
        response: { 200: companyViewShape },
      },
    },
    async (request) => getCompany(services.db, userIdOf(request), request.params.companyId),
  );
}
