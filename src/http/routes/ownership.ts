import { z } from 'zod';
import { transferOwnership } from '../../commands/transfer-ownership.js';
import { presentCompany } from '../../presenters/companies.js';
import type { App } from '../app.js';
import { rateLimitHooks } from '../rate-limits.js';
import { companyParams, companyShape, id, passwordAttempt } from '../schemas.js';
import { contextOf, type Services } from '../services.js';

export function ownershipRoutes(app: App, services: Services): void {
  const limits = rateLimitHooks(app, services);

  app.post(
    '/api/v1/companies/:companyId/ownership',
    {
      // The password confirmation is a sign-in attempt in all but name: the same limits guard it.
      preHandler: limits.passwordConfirmation,
      schema: {
        params: companyParams,
        body: z.strictObject({ userId: id, password: passwordAttempt }),
        response: { 200: z.object({ company: companyShape }) },
      },
    },
    async (request) => {
      const company = await transferOwnership(contextOf(services, request), request.params.companyId, request.body);
      return { company: presentCompany(company) };
    },
  );
}
