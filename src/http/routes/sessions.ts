import { z } from 'zod';
import { deleteAccount } from '../../commands/delete-account.js';
import { endOtherSessions } from '../../commands/end-other-sessions.js';
import { endSession } from '../../commands/end-session.js';
import { listSessions } from '../../queries/security.js';
import type { App } from '../app.js';
import { clearSessionCookie } from '../cookies.js';
import { rateLimitHooks } from '../rate-limits.js';
import { id, passwordAttempt } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

/** One of the user's sessions as listed: never its secret or its hash. */
const sessionShape = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  /** The short form of the User-Agent that signed in ("Firefox on Windows"); null when none was sent. */
  client: z.string().nullable(),
  ip: z.string().nullable(),
  /** The session of this request. */
  current: z.boolean(),
});

/** The account's sessions and its deletion (docs/API.md "Sessions and deleting the account"). */
export function sessionRoutes(app: App, services: Services): void {
  const limits = rateLimitHooks(app, services);

  app.get(
    '/api/v1/me/sessions',
    { schema: { response: { 200: z.object({ items: z.array(sessionShape) }) } } },
    async (request) =>
      listSessions(services.db, userIdOf(request), request.sessionId ?? undefined, {
        now: services.now(),
        idleMs: services.config.sessionIdleDays * 86_400_000,
      }),
  );

  // Ending sessions needs a session (commands/sessions-shared.ts, requireSession).
  app.delete(
    '/api/v1/me/sessions/:sessionId',
    { schema: { params: z.strictObject({ sessionId: id }) } },
    async (request, reply) => {
      const { current } = await endSession(contextOf(services, request), request.params.sessionId);
      if (current) clearSessionCookie(reply);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/me/sessions/end-others',
    { schema: { response: { 200: z.object({ sessions: z.number().int() }) } } },
    async (request) => endOtherSessions(contextOf(services, request)),
  );

  app.post(
    '/api/v1/me/delete',
    {
      // The password confirmation is a sign-in attempt in all but name: the same limits guard it.
      preHandler: limits.passwordConfirmation,
      schema: {
        body: z.strictObject({ password: passwordAttempt }),
        response: { 200: z.object({ companiesLeft: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const result = await deleteAccount(contextOf(services, request), request.body);
      clearSessionCookie(reply);
      return result;
    },
  );
}
