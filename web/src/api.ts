import { createRosterClient, type Answer, type operations, type Schema } from '../../clients/typescript/src/index.js';
import { ERROR_STATUS, type ErrorCode } from '../../src/domain/errors.js';
import type { CompanyRole, TeamRole } from '../../src/domain/roles.js';
import type { Language } from '../../src/domain/languages.js';

/**
 * The wire shapes of API.md, from the typed client's generated types (clients/typescript), the
 * very ones the calls below are typed with: one source, the server's OpenAPI document.
 */
export type User = Schema<'User'>;
export type Company = Schema<'Company'>;
export type Team = Schema<'Team'>;
export type Member = Schema<'Member'>;
export type Contract = Schema<'Contract'>;
export type Invitation = Schema<'Invitation'>;
export type InvitationPreview = Schema<'InvitationPreview'>;
/** A company with what the viewer may do there (`can`, by action) and the company roles they may invite with. */
export type CompanyView = Schema<'CompanyView'>;
/** One member's page, with what the viewer may do to them (`can`, `grantableCompanyRoles`, `teams`). */
export type MemberDetails = Schema<'MemberDetails'>;
/** What the viewer may do to one member of a list page. */
export type MemberPolicy = Schema<'MemberPolicy'>;
/** What the viewer may do in one team: rename, hide, invite and with which roles. */
export type TeamPolicy = Schema<'TeamPolicy'>;

export type Domain = Schema<'Domain'>;
export type Joining = Schema<'Joining'>;
export type PendingJoinRequest = Schema<'PendingJoinRequest'>;
export type JoinableCompany = Schema<'JoinableCompany'>;
/** A SCIM token or a company API token as listed: never its secret. */
export type CompanyToken = Schema<'CompanyToken'>;
export type Sso = Schema<'Sso'>;
export type WebhookEndpoint = Schema<'WebhookEndpoint'>;
export type WebhookDelivery = Schema<'WebhookDelivery'>;

/** Whether the signed-in user has two-factor on, and how many recovery codes they have left. */
export type TwoFactorStatus = Answer<'getTwoFactor'>;

export type TwoFactorRule = Company['twoFactorRule'];

export type Me = Answer<'getMe'>;
export type MyCompany = Me['companies'][number];

/** One's email, and the change to another waiting for its link, if any. */
export type EmailSettings = Answer<'getEmailSettings'>;
/** An email change waiting for the link mailed to the new address. */
export type PendingEmail = NonNullable<EmailSettings['pending']>;

/** One of the user's sessions (API.md "Sessions and deleting the account"). */
export type Session = Answer<'listSessions'>['items'][number];
/** One event of the account's security log. */
export type SecurityEvent = Answer<'listSecurityEvents'>['items'][number];
/** One of the user's API tokens as listed: never its secret. */
export type ApiToken = Answer<'listApiTokens'>['items'][number];
/** An API token just made: its secret, this once. */
export type NewApiToken = Answer<'createApiToken'>;
/** A SCIM token just made: its secret, this once, and the SCIM endpoint. */
export type NewScimToken = Answer<'createScimToken'>;

/** An event of the audit log as the list answers it (API.md "Audit log"), with the names it concerns as they are now. */
export type AuditEventView = Answer<'listAuditEvents'>['items'][number];
/** What became of one row of an invitation list (API.md `…/invitations/batch`). */
export type InviteRowAnswer = Answer<'inviteMany'>['items'][number];

/**
 * What went wrong with a call: a code of API.md; `NETWORK` when no answer came; `UNKNOWN` for any
 * other answer — a code this page does not know (INTERNAL, a code newer than the page), or no
 * problem+json at all (a proxy's HTML error page). The page then goes by the HTTP status.
 */
export type ProblemCode = ErrorCode | 'NETWORK' | 'UNKNOWN';

const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code);

