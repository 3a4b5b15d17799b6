import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { companyTokenFor } from '../../auth/company-tokens.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { ACTIONS } from '../../domain/roles.js';
import { PermissionCheck } from '../../queries/permissions.js';
import type { App } from '../app.js';
import { companyParams, id } from '../schemas.js';
import type { Services } from '../services.js';

/** The most questions one call may ask. */
export const MAX_PERMISSION_CHECKS = 1000;

const question = z.strictObject({ userId: id, action: z.enum(ACTIONS), teamId: id.optional() });
const answer = z.object({
  allowed: z.boolean(),
  reason: z.enum(['not_a_member', 'suspended', 'two_factor_required', 'unknown_team', 'not_allowed']).optional(),
});

/**
 * The permission check (API.md "The permission check"): the company's other systems ask what
 * members may do, with a company API token (`Bearer rco_…`) of that company, never a person's
 * session or token.
 */
export function permissionRoutes(app: App, services: Services): void {
  const check = new PermissionCheck();
  const companyOfToken = async (request: FastifyRequest): Promise<string> => {
    const header = request.headers.authorization;
    const found = header?.startsWith('Bearer ') ? await companyTokenFor(services.db, 'api', header.slice('Bearer '.length).trim(), services.now()) : null;
    if (!found) throw new DomainError('UNAUTHENTICATED', 'Present a live company API token: Authorization: Bearer rco_…');
    return found.companyId;
  };

  app.post(
    '/api/v1/companies/:companyId/permissions/check',
    {
      // The token, not a session, authenticates: the app's own hook lets the route through.
      config: { public: true },
      schema: {
        params: companyParams,
        body: z.strictObject({ checks: z.array(question).min(1).max(MAX_PERMISSION_CHECKS) }),
        response: { 200: z.object({ results: z.array(answer) }) },
      },
    },
    async (request) => {
      const companyId = await companyOfToken(request);
      // Another company's token learns nothing of this one, not even that it exists.
      if (companyId !== request.params.companyId) throw notFound('Company');
      return { results: await check.answer(services.db, companyId, request.body.checks) };
    },
  );
}
