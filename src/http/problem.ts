import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, ERROR_STATUS, type ErrorCode } from '../domain/errors.js';
import { isUnavailable, RETRY_AFTER_SECONDS } from './unavailable.js';

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  UNAUTHENTICATED: 'Sign in first',
  FORBIDDEN: 'You may not do this',
  CSRF_REJECTED: 'Cross-site request refused',
  INVITATION_EMAIL_MISMATCH: 'This invitation is for another email address',
  EMAIL_NOT_VERIFIED: 'Verify your email address first',
  NOT_FOUND: 'Not found',
  CONTACT_PERSON_ON_ACTIVE_CONTRACT: 'This person is the contact person on active contracts',
  OWNER_CANNOT_BE_REMOVED: 'The account owner cannot be removed',
  ALREADY_MEMBER: 'Already a member',
  INVITATION_ALREADY_PENDING: 'An invitation is already pending',
  NOT_HIRING_MANAGER: 'The contact person must be a hiring manager of the team',
  EMAIL_TAKEN: 'An account with this email exists',
  TEAM_NAME_TAKEN: 'A team with this name exists',
  CONFLICT: 'Conflict',
  INVITATION_EXPIRED: 'This invitation has expired',
  INVITATION_NOT_PENDING: 'This invitation is no longer pending',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Send JSON',
  RATE_LIMITED: 'Too many requests',
  SERVICE_UNAVAILABLE: 'Service unavailable',
};

/** Sends an RFC 9457 problem document: `{ type, title, status, code, detail, ...extra }`. */
export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  const status = ERROR_STATUS[code];
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: `about:blank#${code}`, title: TITLES[code], status, code, detail, ...extra });
}

/** Fastify's own error codes that mean the client sent something wrong. */
const FASTIFY_CODES: Partial<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/** Turns every error into problem+json; unexpected ones are logged and answered 500 without details. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof DomainError) {
    // RFC 9110 Retry-After for 429s: a DomainError carries the wait in `retryAfterSeconds`.
    const { retryAfterSeconds } = error.extra;
    if (typeof retryAfterSeconds === 'number') void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))));
    return sendProblem(reply, error.code, error.message, error.extra);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => ({
      path: `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`,
      message: issue.message ?? 'is not valid',
    }));
    return sendProblem(reply, 'VALIDATION_FAILED', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
      errors,
    });
  }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return sendProblem(reply, mapped, error.message);
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return sendProblem(reply, 'VALIDATION_FAILED', 'The body is not valid JSON');
  }
  if (error.statusCode === 429) return sendProblem(reply, 'RATE_LIMITED', error.message);
  if (isUnavailable(error)) {
    // A warning, with its cause: the operator needs to know, but nothing in Roster failed.
    request.log.warn({ err: error }, 'a dependency is unavailable');
    return sendUnavailable(reply, 'A service Roster depends on does not answer right now; try again in a few seconds');
  }
  request.log.error({ err: error }, 'request failed');
  return reply
    .code(500)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: 'Internal error', status: 500, code: 'INTERNAL', detail: 'Something went wrong' });
}

/** 503 SERVICE_UNAVAILABLE with Retry-After: the database or Redis cannot answer now (unavailable.ts), or the server is stopping. */
export function sendUnavailable(reply: FastifyReply, detail: string): FastifyReply {
  void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return sendProblem(reply, 'SERVICE_UNAVAILABLE', detail);
}
