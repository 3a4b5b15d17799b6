import { z } from 'zod';
import { completeSsoSignIn, SsoSignInFailed } from '../../commands/complete-sso-sign-in.js';
import { configureSso } from '../../commands/configure-sso.js';
import { removeSso } from '../../commands/remove-sso.js';
import { startSsoSignIn } from '../../commands/start-sso-sign-in.js';
import { DomainError } from '../../domain/errors.js';
import { readSsoSettings } from '../../queries/sso.js';
import type { App } from '../app.js';
import { setSessionCookie } from '../cookies.js';
import { PAGE_PATHS } from '../page-paths.js';
import { rateLimitHooks } from '../rate-limits.js';
import { companyParams, email, ssoShape } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

/** The browser's half of a sign-in sent to the provider: its state, for the callback to match. */
export const SSO_COOKIE = 'roster_sso';
const SSO_COOKIE_PATH = '/api/v1/auth/sso';

/** A path of the page to go to after signing in: on this site only (never `//host`). */
const nextPath = z
  .string()
  .max(1000)
  .refine((path) => path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\'), 'A path of this site');

const settingsAnswer = z.object({ sso: ssoShape.nullable(), redirectUri: z.string() });

/** Single sign-on with OpenID Connect (API.md "Single sign-on"): the company's settings, and signing in. */
export function ssoRoutes(app: App, services: Services): void {
  const limits = rateLimitHooks(app, services);
  const read = (userId: string, companyId: string) => readSsoSettings(services.db, userId, companyId, services.config.baseUrl);

  app.get('/api/v1/companies/:companyId/sso', { schema: { params: companyParams, response: { 200: settingsAnswer } } }, async (request) =>
    read(userIdOf(request), request.params.companyId),
  );

  app.put(
    '/api/v1/companies/:companyId/sso',
    {
      schema: {
        params: companyParams,
        body: z.strictObject({
          issuer: z.string().trim().min(1).max(500),
          clientId: z.string().trim().min(1).max(300),
          clientSecret: z.string().min(1).max(1000).optional(),
          domains: z.array(z.string().min(1).max(300)).min(1).max(50),
          enforced: z.boolean(),
        }),
        response: { 200: settingsAnswer },
      },
    },
    async (request) => {
      await configureSso(contextOf(services, request), request.params.companyId, request.body);
      return read(userIdOf(request), request.params.companyId);
    },
  );

  app.delete('/api/v1/companies/:companyId/sso', { schema: { params: companyParams } }, async (request, reply) => {
    await removeSso(contextOf(services, request), request.params.companyId);
    return reply.code(204).send();
  });

  app.post(
    '/api/v1/auth/sso/start',
    {
      config: { public: true },
      preHandler: limits.signIn,
      schema: {
        body: z.strictObject({ email, next: nextPath.optional() }),
        response: { 200: z.object({ redirect: z.string(), expiresAt: z.string() }) },
      },
    },
    async (request, reply) => {
      const started = await startSsoSignIn(contextOf(services, request), request.body);
      void reply.setCookie(SSO_COOKIE, started.state, {
        httpOnly: true,
        // Lax: the provider sends the browser back by a top-level GET, which carries it.
        sameSite: 'lax',
        secure: services.config.baseUrl.startsWith('https:'),
        path: SSO_COOKIE_PATH,
        maxAge: 600,
      });
      return { redirect: started.redirect, expiresAt: started.expiresAt };
    },
  );

  // The provider sends the browser here; every outcome is a redirect to a page of the site.
  app.get(
    '/api/v1/auth/sso/callback',
    { config: { public: true }, preHandler: limits.tokenGuesses, schema: { response: { 302: z.null() } } },
    async (request, reply) => {
      void reply.clearCookie(SSO_COOKIE, { path: SSO_COOKIE_PATH });
      let target: string;
      try {
        const signedIn = await completeSsoSignIn(contextOf(services, request), {
          callbackUrl: new URL(request.url, services.config.baseUrl),
          browserState: request.cookies[SSO_COOKIE],
        });
        setSessionCookie(reply, services, signedIn.sessionSecret);
        target = signedIn.next ?? PAGE_PATHS.home;
      } catch (error) {
        if (error instanceof SsoSignInFailed) target = `${PAGE_PATHS.ssoSignIn}?error=${error.reason}`;
        // A deleted account, and the like: told as an answer that did not pass.
        else if (error instanceof DomainError && error.status < 500) target = `${PAGE_PATHS.ssoSignIn}?error=invalid`;
        else throw error;
      }
      return reply.redirect(target, 302);
    },
  );
}
