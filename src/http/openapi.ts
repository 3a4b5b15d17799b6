import type { RouteOptions } from 'fastify';
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../domain/errors.js';

/**
 * What the OpenAPI document (GET /api/v1/openapi.json) says of each operation beyond its zod
 * schemas: its operationId, summary, tag (a "###" section of docs/API.md "Routes"), its success
 * answer when it has no body, and the error codes API.md names for it. `describeRoutes` adds them
 * to every route's schema as the route is registered; a route of /api/v1 or /scim/v2 missing here
 * stops the server from starting, so that the document never has an operation without them.
 */

/** The problem document the error handler sends (problem.ts): RFC 9457 with Roster's `code`, and extras. */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem document; `code` is one of API.md "Error codes", extras (such as `errors`) beside it' });

/** SCIM's error (RFC 7644 section 3.12), as scim-protocol.ts's scimErrorBody sends it, Roster's `code` beside it. */
export const scimErrorSchema = z
  .looseObject({
    schemas: z.array(z.string()),
    status: z.string(),
    scimType: z.string().optional(),
    detail: z.string(),
    code: z.string(),
  })
  .meta({ id: 'ScimError', description: 'A SCIM error (RFC 7644 section 3.12) with Roster’s code' });

/**
 * The schemas of error bodies. Their serializer writes the body as it is (JSON.stringify, as
 * without a schema): they document the errors and never check or reshape one (app.ts).
 */
export const sentAsIs: ReadonlySet<unknown> = new Set([problemSchema, scimErrorSchema]);

const PROBLEM = 'application/problem+json';
const SCIM = 'application/scim+json';

type ErrorResponses = Record<number, { description: string; content: Record<string, { schema: z.ZodType }> }>;

/** The error responses of these codes, by status: `application/problem+json` (or SCIM's error), each status listing its codes. */
export function problems(codes: readonly ErrorCode[], mediaType: typeof PROBLEM | typeof SCIM = PROBLEM): ErrorResponses {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    const listed = byStatus.get(status) ?? [];
    if (!listed.includes(code)) byStatus.set(status, [...listed, code]);
  }
  const schema = mediaType === PROBLEM ? problemSchema : scimErrorSchema;
  return Object.fromEntries(
    [...byStatus].sort(([a], [b]) => a - b).map(([status, listed]) => [status, { description: listed.join(', '), content: { [mediaType]: { schema } } }]),
  );
}

/** A success answer without a body (204, 202, a redirect). */
const noBody = (description: string) => z.null().describe(description);

/** An operation: `[operationId, summary, tag, error codes of API.md, success without a body]`. */
type Operation = readonly [string, string, Tag, readonly ErrorCode[], (readonly [number, string])?];

/** The tags, one per section of docs/API.md "Routes", with what they hold. */
export const TAGS = {
  'Accounts and sessions': 'Sign up, sign in and out, verify the email',
  'The signed-in user': 'The user, their companies and API tokens',
  "One's own account: password, name, email": 'Password reset and change, name, email change',
  'Signing in again': 'Recent authentication for sensitive changes',
  'Two-factor authentication': 'The user’s authenticator app and recovery codes',
  'Sessions and deleting the account': 'The user’s sessions and the deletion of the account',
  'Companies and ownership': 'Companies, what the caller may do in them, and their ownership',
  "The company's two-factor rule": 'Who must use two-factor authentication in a company',
  Teams: 'A company’s teams',
  Members: 'A company’s members, their teams and roles',
  Invitations: 'Invitations into a company and their links',
  Contracts: 'Freelancer contracts and their contact persons',
  'Domains and joining': 'Verified domains and joining a company by one',
  SCIM: 'SCIM tokens and SCIM 2.0 provisioning (application/scim+json)',
  'Single sign-on': 'OpenID Connect sign-in for a company',
  'Audit log': 'What happened in a company',
  Exports: 'The members and the audit log as CSV or JSON lines',
  Health: 'Liveness and readiness',
} as const;
type Tag = keyof typeof TAGS;

