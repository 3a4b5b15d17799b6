import { describe, expect, it } from 'vitest';
import { DomainError, ERROR_STATUS, type ErrorCode } from './errors.js';

describe('error codes', () => {
  it('maps every code of API.md to its status', () => {
    const byStatus: Partial<Record<number, ErrorCode[]>> = {};
    for (const [code, status] of Object.entries(ERROR_STATUS)) (byStatus[status] ??= []).push(code as ErrorCode);
    expect(byStatus).toEqual({
      400: ['VALIDATION_FAILED'],
      401: ['UNAUTHENTICATED'],
      403: ['FORBIDDEN', 'CSRF_REJECTED', 'INVITATION_EMAIL_MISMATCH', 'EMAIL_NOT_VERIFIED', 'REAUTHENTICATION_REQUIRED', 'TWO_FACTOR_REQUIRED', 'SSO_REQUIRED'],
      404: ['NOT_FOUND'],
      409: [
        'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
        'OWNER_CANNOT_BE_REMOVED',
        'OWNER_CANNOT_BE_SUSPENDED',
        'ALREADY_MEMBER',
        'INVITATION_ALREADY_PENDING',
        'NOT_HIRING_MANAGER',
        'EMAIL_TAKEN',
        'TEAM_NAME_TAKEN',
        'CONFLICT',
        'DOMAIN_TAKEN',
        'DOMAIN_RECORD_NOT_FOUND',
        'JOIN_REQUEST_ALREADY_PENDING',
        'SSO_NOT_CONFIGURED',
      ],
      410: ['INVITATION_EXPIRED', 'INVITATION_NOT_PENDING', 'INVITATION_REPLACED'],
      412: ['PRECONDITION_FAILED'],
      408: ['REQUEST_TIMEOUT'],
      413: ['PAYLOAD_TOO_LARGE'],
      414: ['URI_TOO_LONG'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      429: ['RATE_LIMITED'],
      431: ['HEADERS_TOO_LARGE'],
      502: ['DNS_LOOKUP_FAILED', 'SSO_DISCOVERY_FAILED'],
      503: ['SERVICE_UNAVAILABLE'],
    });
  });

  it('gives a DomainError the status of its code', () => {
    expect(new DomainError('TEAM_NAME_TAKEN', 'taken').status).toBe(409);
  });
});
