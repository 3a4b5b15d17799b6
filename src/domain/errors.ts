/** Error codes of API.md. A code never changes meaning; the page turns it into words. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  INVITATION_EMAIL_MISMATCH: 403,
  EMAIL_NOT_VERIFIED: 403,
  REAUTHENTICATION_REQUIRED: 403,
  TWO_FACTOR_REQUIRED: 403,
  SSO_REQUIRED: 403,
  NOT_FOUND: 404,
  CONTACT_PERSON_ON_ACTIVE_CONTRACT: 409,
  OWNER_CANNOT_BE_REMOVED: 409,
  OWNER_CANNOT_BE_SUSPENDED: 409,
  ALREADY_MEMBER: 409,
  INVITATION_ALREADY_PENDING: 409,
  NOT_HIRING_MANAGER: 409,
  EMAIL_TAKEN: 409,
  TEAM_NAME_TAKEN: 409,
  CONFLICT: 409,
  DOMAIN_TAKEN: 409,
  DOMAIN_RECORD_NOT_FOUND: 409,
  JOIN_REQUEST_ALREADY_PENDING: 409,
  SSO_NOT_CONFIGURED: 409,
  INVITATION_EXPIRED: 410,
  INVITATION_NOT_PENDING: 410,
  INVITATION_REPLACED: 410,
  PRECONDITION_FAILED: 412,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  DNS_LOOKUP_FAILED: 502,
  SSO_DISCOVERY_FAILED: 502,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A contract that blocks a removal (§3.3), as the page needs it to offer "reassign" or "end". */
export interface BlockingContract {
  id: string;
  title: string;
  teamId: string;
}

/** A refusal under a rule of RULES.md. Thrown inside a transaction, it rolls the transaction back. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, detail: string, extra: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.extra = extra;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);

export const forbidden = (detail = 'You may not do this'): DomainError =>
  new DomainError('FORBIDDEN', detail);
