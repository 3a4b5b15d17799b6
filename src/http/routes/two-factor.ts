import { z } from 'zod';
import { disableTwoFactor } from '../../commands/disable-two-factor.js';
import { enableTwoFactor } from '../../commands/enable-two-factor.js';
import { reauthenticate } from '../../commands/reauthenticate.js';
import { regenerateRecoveryCodes } from '../../commands/regenerate-recovery-codes.js';
import { setTwoFactorRule } from '../../commands/set-two-factor-rule.js';
import { startTwoFactor } from '../../commands/start-two-factor.js';
import { TWO_FACTOR_RULES } from '../../domain/two-factor-rule.js';
import { presentCompany } from '../../presenters/companies.js';
import { twoFactorStatus } from '../../queries/two-factor.js';
import type { App } from '../app.js';
import { rateLimitHooks } from '../rate-limits.js';
import { companyParams, companyShape, passwordAttempt, recoveryCode, totpCode } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });

/** Signing in again, two-factor authentication, and a company's two-factor rule. */
export function twoFactorRoutes(app: App, services: Services): void {
  const limits = rateLimitHooks(app, services);

  // Signing in again for a sensitive change: a password attempt (and a code), limited as sign-in is.
  app.post(
    '/api/v1/me/reauthenticate',
    {
      preHandler: limits.passwordConfirmation,
      schema: {
        body: z.strictObject({ password: passwordAttempt, code: totpCode.optional(), recoveryCode: recoveryCode.optional() }),
        response: { 200: z.object({ authenticatedAt: z.string() }) },
      },
    },
    async (request) => reauthenticate(contextOf(services, request), request.body),
  );

  app.get(
    '/api/v1/me/two-factor',
    {
      schema: {
        response: { 200: z.object({ enabled: z.boolean(), enabledAt: z.string().nullable(), recoveryCodesLeft: z.number().int() }) },
      },
    },
    async (request) => twoFactorStatus(services.db, userIdOf(request)),
  );

  // Enrolment, step one: a new secret and its otpauth:// URI (for the QR code). Not yet on.
  app.post(
    '/api/v1/me/two-factor',
    { schema: { response: { 201: z.object({ secret: z.string(), uri: z.string() }) } } },
    async (request, reply) => reply.code(201).send(await startTwoFactor(contextOf(services, request))),
  );

  // Enrolment, step two: a current code turns it on; the recovery codes are shown this once.
  app.post(
    '/api/v1/me/two-factor/enable',
    {
      preHandler: limits.passwordConfirmation,
      schema: { body: z.strictObject({ code: totpCode }), response: { 200: recoveryCodes } },
    },
    async (request) => enableTwoFactor(contextOf(services, request), request.body),
  );

  app.post(
    '/api/v1/me/two-factor/disable',
    {
      preHandler: limits.passwordConfirmation,
      schema: {
        body: z
          .strictObject({ password: passwordAttempt, code: totpCode.optional(), recoveryCode: recoveryCode.optional() })
          .refine((body) => (body.code === undefined) !== (body.recoveryCode === undefined), 'Give a code or a recovery code'),
      },
    },
    async (request, reply) => {
      await disableTwoFactor(contextOf(services, request), request.body);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/me/two-factor/recovery-codes',
    { schema: { response: { 200: recoveryCodes } } },
    async (request) => regenerateRecoveryCodes(contextOf(services, request)),
  );

  app.put(
    '/api/v1/companies/:companyId/two-factor-rule',
    {
      schema: {
        params: companyParams,
        body: z.strictObject({ rule: z.enum(TWO_FACTOR_RULES) }),
        response: { 200: z.object({ company: companyShape }) },
      },
    },
    async (request) => ({
      company: presentCompany(await setTwoFactorRule(contextOf(services, request), request.params.companyId, request.body.rule)),
    }),
  );
}
