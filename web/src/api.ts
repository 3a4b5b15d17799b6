import type { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../../src/domain/errors.js';
import type { CompanyRole, TeamRole } from '../../src/domain/roles.js';
import type {
  companyShape,
  companyViewShape,
  contractShape,
  invitationPreviewShape,
  invitationShape,
  memberDetailsShape,
  memberPolicyShape,
  memberShape,
  teamPolicyShape,
  teamShape,
  userShape,
} from '../../src/http/schemas.js';

/** The wire shapes of API.md, typed from the server's own zod schemas (types only: no zod in the page). */
export type User = z.output<typeof userShape>;
export type Company = z.output<typeof companyShape>;
export type Team = z.output<typeof teamShape>;
export type Member = z.output<typeof memberShape>;
export type Contract = z.output<typeof contractShape>;
export type Invitation = z.output<typeof invitationShape>;
export type InvitationPreview = z.output<typeof invitationPreviewShape>;
/** A company with what the viewer may do there (`can`, by action) and the company roles they may invite with. */
export type CompanyView = z.output<typeof companyViewShape>;
/** One member's page, with what the viewer may do to them (`can`, `grantableCompanyRoles`, `teams`). */
export type MemberDetails = z.output<typeof memberDetailsShape>;
/** What the viewer may do to one member of a list page. */
export type MemberPolicy = z.output<typeof memberPolicyShape>;
/** What the viewer may do in one team: rename, hide, invite and with which roles. */
export type TeamPolicy = z.output<typeof teamPolicyShape>;

/** Whether the signed-in user has two-factor on, and how many recovery codes they have left. */
export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
}

export type TwoFactorRule = Company['twoFactorRule'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface MyCompany {
  company: Company;
  isOwner: boolean;
  companyRoles: CompanyRole[];
  teams: { teamId: string; teamName: string; roles: TeamRole[] }[];
}

/** An email change waiting for the link mailed to the new address. */
export interface PendingEmail {
  email: string;
  expiresAt: string;
}

/** One's email, and the change to another waiting for its link, if any. */
export interface EmailSettings {
  email: string;
  emailVerified: boolean;
  pending: PendingEmail | null;
}

export interface Me {
  user: User;
  companies: MyCompany[];
}


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
 * One call to the API on the page's own origin: the session cookie goes along, and the browser's
 * Sec-Fetch-Site: same-origin passes the CSRF check. Refusals throw an ApiError.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, { detail: 'The server could not be reached.' }, null);
  }
  if (response.status === 204) return undefined as T;
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
    // Not JSON: a proxy's or a gateway's own page (a 502 in HTML), never an answer of the API.
  }
  if (!response.ok || parsed === undefined) {
    const problem = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    throw new ApiError(response.status, problem, response.headers.get('retry-after'));
  }
  return parsed as T;
}

