import { z } from 'zod';
import { SESSION_COOKIE } from '../../auth/authenticate.js';
import { completeSignIn } from '../../commands/complete-sign-in.js';
import { logIn } from '../../commands/log-in.js';
import { logOutEverywhere } from '../../commands/log-out-everywhere.js';
import { logOut } from '../../commands/log-out.js';
import { verifyEmail } from '../../commands/verify-email.js';
import { resendVerification } from '../../commands/resend-verification.js';
import { signUp } from '../../commands/sign-up.js';
import { presentUser } from '../../presenters/users.js';
import type { App } from '../app.js';
import { clearSessionCookie, setSessionCookie } from '../cookies.js';
import { rateLimitHooks } from '../rate-limits.js';
import { email, language, newPassword, passwordAttempt, personName, recoveryCode, secretToken, totpCode, userShape } from '../schemas.js';
import { contextOf, type Services } from '../services.js';

const token = secretToken;

export function authRoutes(app: App, services: Services): void {
  const limits = rateLimitHooks(app, services);

  app.post(
    '/api/v1/auth/signup',
    {
      config: { public: true },
      preHandler: limits.signUp,
      schema: {
        body: z.strictObject({ email, name: personName, password: newPassword, invitationToken: token.optional(), language: language.optional() }),
        response: { 201: z.object({ user: userShape, companyId: z.string().nullable() }) },
      },
    },
    async (request, reply) => {
      const { user, sessionSecret, companyId } = await signUp(contextOf(services, request), request.body);
      setSessionCookie(reply, services, sessionSecret);
      return reply.code(201).send({ user: presentUser(user), companyId });
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      preHandler: limits.signIn,
      schema: {
        body: z.strictObject({ email, password: passwordAttempt }),
        response: {
          200: z.union([
            z.object({ user: userShape }),
            // Two-factor on: no session yet; the code goes to /auth/login/two-factor with this challenge.
            z.object({ twoFactor: z.object({ challenge: z.string(), expiresAt: z.string() }) }),
          ]),
        },
      },
    },
    async (request, reply) => {
      const signedIn = await logIn(contextOf(services, request), request.body);
      if (signedIn.challenge) return { twoFactor: { challenge: signedIn.challenge.token, expiresAt: signedIn.challenge.expiresAt } };
      setSessionCookie(reply, services, signedIn.sessionSecret);
      return { user: presentUser(signedIn.user) };
    },
  );

  app.post(
    '/api/v1/auth/login/two-factor',
    {
      config: { public: true },
      preHandler: limits.secondStep,
      schema: {
        body: z
          .strictObject({ challenge: token, code: totpCode.optional(), recoveryCode: recoveryCode.optional() })
          .refine((body) => (body.code === undefined) !== (body.recoveryCode === undefined), 'Give a code or a recovery code'),
        response: { 200: z.object({ user: userShape }) },
      },
    },
    async (request, reply) => {
      const { user, sessionSecret } = await completeSignIn(contextOf(services, request), request.body);
      setSessionCookie(reply, services, sessionSecret);
      return { user: presentUser(user) };
    },
  );

  app.post('/api/v1/auth/logout', { config: { public: true } }, async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) await logOut(contextOf(services, request), secret);
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  // Ends every session of the user, this one included, and with `tokens: true` every API token.
  app.post(
    '/api/v1/auth/logout-everywhere',
    {
      schema: {
        // No body at all is `{ "tokens": false }`.
        body: z.strictObject({ tokens: z.boolean().default(false) }).nullish(),
        response: { 200: z.object({ sessions: z.number().int(), tokens: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const ended = await logOutEverywhere(contextOf(services, request), { tokens: request.body?.tokens ?? false });
      clearSessionCookie(reply);
      return ended;
    },
  );

  app.post(
    '/api/v1/auth/verify-email',
    {
      config: { public: true },
      preHandler: limits.tokenGuesses,
      schema: { body: z.strictObject({ token }), response: { 200: z.object({ user: userShape }) } },
    },
    async (request) => ({ user: presentUser(await verifyEmail(contextOf(services, request), request.body.token)) }),
  );

  // A new verification link for the signed-in user, whose first one was lost or has expired.
  app.post('/api/v1/auth/verify-email/resend', async (request, reply) => {
    await resendVerification(contextOf(services, request));
    return reply.code(204).send();
  });
}
