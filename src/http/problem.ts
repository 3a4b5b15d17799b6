import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
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
  REAUTHENTICATION_REQUIRED: 'Sign in again to confirm it is you',
  TWO_FACTOR_REQUIRED: 'Turn on two-factor authentication first',
  SSO_REQUIRED: 'Sign in with your company’s single sign-on',
  NOT_FOUND: 'Not found',
  CONTACT_PERSON_ON_ACTIVE_CONTRACT: 'This person is the contact person on active contracts',
  OWNER_CANNOT_BE_REMOVED: 'The account owner cannot be removed',
  OWNER_CANNOT_BE_SUSPENDED: 'The account owner cannot be suspended',
  ALREADY_MEMBER: 'Already a member',
  INVITATION_ALREADY_PENDING: 'An invitation is already pending',
  NOT_HIRING_MANAGER: 'The contact person must be a hiring manager of the team',
  EMAIL_TAKEN: 'An account with this email exists',
  TEAM_NAME_TAKEN: 'A team with this name exists',
  CONFLICT: 'Conflict',
  DOMAIN_TAKEN: 'Another company has verified this domain',
  DOMAIN_RECORD_NOT_FOUND: 'The verification record was not found',
  JOIN_REQUEST_ALREADY_PENDING: 'A request to join is already pending',
  SSO_NOT_CONFIGURED: 'No single sign-on covers this email',
  INVITATION_EXPIRED: 'This invitation has expired',
  INVITATION_NOT_PENDING: 'This invitation is no longer pending',
  INVITATION_REPLACED: 'This invitation link was replaced by a newer one',
  PRECONDITION_FAILED: 'The resource has changed since it was read',
  REQUEST_TIMEOUT: 'The request took too long to arrive',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  URI_TOO_LONG: 'The address is too long',
  UNSUPPORTED_MEDIA_TYPE: 'Send JSON',
  RATE_LIMITED: 'Too many requests',
  HEADERS_TOO_LARGE: 'The request headers are too large',
  DNS_LOOKUP_FAILED: 'The DNS lookup failed',
  SSO_DISCOVERY_FAILED: 'The identity provider could not be reached',
  SERVICE_UNAVAILABLE: 'Service unavailable',
};

/** An RFC 9457 problem document: `{ type, title, status, code, detail, ...extra }`. */
const problem = (code: ErrorCode, detail: string, extra: Record<string, unknown> = {}) =>
  ({ type: `about:blank#${code}`, title: TITLES[code], status: ERROR_STATUS[code], code, detail, ...extra });

/** Sends a problem document (`problem`) with its status. */
export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply.code(ERROR_STATUS[code]).type('application/problem+json').send(problem(code, detail, extra));
}

/**
 * Node's HTTP parser refused a request before Fastify saw it ('clientError'): headers (request line
 * included) over the 16 KiB limit, a request that is not HTTP, one that took too long to arrive.
 * Answered on the raw socket with a problem document, like every other error, and the connection
 * closed, since what follows on it cannot be read.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, detail]: [ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['HEADERS_TOO_LARGE', 'The request line and headers exceed 16 KiB']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['REQUEST_TIMEOUT', 'The request did not arrive in time']
        : ['VALIDATION_FAILED', 'The request is not valid HTTP'];
  if (socket.writable) {
    const status = ERROR_STATUS[code];
    const body = JSON.stringify(problem(code, detail));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  } else {
    socket.destroy(error);
  }
}

/** Fastify's own error codes that mean the client sent something wrong. */
const FASTIFY_CODES: Partial<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/** Any other client error Fastify or a plugin raises, by its status; a status without a code of its own is 400. */
const BY_STATUS: Partial<Record<number, ErrorCode>> = {
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
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
  if (error.code === 'FST_ERR_BAD_URL') return sendProblem(reply, 'VALIDATION_FAILED', 'The address holds a malformed %-escape');
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, 'URI_TOO_LONG', 'A part of the address is over 1000 characters');
  if (mapped) return sendProblem(reply, mapped, error.message);
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return sendProblem(reply, 'VALIDATION_FAILED', 'The body is not valid JSON');
  }
  const { statusCode } = error;
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    return sendProblem(reply, BY_STATUS[statusCode] ?? 'VALIDATION_FAILED', error.message);
  }
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