/** A query string of the defined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

const company = (companyId: string) => `/companies/${encodeURIComponent(companyId)}`;
const member = (companyId: string, userId: string) => `${company(companyId)}/members/${encodeURIComponent(userId)}`;

/** Every route of API.md the page uses, one function each. */
export const Api = {
  me: () => api<Me>('GET', '/me'),
  signUp: (body: { email: string; name: string; password: string; invitationToken?: string }) =>
    api<{ user: User; companyId: string | null }>('POST', '/auth/signup', body),
  /** With two-factor on, no session yet: `twoFactor.challenge` goes with the code to logInTwoFactor. */
  logIn: (body: { email: string; password: string }) =>
    api<{ user: User; twoFactor?: undefined } | { user?: undefined; twoFactor: { challenge: string; expiresAt: string } }>('POST', '/auth/login', body),
  logInTwoFactor: (body: { challenge: string; code?: string; recoveryCode?: string }) => api<{ user: User }>('POST', '/auth/login/two-factor', body),
  reauthenticate: (body: { password: string; code?: string; recoveryCode?: string }) =>
    api<{ authenticatedAt: string }>('POST', '/me/reauthenticate', body),
  twoFactor: () => api<TwoFactorStatus>('GET', '/me/two-factor'),
  startTwoFactor: () => api<{ secret: string; uri: string }>('POST', '/me/two-factor'),
  enableTwoFactor: (code: string) => api<{ recoveryCodes: string[] }>('POST', '/me/two-factor/enable', { code }),
  disableTwoFactor: (body: { password: string; code?: string; recoveryCode?: string }) => api<undefined>('POST', '/me/two-factor/disable', body),
  regenerateRecoveryCodes: () => api<{ recoveryCodes: string[] }>('POST', '/me/two-factor/recovery-codes'),
  setTwoFactorRule: (companyId: string, rule: TwoFactorRule) => api<{ company: Company }>('PUT', `${company(companyId)}/two-factor-rule`, { rule }),
  logOut: () => api<undefined>('POST', '/auth/logout'),
  verifyEmail: (token: string) => api<{ user: User }>('POST', '/auth/verify-email', { token }),
  resendVerification: () => api<undefined>('POST', '/auth/verify-email/resend'),
  forgotPassword: (email: string) => api<undefined>('POST', '/auth/forgot-password', { email }),
  resetPassword: (token: string, password: string) => api<undefined>('POST', '/auth/reset-password', { token, password }),
  confirmEmail: (token: string) => api<{ user: User }>('POST', '/auth/confirm-email', { token }),
  updateProfile: (name: string) => api<{ user: User }>('PATCH', '/me', { name }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api<{ sessionsEnded: number }>('POST', '/me/password', { currentPassword, newPassword }),
  emailSettings: () => api<EmailSettings>('GET', '/me/email'),
  changeEmail: (email: string) => api<{ pending: PendingEmail }>('POST', '/me/email', { email }),
  cancelEmailChange: () => api<undefined>('DELETE', '/me/email/pending'),
  createCompany: (name: string) => api<{ company: Company }>('POST', '/companies', { name }),
  company: (companyId: string) => api<CompanyView>('GET', company(companyId)),
  teams: (companyId: string) => api<{ items: Team[]; policies: TeamPolicy[] }>('GET', `${company(companyId)}/teams`),
  createTeam: (companyId: string, name: string) => api<{ team: Team }>('POST', `${company(companyId)}/teams`, { name }),
  updateTeam: (companyId: string, teamId: string, body: { name?: string; hidden?: boolean }) =>
    api<{ team: Team }>('PATCH', `${company(companyId)}/teams/${encodeURIComponent(teamId)}`, body),
  members: (
    companyId: string,
    filters: { q?: string; teamId?: string; role?: string; qualifies?: 'contact_person'; suspended?: 'true' | 'false'; cursor?: string; limit?: number },
  ) =>
    api<Page<Member> & { policies: MemberPolicy[] }>('GET', `${company(companyId)}/members${query(filters)}`),
  member: (companyId: string, userId: string) => api<MemberDetails>('GET', member(companyId, userId)),
  setTeamRoles: (companyId: string, userId: string, teamId: string, roles: TeamRole[]) =>
    api<{ member: Member }>('PUT', `${member(companyId, userId)}/teams/${encodeURIComponent(teamId)}`, { roles }),
  setCompanyRoles: (companyId: string, userId: string, roles: CompanyRole[]) =>
    api<{ member: Member }>('PUT', `${member(companyId, userId)}/company-roles`, { roles }),
  removeFromTeam: (companyId: string, userId: string, teamId: string) =>
    api<{ member: Member | null; leftCompany: boolean }>('DELETE', `${member(companyId, userId)}/teams/${encodeURIComponent(teamId)}`),
  removeFromCompany: (companyId: string, userId: string) => api<undefined>('DELETE', member(companyId, userId)),
  suspend: (companyId: string, userId: string) => api<{ member: Member }>('POST', `${member(companyId, userId)}/suspend`),
  reinstate: (companyId: string, userId: string) => api<{ member: Member }>('POST', `${member(companyId, userId)}/reinstate`),
  transferOwnership: (companyId: string, userId: string, password: string) =>
    api<{ company: Company }>('POST', `${company(companyId)}/ownership`, { userId, password }),
  updateContract: (companyId: string, contractId: string, body: { contactPersonId?: string; status?: 'ended' }) =>
    api<{ contract: Contract }>('PATCH', `${company(companyId)}/contracts/${encodeURIComponent(contractId)}`, body),
  invite: (
    companyId: string,
    body: { emails: string[]; teams: { teamId: string; roles: TeamRole[] }[]; companyRoles?: CompanyRole[]; message?: string },
  ) => api<{ items: Invitation[] }>('POST', `${company(companyId)}/invitations`, body),
  invitations: (companyId: string, status: Invitation['status'], cursor?: string) =>
    api<Page<Invitation>>('GET', `${company(companyId)}/invitations${query({ status, cursor, limit: 100 })}`),
  updateInvitation: (companyId: string, invitationId: string, teams: { teamId: string; roles: TeamRole[] }[]) =>
    api<{ invitation: Invitation }>('PATCH', `${company(companyId)}/invitations/${encodeURIComponent(invitationId)}`, { teams }),
  resendInvitation: (companyId: string, invitationId: string) =>
    api<{ invitation: Invitation }>('POST', `${company(companyId)}/invitations/${encodeURIComponent(invitationId)}/resend`),
  revokeInvitation: (companyId: string, invitationId: string) =>
    api<undefined>('DELETE', `${company(companyId)}/invitations/${encodeURIComponent(invitationId)}`),
  previewInvitation: (token: string) => api<InvitationPreview>('GET', `/invitations/${encodeURIComponent(token)}`),
  acceptInvitation: (token: string) =>
    api<{ company: Company; member: Member }>('POST', `/invitations/${encodeURIComponent(token)}/accept`),
  declineInvitation: (token: string) => api<undefined>('POST', `/invitations/${encodeURIComponent(token)}/decline`),
  /** Invites a list of people, each with their own teams and roles (1–1,000 rows); answered per row. */
  inviteMany: (
    companyId: string,
    body: { rows: { email: string; teams: { teamId: string; roles: TeamRole[] }[]; companyRoles?: CompanyRole[] }[]; message?: string; dryRun?: boolean },
  ) => api<{ items: InviteRowAnswer[] }>('POST', `${company(companyId)}/invitations/batch`, body),
};

/** What became of one row of an invitation list (API.md `…/invitations/batch`). */
export interface InviteRowAnswer {
  email: string;
  result: 'invited' | 'valid' | 'refused';
  invitation?: Invitation;
  code?: string;
  detail?: string;
  /** What they held when removed from the company in the last 90 days, to give back. */
  previous?: { teams: { teamId: string; roles: TeamRole[] }[]; companyRoles: CompanyRole[]; removedAt: string };
}