const NO_CONTENT = [204, 'No content'] as const;

/** Every operation of API.md "Routes", by `METHOD path` as Fastify registers it. */
const OPERATIONS: Record<string, Operation> = {
  'POST /api/v1/auth/signup': ['signUp', 'Create an account and sign in.', 'Accounts and sessions', ['EMAIL_TAKEN', 'SSO_REQUIRED', 'NOT_FOUND', 'INVITATION_EMAIL_MISMATCH', 'INVITATION_EXPIRED', 'INVITATION_NOT_PENDING', 'RATE_LIMITED']],
  'POST /api/v1/auth/login': ['logIn', 'Sign in with email and password.', 'Accounts and sessions', ['UNAUTHENTICATED', 'RATE_LIMITED']],
  'POST /api/v1/auth/login/two-factor': ['logInWithTwoFactor', 'Complete a sign-in with a two-factor or recovery code.', 'Accounts and sessions', ['UNAUTHENTICATED', 'RATE_LIMITED']],
  'POST /api/v1/auth/logout': ['logOut', 'End this session and clear its cookie.', 'Accounts and sessions', [], NO_CONTENT],
  'POST /api/v1/auth/logout-everywhere': ['logOutEverywhere', 'End every session of the user, and optionally every API token.', 'Accounts and sessions', ['FORBIDDEN']],
  'POST /api/v1/auth/verify-email': ['verifyEmail', 'Verify the email with the link’s token.', 'Accounts and sessions', ['NOT_FOUND', 'CONFLICT', 'RATE_LIMITED']],
  'POST /api/v1/auth/verify-email/resend': ['resendVerificationEmail', 'Send a new verification mail.', 'Accounts and sessions', ['CONFLICT', 'RATE_LIMITED'], NO_CONTENT],

  'GET /api/v1/me': ['getMe', 'Read the signed-in user and their companies.', 'The signed-in user', []],
  'GET /api/v1/me/tokens': ['listApiTokens', 'List the user’s API tokens.', 'The signed-in user', []],
  'POST /api/v1/me/tokens': ['createApiToken', 'Create an API token, shown this once.', 'The signed-in user', ['FORBIDDEN', 'REAUTHENTICATION_REQUIRED']],
  'DELETE /api/v1/me/tokens/:tokenId': ['revokeApiToken', 'Revoke one of the user’s API tokens.', 'The signed-in user', ['NOT_FOUND', 'FORBIDDEN'], NO_CONTENT],
  'GET /api/v1/me/security-events': ['listSecurityEvents', 'List the user’s security events of the last 90 days.', 'The signed-in user', []],

  'POST /api/v1/auth/forgot-password': ['requestPasswordReset', 'Mail a password reset link, if the email has an account.', "One's own account: password, name, email", ['RATE_LIMITED'], [202, 'Accepted: a reset mail follows if the email has an account']],
  'POST /api/v1/auth/reset-password': ['resetPassword', 'Set a new password with a reset link’s token.', "One's own account: password, name, email", ['NOT_FOUND', 'CONFLICT', 'RATE_LIMITED'], NO_CONTENT],
  'POST /api/v1/me/password': ['changePassword', 'Change the password.', "One's own account: password, name, email", ['FORBIDDEN', 'REAUTHENTICATION_REQUIRED', 'CONFLICT', 'RATE_LIMITED']],
  'PATCH /api/v1/me': ['updateMe', 'Change the user’s name.', "One's own account: password, name, email", []],
  'GET /api/v1/me/email': ['getEmailSettings', 'Read the email and the change waiting for confirmation.', "One's own account: password, name, email", []],
  'POST /api/v1/me/email': ['requestEmailChange', 'Ask to change the email: a link goes to the new address.', "One's own account: password, name, email", ['CONFLICT', 'EMAIL_TAKEN', 'FORBIDDEN', 'REAUTHENTICATION_REQUIRED', 'RATE_LIMITED']],
  'DELETE /api/v1/me/email/pending': ['cancelEmailChange', 'Drop the email change waiting for confirmation.', "One's own account: password, name, email", [], NO_CONTENT],
  'POST /api/v1/auth/confirm-email': ['confirmEmailChange', 'Confirm an email change with the link’s token.', "One's own account: password, name, email", ['NOT_FOUND', 'CONFLICT', 'EMAIL_TAKEN', 'RATE_LIMITED']],

  'POST /api/v1/me/reauthenticate': ['reauthenticate', 'Sign in again to allow sensitive changes for 10 minutes.', 'Signing in again', ['FORBIDDEN', 'RATE_LIMITED']],

  'GET /api/v1/me/two-factor': ['getTwoFactor', 'Read whether two-factor authentication is on.', 'Two-factor authentication', []],
  'POST /api/v1/me/two-factor': ['startTwoFactor', 'Create a new authenticator secret, not yet on.', 'Two-factor authentication', ['CONFLICT', 'FORBIDDEN']],
  'POST /api/v1/me/two-factor/enable': ['enableTwoFactor', 'Turn two-factor authentication on with a code.', 'Two-factor authentication', ['VALIDATION_FAILED', 'CONFLICT', 'RATE_LIMITED']],
  'POST /api/v1/me/two-factor/disable': ['disableTwoFactor', 'Turn two-factor authentication off.', 'Two-factor authentication', ['REAUTHENTICATION_REQUIRED', 'CONFLICT', 'FORBIDDEN', 'RATE_LIMITED'], NO_CONTENT],
  'POST /api/v1/me/two-factor/recovery-codes': ['replaceRecoveryCodes', 'Replace the recovery codes with ten new ones.', 'Two-factor authentication', ['REAUTHENTICATION_REQUIRED', 'CONFLICT']],

  'GET /api/v1/me/sessions': ['listSessions', 'List the user’s sessions.', 'Sessions and deleting the account', []],
  'DELETE /api/v1/me/sessions/:sessionId': ['endSession', 'End one of the user’s sessions.', 'Sessions and deleting the account', ['NOT_FOUND', 'FORBIDDEN'], NO_CONTENT],
  'POST /api/v1/me/sessions/end-others': ['endOtherSessions', 'End every session of the user but this one.', 'Sessions and deleting the account', ['FORBIDDEN']],
  'POST /api/v1/me/delete': ['deleteAccount', 'Delete the account.', 'Sessions and deleting the account', ['FORBIDDEN', 'REAUTHENTICATION_REQUIRED', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT', 'RATE_LIMITED']],

  'POST /api/v1/companies': ['createCompany', 'Create a company owned by the caller.', 'Companies and ownership', ['RATE_LIMITED']],
  'GET /api/v1/companies/:companyId': ['getCompany', 'Read a company and what the caller may do in it.', 'Companies and ownership', ['NOT_FOUND']],
  'POST /api/v1/companies/:companyId/ownership': ['transferOwnership', 'Hand the company’s ownership to another member.', 'Companies and ownership', ['FORBIDDEN', 'NOT_FOUND', 'REAUTHENTICATION_REQUIRED', 'CONFLICT', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT', 'RATE_LIMITED']],

  'PUT /api/v1/companies/:companyId/two-factor-rule': ['setTwoFactorRule', 'Set who must use two-factor authentication in the company.', "The company's two-factor rule", ['FORBIDDEN', 'TWO_FACTOR_REQUIRED', 'NOT_FOUND']],

  'GET /api/v1/companies/:companyId/teams': ['listTeams', 'List the company’s teams and what the caller may do in each.', 'Teams', ['NOT_FOUND']],
  'POST /api/v1/companies/:companyId/teams': ['createTeam', 'Create a team.', 'Teams', ['FORBIDDEN', 'NOT_FOUND', 'TEAM_NAME_TAKEN']],
  'PATCH /api/v1/companies/:companyId/teams/:teamId': ['updateTeam', 'Rename or hide a team.', 'Teams', ['FORBIDDEN', 'NOT_FOUND', 'TEAM_NAME_TAKEN', 'CONFLICT']],

  'GET /api/v1/companies/:companyId/members': ['listMembers', 'List the company’s members.', 'Members', ['NOT_FOUND']],
  'GET /api/v1/companies/:companyId/members/:userId': ['getMember', 'Read a member, their contracts and what the caller may do to them.', 'Members', ['NOT_FOUND']],
  'PUT /api/v1/companies/:companyId/members/:userId/teams/:teamId': ['setMemberTeamRoles', 'Add a member to a team, or replace their roles there.', 'Members', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT']],
  'DELETE /api/v1/companies/:companyId/members/:userId/teams/:teamId': ['removeMemberFromTeam', 'Take a member out of a team.', 'Members', ['FORBIDDEN', 'NOT_FOUND', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT']],
  'PUT /api/v1/companies/:companyId/members/:userId/company-roles': ['setMemberCompanyRoles', 'Replace a member’s company roles.', 'Members', ['FORBIDDEN', 'NOT_FOUND']],
  'DELETE /api/v1/companies/:companyId/members/:userId': ['removeMemberFromCompany', 'Remove a member from the company.', 'Members', ['FORBIDDEN', 'NOT_FOUND', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT'], NO_CONTENT],
  'POST /api/v1/companies/:companyId/members/:userId/suspend': ['suspendMember', 'Suspend a member.', 'Members', ['NOT_FOUND', 'FORBIDDEN', 'OWNER_CANNOT_BE_SUSPENDED']],
  'POST /api/v1/companies/:companyId/members/:userId/reinstate': ['reinstateMember', 'Reinstate a suspended member.', 'Members', ['NOT_FOUND', 'FORBIDDEN']],

  'POST /api/v1/companies/:companyId/invitations': ['inviteMembers', 'Invite people into teams of the company.', 'Invitations', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'EMAIL_NOT_VERIFIED', 'RATE_LIMITED', 'ALREADY_MEMBER', 'INVITATION_ALREADY_PENDING']],
  'POST /api/v1/companies/:companyId/invitations/batch': ['inviteMany', 'Invite a list of people, each with their own teams and roles, answered per row.', 'Invitations', ['NOT_FOUND']],
  'GET /api/v1/companies/:companyId/invitations': ['listInvitations', 'List the company’s invitations.', 'Invitations', ['FORBIDDEN', 'NOT_FOUND']],
  'PATCH /api/v1/companies/:companyId/invitations/:invitationId': ['updateInvitation', 'Change a pending invitation’s teams or company roles.', 'Invitations', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT']],
  'POST /api/v1/companies/:companyId/invitations/:invitationId/resend': ['resendInvitation', 'Send an invitation again with a new link.', 'Invitations', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'EMAIL_NOT_VERIFIED', 'RATE_LIMITED', 'ALREADY_MEMBER', 'INVITATION_ALREADY_PENDING']],
  'DELETE /api/v1/companies/:companyId/invitations/:invitationId': ['revokeInvitation', 'Revoke an invitation.', 'Invitations', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'], NO_CONTENT],
  'POST /api/v1/companies/:companyId/invitations/resend': ['resendInvitations', 'Send invitations again with new links, all or nothing.', 'Invitations', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'EMAIL_NOT_VERIFIED', 'RATE_LIMITED', 'ALREADY_MEMBER', 'INVITATION_ALREADY_PENDING']],
  'POST /api/v1/companies/:companyId/invitations/revoke': ['revokeInvitations', 'Revoke invitations, all or nothing.', 'Invitations', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'], NO_CONTENT],
  'GET /api/v1/invitations/:token': ['getInvitationByToken', 'Read an invitation by its link’s token.', 'Invitations', ['NOT_FOUND', 'RATE_LIMITED']],
  'POST /api/v1/invitations/:token/accept': ['acceptInvitation', 'Accept an invitation.', 'Invitations', ['NOT_FOUND', 'INVITATION_EXPIRED', 'INVITATION_NOT_PENDING', 'INVITATION_EMAIL_MISMATCH', 'RATE_LIMITED']],
  'POST /api/v1/invitations/:token/decline': ['declineInvitation', 'Decline an invitation.', 'Invitations', ['NOT_FOUND', 'INVITATION_EXPIRED', 'INVITATION_NOT_PENDING', 'RATE_LIMITED'], NO_CONTENT],

  'GET /api/v1/companies/:companyId/contracts': ['listContracts', 'List the company’s contracts.', 'Contracts', ['NOT_FOUND']],
  'POST /api/v1/companies/:companyId/contracts': ['createContract', 'Create a contract in a team.', 'Contracts', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'NOT_HIRING_MANAGER']],
  'PATCH /api/v1/companies/:companyId/contracts/:contractId': ['updateContract', 'Change a contract’s contact person, team or status.', 'Contracts', ['FORBIDDEN', 'NOT_FOUND', 'NOT_HIRING_MANAGER', 'CONFLICT']],

  'GET /api/v1/companies/:companyId/domains': ['listDomains', 'List the company’s domains and its joining setting.', 'Domains and joining', ['FORBIDDEN', 'NOT_FOUND']],
  'POST /api/v1/companies/:companyId/domains': ['addDomain', 'Add a domain, pending verification.', 'Domains and joining', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT']],
  'POST /api/v1/companies/:companyId/domains/:domainId/check': ['checkDomain', 'Verify a domain by its DNS TXT record.', 'Domains and joining', ['NOT_FOUND', 'FORBIDDEN', 'DOMAIN_TAKEN', 'DOMAIN_RECORD_NOT_FOUND', 'DNS_LOOKUP_FAILED', 'CONFLICT']],
  'DELETE /api/v1/companies/:companyId/domains/:domainId': ['removeDomain', 'Remove a domain.', 'Domains and joining', ['NOT_FOUND', 'FORBIDDEN'], NO_CONTENT],
  'PUT /api/v1/companies/:companyId/joining': ['setJoining', 'Set how people of a verified domain may join.', 'Domains and joining', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT']],
  'GET /api/v1/companies/:companyId/join-requests': ['listJoinRequests', 'List the pending requests to join.', 'Domains and joining', ['FORBIDDEN', 'NOT_FOUND']],
  'POST /api/v1/companies/:companyId/join-requests/:requestId/approve': ['approveJoinRequest', 'Approve a request to join.', 'Domains and joining', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT']],
  'POST /api/v1/companies/:companyId/join-requests/:requestId/decline': ['declineJoinRequest', 'Decline a request to join.', 'Domains and joining', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT']],
  'GET /api/v1/me/joinable-companies': ['listJoinableCompanies', 'List the companies the caller may join by their email’s domain.', 'Domains and joining', ['EMAIL_NOT_VERIFIED']],
  'POST /api/v1/me/joinable-companies/:companyId/join': ['joinCompany', 'Join a company by domain, or ask to.', 'Domains and joining', ['EMAIL_NOT_VERIFIED', 'NOT_FOUND', 'ALREADY_MEMBER', 'JOIN_REQUEST_ALREADY_PENDING', 'CONFLICT', 'RATE_LIMITED']],

  'GET /api/v1/companies/:companyId/scim-tokens': ['listScimTokens', 'List the company’s SCIM tokens.', 'SCIM', ['FORBIDDEN', 'NOT_FOUND']],
  'POST /api/v1/companies/:companyId/scim-tokens': ['createScimToken', 'Create a SCIM token, shown this once.', 'SCIM', ['FORBIDDEN', 'REAUTHENTICATION_REQUIRED', 'NOT_FOUND']],
  'DELETE /api/v1/companies/:companyId/scim-tokens/:tokenId': ['revokeScimToken', 'Revoke a SCIM token.', 'SCIM', ['NOT_FOUND', 'FORBIDDEN'], NO_CONTENT],
  'GET /scim/v2/ServiceProviderConfig': ['getScimServiceProviderConfig', 'Read what this SCIM service supports.', 'SCIM', []],
  'GET /scim/v2/Schemas': ['listScimSchemas', 'List the SCIM schemas.', 'SCIM', []],
  'GET /scim/v2/Schemas/:id': ['getScimSchema', 'Read a SCIM schema.', 'SCIM', ['NOT_FOUND']],
  'GET /scim/v2/ResourceTypes': ['listScimResourceTypes', 'List the SCIM resource types.', 'SCIM', []],
  'GET /scim/v2/ResourceTypes/:id': ['getScimResourceType', 'Read a SCIM resource type.', 'SCIM', ['NOT_FOUND']],
  'GET /scim/v2/Users': ['listScimUsers', 'List the company’s members as SCIM Users.', 'SCIM', []],
  'POST /scim/v2/Users': ['createScimUser', 'Provision a member.', 'SCIM', ['ALREADY_MEMBER', 'EMAIL_TAKEN']],
  'GET /scim/v2/Users/:id': ['getScimUser', 'Read a member as a SCIM User.', 'SCIM', ['NOT_FOUND']],
  'PUT /scim/v2/Users/:id': ['replaceScimUser', 'Replace a SCIM User.', 'SCIM', ['NOT_FOUND', 'EMAIL_TAKEN', 'OWNER_CANNOT_BE_SUSPENDED', 'PRECONDITION_FAILED']],
  'PATCH /scim/v2/Users/:id': ['patchScimUser', 'Change a SCIM User with a PatchOp.', 'SCIM', ['NOT_FOUND', 'EMAIL_TAKEN', 'OWNER_CANNOT_BE_SUSPENDED', 'PRECONDITION_FAILED']],
  'DELETE /scim/v2/Users/:id': ['deleteScimUser', 'Remove a member from the company.', 'SCIM', ['NOT_FOUND', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT'], NO_CONTENT],
  'GET /scim/v2/Groups': ['listScimGroups', 'List the company’s teams as SCIM Groups.', 'SCIM', []],
  'POST /scim/v2/Groups': ['createScimGroup', 'Create a team.', 'SCIM', ['TEAM_NAME_TAKEN']],
  'GET /scim/v2/Groups/:id': ['getScimGroup', 'Read a team as a SCIM Group.', 'SCIM', ['NOT_FOUND']],
  'PUT /scim/v2/Groups/:id': ['replaceScimGroup', 'Replace a SCIM Group: its name and members.', 'SCIM', ['NOT_FOUND', 'TEAM_NAME_TAKEN', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT', 'PRECONDITION_FAILED']],
  'PATCH /scim/v2/Groups/:id': ['patchScimGroup', 'Change a SCIM Group with a PatchOp.', 'SCIM', ['NOT_FOUND', 'TEAM_NAME_TAKEN', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT', 'PRECONDITION_FAILED']],
  'DELETE /scim/v2/Groups/:id': ['deleteScimGroup', 'Hide a team from SCIM.', 'SCIM', ['NOT_FOUND', 'CONFLICT'], NO_CONTENT],

  'GET /api/v1/companies/:companyId/sso': ['getSso', 'Read the company’s single sign-on and its redirect URI.', 'Single sign-on', ['FORBIDDEN', 'NOT_FOUND']],
  'PUT /api/v1/companies/:companyId/sso': ['configureSso', 'Set the company’s single sign-on.', 'Single sign-on', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'SSO_DISCOVERY_FAILED']],
  'DELETE /api/v1/companies/:companyId/sso': ['removeSso', 'Remove the company’s single sign-on.', 'Single sign-on', ['FORBIDDEN', 'NOT_FOUND'], NO_CONTENT],
  'POST /api/v1/auth/sso/start': ['startSsoSignIn', 'Start a single sign-on: the provider’s URL to send the browser to.', 'Single sign-on', ['SSO_NOT_CONFIGURED', 'SSO_DISCOVERY_FAILED', 'RATE_LIMITED']],
  'GET /api/v1/auth/sso/callback': ['completeSsoSignIn', 'The provider’s redirect back: sign in and go on to the page.', 'Single sign-on', ['RATE_LIMITED'], [302, 'Found: to the page asked for, signed in, or to /signin/sso?error=<reason>']],

  'GET /api/v1/companies/:companyId/audit-events': ['listAuditEvents', 'List the company’s audit events.', 'Audit log', ['FORBIDDEN', 'NOT_FOUND']],

  'GET /api/v1/companies/:companyId/members/export': ['exportMembers', 'Download the members as CSV or JSON lines.', 'Exports', ['FORBIDDEN', 'NOT_FOUND']],
  'GET /api/v1/companies/:companyId/audit-events/export': ['exportAuditEvents', 'Download the audit log as CSV or JSON lines.', 'Exports', ['FORBIDDEN', 'NOT_FOUND']],

  'GET /api/v1/health': ['getHealth', 'Whether the server and its database answer.', 'Health', ['SERVICE_UNAVAILABLE']],
  'GET /api/v1/health/ready': ['getReadiness', 'Whether the database answers within 2 seconds.', 'Health', ['SERVICE_UNAVAILABLE']],
  'GET /api/v1/health/live': ['getLiveness', 'Whether the process serves.', 'Health', []],
};

/** The files an export answers with (exports.ts): a stream, never serialized. */
const EXPORT_FILE = {
  description: 'The file, CSV or JSON lines by `format`',
  content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } },
};

/** Whether a route is documented: the API's and SCIM's, not the page's or hidden ones. */
const documented = (route: RouteOptions): boolean =>
  route.method !== 'HEAD' && route.schema?.hide !== true && /^\/(api\/v1|scim\/v2)\//.test(route.url);

/**
 * An onRoute hook (app.ts) that adds each operation's description to its route's schema: the
 * codes of OPERATIONS, and those every route of its kind can answer: 401 UNAUTHENTICATED where a
 * sign-in (or SCIM token) is needed, 403 CSRF_REJECTED for a change by session, 400
 * VALIDATION_FAILED where there is input, and 415 and 413 for any method but GET (a body sent to
 * one is parsed, whether or not the route reads it).
 */
export function describeRoute(route: RouteOptions): void {
  if (!documented(route)) return;
  const key = `${String(route.method)} ${route.url}`;
  const operation = OPERATIONS[key];
  if (!operation) throw new Error(`${key} has no operation in src/http/openapi.ts`);
  const [operationId, summary, tag, codes, noContent] = operation;
  const schema = (route.schema ?? {}) as { body?: unknown; params?: unknown; querystring?: unknown; response?: Record<string, unknown> };
  const scim = route.url.startsWith('/scim/v2/');
  const isPublic = route.config?.public === true;
  const all: ErrorCode[] = [
    ...(schema.body || schema.params || schema.querystring || route.method !== 'GET' ? (['VALIDATION_FAILED'] as const) : []),
    ...(!isPublic || scim ? (['UNAUTHENTICATED'] as const) : []),
    ...(!isPublic && !scim && route.method !== 'GET' ? (['CSRF_REJECTED'] as const) : []),
    ...codes,
    ...(route.method !== 'GET' ? (['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const) : []),
  ];
  const success =
    key.endsWith('/export') ? { 200: EXPORT_FILE } : noContent ? { [noContent[0]]: noBody(noContent[1]) } : {};
  route.schema = {
    ...schema,
    operationId,
    summary,
    tags: [tag],
    response: { ...schema.response, ...success, ...problems(all, scim ? SCIM : PROBLEM) },
  };
}

/** The top-level tags of the document, with their descriptions. */
export const openApiTags = Object.entries(TAGS).map(([name, description]) => ({ name, description }));
