import { z } from 'zod';
import { reauthenticate } from '../../commands/reauthenticate.js';
import type { App } from '../app.js';
import { rateLimitHooks } from '../rate-limits.js';
import { passwordAttempt } from '../schemas.js';
import { contextOf, type Services } from '../services.js';

/** Signing in again, two-factor authentication, and a company's two-factor rule. */
export function twoFactorRoutes(app: App, services: Services): void {
  const limits = rateLimitHooks(app, services);

  // Signing in again for a sensitive change: a password attempt, limited as sign-in is.
  app.post(
    '/api/v1/me/reauthenticate',
    {
      preHandler: limits.passwordConfirmation,
      schema: {
        body: z.strictObject({ password: passwordAttempt }),
        response: { 200: z.object({ authenticatedAt: z.string() }) },
      },
    },
    async (request) => reauthenticate(contextOf(services, request), request.body),
  );
}