/** Retry-After (RFC 9110): seconds, or an HTTP date; null when absent or unreadable. */
function secondsFromRetryAfter(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/** A problem+json answer of the API (RFC 9457), or its absence, with the fields the page reads. */
export class ApiError extends Error {
  /** The HTTP status; 0 when no answer came. */
  readonly status: number;
  readonly code: ProblemCode;
  /** The code as the server sent it, known to this page or not (`INTERNAL`, `SERVICE_UNAVAILABLE`…). */
  readonly serverCode: string | null;
  readonly detail: string;
  /** VALIDATION_FAILED: which field, and what is wrong with it. */
  readonly fieldErrors: { path: string; message: string }[];
  /** CONTACT_PERSON_ON_ACTIVE_CONTRACT: the contracts that block the removal. */
  readonly contracts: { id: string; title: string; teamId: string }[];
  readonly retryAfterSeconds: number | null;
  /** The problem's other members (`attemptsLeft`, `twoFactor`, `enrol`…), as sent. */
  readonly extra: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>, retryAfter: string | null) {
    const detail = typeof body.detail === 'string' ? body.detail : '';
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.serverCode = typeof body.code === 'string' ? body.code : null;
    this.code = status === 0 ? 'NETWORK' : isErrorCode(body.code) ? body.code : 'UNKNOWN';
    this.detail = detail;
    this.fieldErrors = Array.isArray(body.errors) ? (body.errors as { path: string; message: string }[]) : [];
    this.contracts = Array.isArray(body.contracts) ? (body.contracts as { id: string; title: string; teamId: string }[]) : [];
    this.retryAfterSeconds = secondsFromRetryAfter(retryAfter);
    this.extra = body;
  }
}

/**
 * Sends one request and reads its answer whole. No answer, a broken one, a refusal, or an answer
 * that is not JSON (a proxy's or a gateway's own page, a 502 in HTML, never an answer of the API)
 * throws an ApiError here; what goes on to openapi-fetch is an answer it can parse.
 */
async function sendWhole(request: Request): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request);
  } catch {
    throw new ApiError(0, { detail: 'The server could not be reached.' }, null);
  }
  if (response.status === 204) return response;
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw new ApiError(0, { detail: 'The connection broke during the answer.' }, null);
  }
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: below, an ApiError by the status alone.
  }
  if (!response.ok || parsed === undefined) {
    const problem = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    throw new ApiError(response.status, problem, response.headers.get('retry-after'));
  }
  return new Response(text === '' ? 'null' : text, { status: response.status, headers: { 'content-type': 'application/json' } });
}

/**
 * The typed client on the page's own origin: the session cookie goes along, and the browser's
 * Sec-Fetch-Site: same-origin passes the CSRF check. Refusals throw an ApiError (`sendWhole`).
 */
const roster = createRosterClient({ baseUrl: '', fetch: sendWhole });

/** The data of a call through `roster`: its refusals have thrown already. */
async function answered<Data>(call: Promise<{ data?: Data }>): Promise<Data> {
  return (await call).data as Data;
}

/** A query string of the defined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

type MembersQuery = NonNullable<operations['listMembers']['parameters']['query']>;
type AuditQuery = NonNullable<operations['listAuditEvents']['parameters']['query']>;
type BulkBody = operations['changeMembersInBulk']['requestBody']['content']['application/json'];
type WebhookInput = operations['createWebhookEndpoint']['requestBody']['content']['application/json'];

/** The values of a query that are set: an empty filter is no filter. */
function defined<T extends Record<string, string | number | undefined>>(params: T): T {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined && value !== '')) as T;
}

/**
 * Every route of API.md the page uses, one function each, through the typed client: the path as
 * the OpenAPI document writes it, its parameters and body typed, the answer typed by the route.
 * Pages call these alone: no call by a hand-written path and type.
 */
