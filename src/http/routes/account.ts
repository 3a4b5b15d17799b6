import { z } from 'zod';
import { cancelEmailChange } from '../../commands/cancel-email-change.js';
import { changePassword } from '../../commands/change-password.js';
import { confirmEmailChange } from '../../commands/confirm-email-change.js';
import { requestEmailChange } from '../../commands/request-email-change.js';
import { requestPasswordReset } from '../../commands/request-password-reset.js';
import { resetPassword } from '../../commands/reset-password.js';
import { updateProfile } from '../../commands/update-profile.js';
import { getEmailSettings } from '../../queries/account.js';
import { presentUser } from '../../presenters/users.js';
import { runAfterAnswer, workAfterAnswers } from '../after-answer.js';
import type { App } from '../app.js';
import { rateLimitHooks } from '../rate-limits.js';
import { email, language, newPassword, passwordAttempt, personName, secretToken, userShape } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

/** One's own account: the password (forgotten, or changed), the name, the email. */
export function accountRoutes(app: App, services: Services): void {
  const limits = rateLimitHooks(app, services);
  // A closing server finishes the reset requests it has answered.
  app.addHook('onClose', () => workAfterAnswers(services));

  // Always 202, at once: whether the email has an account is found out only after the answer has gone.
  app.post(
    '/api/v1/auth/forgot-password',
    {
      config: { public: true },
      preHandler: limits.passwordReset,
      schema: { body: z.strictObject({ email }) },
    },
    async (request, reply) => {
      const ctx = contextOf(services, request);
      const asked = request.body.email;
      await reply.code(202).send();
      runAfterAnswer(services, request.log, () => requestPasswordReset(ctx, asked));
      return reply;
    },
  );

  app.post(
    '/api/v1/auth/reset-password',
    {
      config: { public: true },
      preHandler: limits.tokenGuesses,
      schema: { body: z.strictObject({ token: secretToken, password: newPassword }) },
    },
    async (request, reply) => {
      await resetPassword(contextOf(services, request), request.body);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/auth/confirm-email',
    {
      config: { public: true },
      preHandler: limits.tokenGuesses,
      schema: { body: z.strictObject({ token: secretToken }), response: { 200: z.object({ user: userShape }) } },
    },
    async (request) => ({ user: presentUser(await confirmEmailChange(contextOf(services, request), request.body.token)) }),
  );

  app.patch(
    '/api/v1/me',
    {
      schema: {
        body: z
          .strictObject({ name: personName.optional(), language: language.optional() })
          .refine((body) => body.name !== undefined || body.language !== undefined, 'Give the name, the language or both'),
        response: { 200: z.object({ user: userShape }) },
      },
    },
    async (request) => ({ user: presentUser(await updateProfile(contextOf(services, request), request.body)) }),
  );

  app.post(
    '/api/v1/me/password',
    {
      // The current password is a sign-in attempt in all but name: the same limits guard it.
      preHandler: limits.passwordConfirmation,
      schema: {
        body: z.strictObject({ currentPassword: passwordAttempt, newPassword }),
        response: { 200: z.object({ sessionsEnded: z.number().int() }) },
      },
    },
    async (request) => changePassword(contextOf(services, request), request.body),
  );

  app.get(
    '/api/v1/me/email',
    { schema: { response: { 200: emailSettingsShape } } },
    async (request) => getEmailSettings(services.db, userIdOf(request), services.now()),
  );

  app.post(
    '/api/v1/me/email',
    {
      schema: { body: z.strictObject({ email }), response: { 202: z.object({ pending: pendingShape }) } },
    },
    async (request, reply) => reply.code(202).send({ pending: await requestEmailChange(contextOf(services, request), request.body) }),
  );

  app.delete('/api/v1/me/email/pending', async (request, reply) => {
    await cancelEmailChange(contextOf(services, request));
    return reply.code(204).send();
  });
}

const pendingShape = z.object({ email: z.string(), expiresAt: z.string() });
const emailSettingsShape = z.object({ email: z.string(), emailVerified: z.boolean(), pending: pendingShape.nullable() });
