import { z } from 'zod';
import { SECURITY_EVENT_TYPES } from '../../domain/events.js';
import { createApiToken } from '../../commands/create-api-token.js';
import { deleteApiToken } from '../../commands/delete-api-token.js';
import { getMe } from '../../queries/me.js';
import { listApiTokens, listSecurityEvents } from '../../queries/security.js';
import type { App } from '../app.js';
import { companyRole, companyShape, id, page, pageQuery, teamRole, userShape } from '../schemas.js';
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

  // API tokens: made, and revoked but for itself, from a signed-in session only (commands/sessions-shared.ts, requireSession).
  app.get(
    '/api/v1/me/tokens',
    { schema: { response: { 200: z.object({ items: z.array(apiTokenShape) }) } } },
    async (request) => listApiTokens(services.db, userIdOf(request)),
  );

  app.post(
    '/api/v1/me/tokens',
    {
      schema: {
        body: z.strictObject({
          name: z.string().trim().min(1).max(100),
          /** Omitted or null: the token lasts until revoked. */
          expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
        }),
        response: { 201: apiTokenShape.omit({ lastUsedAt: true }).extend({ token: z.string() }) },
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

  app.get(
    '/api/v1/me/security-events',
    {
      schema: {
        querystring: z.strictObject({ ...pageQuery }),
        response: {
          200: page(
            z.object({
              id: z.string(),
              type: z.enum(SECURITY_EVENT_TYPES),
              data: z.record(z.string(), z.unknown()),
              ip: z.string().nullable(),
              /** The short form of the caller's User-Agent ("Firefox on Windows"); null when none was sent. */
              client: z.string().nullable(),
              createdAt: z.string(),
            }),
          ),
        },
      },
    },
    async (request) => listSecurityEvents(services.db, userIdOf(request), request.query, services.now()),
  );
}

/** An API token as listed: never its secret or its hash. */
const apiTokenShape = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