export const Api = {
  me: () => answered(roster.GET('/api/v1/me')),
  signUp: (body: { email: string; name: string; password: string; invitationToken?: string; language?: Language }) =>
    answered(roster.POST('/api/v1/auth/signup', { body })),
  /** With two-factor on, no session yet: `twoFactor.challenge` goes with the code to logInTwoFactor. */
  logIn: (body: { email: string; password: string }) =>
    answered(roster.POST('/api/v1/auth/login', { body })) as Promise<
      { user: User; twoFactor?: undefined } | { user?: undefined; twoFactor: { challenge: string; expiresAt: string } }
    >,
  logInTwoFactor: (body: { challenge: string; code?: string; recoveryCode?: string }) => answered(roster.POST('/api/v1/auth/login/two-factor', { body })),
  reauthenticate: (body: { password: string; code?: string; recoveryCode?: string }) => answered(roster.POST('/api/v1/me/reauthenticate', { body })),
  twoFactor: () => answered(roster.GET('/api/v1/me/two-factor')),
  startTwoFactor: () => answered(roster.POST('/api/v1/me/two-factor')),
  enableTwoFactor: (code: string) => answered(roster.POST('/api/v1/me/two-factor/enable', { body: { code } })),
  disableTwoFactor: (body: { password: string; code?: string; recoveryCode?: string }) => answered(roster.POST('/api/v1/me/two-factor/disable', { body })),
  regenerateRecoveryCodes: () => answered(roster.POST('/api/v1/me/two-factor/recovery-codes')),
  setTwoFactorRule: (companyId: string, rule: TwoFactorRule) =>
    answered(roster.PUT('/api/v1/companies/{companyId}/two-factor-rule', { params: { path: { companyId } }, body: { rule } })),
  logOut: () => answered(roster.POST('/api/v1/auth/logout')),
  verifyEmail: (token: string) => answered(roster.POST('/api/v1/auth/verify-email', { body: { token } })),
  resendVerification: () => answered(roster.POST('/api/v1/auth/verify-email/resend')),
  forgotPassword: (email: string) => answered(roster.POST('/api/v1/auth/forgot-password', { body: { email } })),
  resetPassword: (token: string, password: string) => answered(roster.POST('/api/v1/auth/reset-password', { body: { token, password } })),
  confirmEmail: (token: string) => answered(roster.POST('/api/v1/auth/confirm-email', { body: { token } })),
  updateProfile: (changes: { name?: string; language?: Language }) => answered(roster.PATCH('/api/v1/me', { body: changes })),
  changePassword: (currentPassword: string, newPassword: string) =>
    answered(roster.POST('/api/v1/me/password', { body: { currentPassword, newPassword } })),
  emailSettings: () => answered(roster.GET('/api/v1/me/email')),
  changeEmail: (email: string) => answered(roster.POST('/api/v1/me/email', { body: { email } })),
  cancelEmailChange: () => answered(roster.DELETE('/api/v1/me/email/pending')),
  createCompany: (name: string) => answered(roster.POST('/api/v1/companies', { body: { name } })),
  company: (companyId: string) => answered(roster.GET('/api/v1/companies/{companyId}', { params: { path: { companyId } } })),
  teams: (companyId: string) => answered(roster.GET('/api/v1/companies/{companyId}/teams', { params: { path: { companyId } } })),
  createTeam: (companyId: string, name: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/teams', { params: { path: { companyId } }, body: { name } })),
  updateTeam: (companyId: string, teamId: string, body: { name?: string; hidden?: boolean }) =>
    answered(roster.PATCH('/api/v1/companies/{companyId}/teams/{teamId}', { params: { path: { companyId, teamId } }, body })),
  members: (companyId: string, filters: MembersQuery) =>
    answered(roster.GET('/api/v1/companies/{companyId}/members', { params: { path: { companyId }, query: defined(filters) } })),
  member: (companyId: string, userId: string) =>
    answered(roster.GET('/api/v1/companies/{companyId}/members/{userId}', { params: { path: { companyId, userId } } })),
  setTeamRoles: (companyId: string, userId: string, teamId: string, roles: TeamRole[]) =>
    answered(roster.PUT('/api/v1/companies/{companyId}/members/{userId}/teams/{teamId}', { params: { path: { companyId, userId, teamId } }, body: { roles } })),
  setCompanyRoles: (companyId: string, userId: string, roles: CompanyRole[]) =>
    answered(roster.PUT('/api/v1/companies/{companyId}/members/{userId}/company-roles', { params: { path: { companyId, userId } }, body: { roles } })),
  removeFromTeam: (companyId: string, userId: string, teamId: string) =>
    answered(roster.DELETE('/api/v1/companies/{companyId}/members/{userId}/teams/{teamId}', { params: { path: { companyId, userId, teamId } } })),
  removeFromCompany: (companyId: string, userId: string) =>
    answered(roster.DELETE('/api/v1/companies/{companyId}/members/{userId}', { params: { path: { companyId, userId } } })),
  suspend: (companyId: string, userId: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/members/{userId}/suspend', { params: { path: { companyId, userId } } })),
  reinstate: (companyId: string, userId: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/members/{userId}/reinstate', { params: { path: { companyId, userId } } })),
  transferOwnership: (companyId: string, userId: string, password: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/ownership', { params: { path: { companyId } }, body: { userId, password } })),
  updateContract: (companyId: string, contractId: string, body: { contactPersonId?: string; status?: 'ended' }) =>
    answered(roster.PATCH('/api/v1/companies/{companyId}/contracts/{contractId}', { params: { path: { companyId, contractId } }, body })),
  invite: (
    companyId: string,
    body: { emails: string[]; teams: { teamId: string; roles: TeamRole[] }[]; companyRoles?: CompanyRole[]; message?: string },
  ) => answered(roster.POST('/api/v1/companies/{companyId}/invitations', { params: { path: { companyId } }, body })),
  invitations: (companyId: string, status: Invitation['status'], cursor?: string) =>
    answered(roster.GET('/api/v1/companies/{companyId}/invitations', { params: { path: { companyId }, query: defined({ status, cursor, limit: 100 }) } })),
  updateInvitation: (companyId: string, invitationId: string, teams: { teamId: string; roles: TeamRole[] }[]) =>
    answered(roster.PATCH('/api/v1/companies/{companyId}/invitations/{invitationId}', { params: { path: { companyId, invitationId } }, body: { teams } })),
  resendInvitation: (companyId: string, invitationId: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/invitations/{invitationId}/resend', { params: { path: { companyId, invitationId } } })),
  revokeInvitation: (companyId: string, invitationId: string) =>
    answered(roster.DELETE('/api/v1/companies/{companyId}/invitations/{invitationId}', { params: { path: { companyId, invitationId } } })),
  previewInvitation: (token: string) => answered(roster.GET('/api/v1/invitations/{token}', { params: { path: { token } } })),
  acceptInvitation: (token: string) => answered(roster.POST('/api/v1/invitations/{token}/accept', { params: { path: { token } } })),
  declineInvitation: (token: string) => answered(roster.POST('/api/v1/invitations/{token}/decline', { params: { path: { token } } })),
  /** The contracts list: each with its contact person's name, and beside them what the viewer may do to each. */
  contracts: (
    companyId: string,
    filters: { teamId?: string; contactPersonId?: string; status?: Contract['status']; cursor?: string; limit?: number },
  ) => answered(roster.GET('/api/v1/companies/{companyId}/contracts', { params: { path: { companyId }, query: defined(filters) } })),
  createContract: (companyId: string, body: { teamId: string; title: string; freelancerName: string; contactPersonId?: string }) =>
    answered(roster.POST('/api/v1/companies/{companyId}/contracts', { params: { path: { companyId } }, body })),
  /** A reassignment or a move (`contactPersonId`, `teamId`), or a status change alone. */
  changeContract: (companyId: string, contractId: string, body: { contactPersonId?: string; teamId?: string } | { status: Contract['status'] }) =>
    answered(roster.PATCH('/api/v1/companies/{companyId}/contracts/{contractId}', { params: { path: { companyId, contractId } }, body })),
  auditEvents: (companyId: string, filters: AuditFilters & { cursor?: string; limit?: number }) =>
    answered(roster.GET('/api/v1/companies/{companyId}/audit-events', { params: { path: { companyId }, query: defined(filters) } })),
  countMembers: (companyId: string, filters: MemberFilters) =>
    answered(roster.GET('/api/v1/companies/{companyId}/members/count', { params: { path: { companyId }, query: defined(filters) } })),
  changeMembersInBulk: (companyId: string, body: BulkRequest) =>
    answered(roster.POST('/api/v1/companies/{companyId}/members/bulk', { params: { path: { companyId } }, body })),
  /** Invites a list of people, each with their own teams and roles (1–1,000 rows); answered per row. */
  inviteMany: (
    companyId: string,
    body: { rows: { email: string; teams: { teamId: string; roles: TeamRole[] }[]; companyRoles?: CompanyRole[] }[]; message?: string; dryRun?: boolean },
  ) => answered(roster.POST('/api/v1/companies/{companyId}/invitations/batch', { params: { path: { companyId } }, body })),

  // Domains and joining
  domains: (companyId: string) => answered(roster.GET('/api/v1/companies/{companyId}/domains', { params: { path: { companyId } } })),
  addDomain: (companyId: string, domain: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/domains', { params: { path: { companyId } }, body: { domain } })),
  checkDomain: (companyId: string, domainId: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/domains/{domainId}/check', { params: { path: { companyId, domainId } } })),
  removeDomain: (companyId: string, domainId: string) =>
    answered(roster.DELETE('/api/v1/companies/{companyId}/domains/{domainId}', { params: { path: { companyId, domainId } } })),
  setJoining: (companyId: string, body: { mode: Joining['mode']; teamId?: string }) =>
    answered(roster.PUT('/api/v1/companies/{companyId}/joining', { params: { path: { companyId } }, body })),
  joinRequests: (companyId: string) => answered(roster.GET('/api/v1/companies/{companyId}/join-requests', { params: { path: { companyId } } })),
  approveJoinRequest: (companyId: string, requestId: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/join-requests/{requestId}/approve', { params: { path: { companyId, requestId } } })),
  declineJoinRequest: (companyId: string, requestId: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/join-requests/{requestId}/decline', { params: { path: { companyId, requestId } } })),
  joinableCompanies: () => answered(roster.GET('/api/v1/me/joinable-companies')),
  joinCompany: (companyId: string) => answered(roster.POST('/api/v1/me/joinable-companies/{companyId}/join', { params: { path: { companyId } } })),

  // SCIM tokens
  scimTokens: (companyId: string) => answered(roster.GET('/api/v1/companies/{companyId}/scim-tokens', { params: { path: { companyId } } })),
  createScimToken: (companyId: string, name: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/scim-tokens', { params: { path: { companyId } }, body: { name } })),
  revokeScimToken: (companyId: string, tokenId: string) =>
    answered(roster.DELETE('/api/v1/companies/{companyId}/scim-tokens/{tokenId}', { params: { path: { companyId, tokenId } } })),

  // Single sign-on
  sso: (companyId: string) => answered(roster.GET('/api/v1/companies/{companyId}/sso', { params: { path: { companyId } } })),
  configureSso: (companyId: string, body: { issuer: string; clientId: string; clientSecret?: string; domains: string[]; enforced: boolean }) =>
    answered(roster.PUT('/api/v1/companies/{companyId}/sso', { params: { path: { companyId } }, body })),
  removeSso: (companyId: string) => answered(roster.DELETE('/api/v1/companies/{companyId}/sso', { params: { path: { companyId } } })),
  startSso: (body: { email: string; next?: string }) => answered(roster.POST('/api/v1/auth/sso/start', { body })),

  // Webhooks
  webhooks: (companyId: string) => answered(roster.GET('/api/v1/companies/{companyId}/webhooks', { params: { path: { companyId } } })),
  createWebhook: (companyId: string, body: WebhookInput) =>
    answered(roster.POST('/api/v1/companies/{companyId}/webhooks', { params: { path: { companyId } }, body })),
  updateWebhook: (companyId: string, endpointId: string, body: Partial<WebhookInput> & { enabled?: boolean }) =>
    answered(roster.PATCH('/api/v1/companies/{companyId}/webhooks/{endpointId}', { params: { path: { companyId, endpointId } }, body })),
  deleteWebhook: (companyId: string, endpointId: string) =>
    answered(roster.DELETE('/api/v1/companies/{companyId}/webhooks/{endpointId}', { params: { path: { companyId, endpointId } } })),
  rotateWebhookSecret: (companyId: string, endpointId: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/webhooks/{endpointId}/rotate-secret', { params: { path: { companyId, endpointId } } })),
  testWebhook: (companyId: string, endpointId: string) =>
    answered(roster.POST('/api/v1/companies/{companyId}/webhooks/{endpointId}/test', { params: { path: { companyId, endpointId } } })),
  webhookDeliveries: (companyId: string, endpointId: string, cursor: string | null) =>
    answered(
      roster.GET('/api/v1/companies/{companyId}/webhooks/{endpointId}/deliveries', {
        params: { path: { companyId, endpointId }, query: { limit: 20, ...(cursor === null ? {} : { cursor }) } },
      }),
    ),
  redeliverWebhook: (companyId: string, endpointId: string, deliveryId: string) =>
    answered(
      roster.POST('/api/v1/companies/{companyId}/webhooks/{endpointId}/deliveries/{deliveryId}/redeliver', {
        params: { path: { companyId, endpointId, deliveryId } },
      }),
    ),

  // The user's API tokens and their account
  apiTokens: () => answered(roster.GET('/api/v1/me/tokens')),
  /** `expiresInDays`: null for a token that lasts until revoked. */
  createApiToken: (name: string, expiresInDays: number | null) => answered(roster.POST('/api/v1/me/tokens', { body: { name, expiresInDays } })),
  revokeApiToken: (tokenId: string) => answered(roster.DELETE('/api/v1/me/tokens/{tokenId}', { params: { path: { tokenId } } })),
  sessions: () => answered(roster.GET('/api/v1/me/sessions')),
  endSession: (sessionId: string) => answered(roster.DELETE('/api/v1/me/sessions/{sessionId}', { params: { path: { sessionId } } })),
  endOtherSessions: () => answered(roster.POST('/api/v1/me/sessions/end-others')),
  securityEvents: (cursor: string | null) =>
    answered(roster.GET('/api/v1/me/security-events', { params: { query: { limit: 50, ...(cursor === null ? {} : { cursor }) } } })),
  deleteAccount: (password: string) => answered(roster.POST('/api/v1/me/delete', { body: { password } })),
};

/** What the audit log is narrowed to: its list and its export take the same (API.md "Audit log"). */
export type AuditFilters = Omit<AuditQuery, 'cursor' | 'limit'>;

/** The members list's filters, without its paging: what the count counts and a bulk change may take. */
export type MemberFilters = NonNullable<operations['countMembers']['parameters']['query']>;

/**
 * A bulk change (API.md `POST …/members/bulk`): one action, the people by id or by the list's
 * filters. The document gives `userIds` and `filter` as two optional members; that exactly one is
 * named (or the server refuses, 400) it cannot say, so that much is written here.
 */
export type BulkRequest = Omit<BulkBody, 'userIds' | 'filter'> & ({ userIds: string[] } | { filter: MemberFilters });

/** One person's answer in a bulk change: done, or refused with the single action's code. */
export type BulkOutcome = Schema<'BulkOutcome'>;
