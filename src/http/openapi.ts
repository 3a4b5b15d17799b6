import type { RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
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
 * The schemas of error bodies (`problems()` adds each it makes). Their serializer writes the body
 * as it is (JSON.stringify, as without a schema): they document the errors and never check or
 * reshape one (app.ts).
 */
const errorBodies = new Set<unknown>([problemSchema, scimErrorSchema]);
export const sentAsIs: ReadonlySet<unknown> = errorBodies;

const PROBLEM = 'application/problem+json';
const SCIM = 'application/scim+json';

type ErrorResponses = Record<number, { description: string; content: Record<string, { schema: z.ZodType }> }>;

/** The error body of these codes: the problem (or SCIM's error) whose `code` is one of them, made once per list. */
const errorBodyOf = (() => {
  const made = new Map<string, z.ZodType>();
  return (codes: [ErrorCode, ...ErrorCode[]], base: typeof problemSchema | typeof scimErrorSchema): z.ZodType => {
    const key = `${base === problemSchema ? PROBLEM : SCIM} ${codes.join(' ')}`;
    let schema = made.get(key);
    if (!schema) {
      // allOf [the problem, its code as an enum]: a client generated from the document types the
      // codes each answer can carry (clients/typescript).
      schema = z.intersection(base, z.looseObject({ code: z.enum(codes) }));
      made.set(key, schema);
      errorBodies.add(schema);
    }
    return schema;
  };
})();

/**
 * The error responses of these codes, by status: `application/problem+json` (or SCIM's error),
 * each status listing its codes, in its description and as the enum of the body's `code`.
 */
export function problems(codes: readonly ErrorCode[], mediaType: typeof PROBLEM | typeof SCIM = PROBLEM): ErrorResponses {
  const byStatus = new Map<number, [ErrorCode, ...ErrorCode[]]>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    const listed = byStatus.get(status);
    if (!listed) byStatus.set(status, [code]);
    else if (!listed.includes(code)) listed.push(code);
  }
  const base = mediaType === PROBLEM ? problemSchema : scimErrorSchema;
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, listed]) => [status, { description: listed.join(', '), content: { [mediaType]: { schema: errorBodyOf(listed, base) } } }]),
  );
}

/** A success answer without a body (204, 202, a redirect). */
const noBody = (description: string) => z.null().describe(description);

/**
 * An operation: `[operationId, summary, tag, error codes of API.md, success]`. The success is the
 * status of the answer and what it holds (the response's description in the document); a status the
 * route declares no body for is answered without one (204, 202, a redirect). Left out, the summary
 * describes the answer.
 */
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
  'The permission check': 'What members may do, asked by the company’s other systems with a company API token',
  Webhooks: 'A company’s webhook endpoints, their secrets and delivery logs',
  'Audit log': 'What happened in a company',
  Exports: 'The members and the audit log as CSV or JSON lines',
  Health: 'Liveness and readiness',
} as const;
type Tag = keyof typeof TAGS;

/** Every operation of API.md "Routes", by `METHOD path` as Fastify registers it. */
const OPERATIONS: Record<string, Operation> = {
  'POST /api/v1/auth/signup': ['signUp', 'Create an account and sign in.', 'Accounts and sessions', ['EMAIL_TAKEN', 'SSO_REQUIRED', 'NOT_FOUND', 'INVITATION_REPLACED', 'INVITATION_EMAIL_MISMATCH', 'INVITATION_EXPIRED', 'INVITATION_NOT_PENDING', 'RATE_LIMITED'], [201, 'Signed up: the user, the company joined by the invitation (or null), and the session cookie']],
  'POST /api/v1/auth/login': ['logIn', 'Sign in with email and password.', 'Accounts and sessions', ['UNAUTHENTICATED', 'RATE_LIMITED'], [200, 'Signed in: the user and the session cookie; with two-factor on, the challenge the code goes with instead']],
  'POST /api/v1/auth/login/two-factor': ['logInWithTwoFactor', 'Complete a sign-in with a two-factor or recovery code.', 'Accounts and sessions', ['UNAUTHENTICATED', 'RATE_LIMITED'], [200, 'Signed in: the user and the session cookie']],
  'POST /api/v1/auth/logout': ['logOut', 'End this session and clear its cookie.', 'Accounts and sessions', [], [204, 'Signed out: the session ended and its cookie cleared']],
  'POST /api/v1/auth/logout-everywhere': ['logOutEverywhere', 'End every session of the user, and optionally every API token.', 'Accounts and sessions', ['FORBIDDEN'], [200, 'The numbers of sessions and API tokens ended']],
  'POST /api/v1/auth/verify-email': ['verifyEmail', 'Verify the email with the link’s token.', 'Accounts and sessions', ['NOT_FOUND', 'CONFLICT', 'RATE_LIMITED'], [200, 'The user, with the email verified']],
  'POST /api/v1/auth/verify-email/resend': ['resendVerificationEmail', 'Send a new verification mail.', 'Accounts and sessions', ['CONFLICT', 'RATE_LIMITED'], [204, 'A new verification mail is on its way']],

  'GET /api/v1/me': ['getMe', 'Read the signed-in user and their companies.', 'The signed-in user', [], [200, 'The user and their companies, with their roles and teams in each']],
  'GET /api/v1/me/tokens': ['listApiTokens', 'List the user’s API tokens.', 'The signed-in user', [], [200, 'The user’s API tokens, newest first; never a secret']],
  'POST /api/v1/me/tokens': ['createApiToken', 'Create an API token, shown this once.', 'The signed-in user', ['FORBIDDEN', 'REAUTHENTICATION_REQUIRED'], [201, 'The new API token, its secret shown this once']],
  'DELETE /api/v1/me/tokens/:tokenId': ['revokeApiToken', 'Revoke one of the user’s API tokens.', 'The signed-in user', ['NOT_FOUND', 'FORBIDDEN'], [204, 'The token is revoked']],
  'GET /api/v1/me/security-events': ['listSecurityEvents', 'List the user’s security events of the last 90 days.', 'The signed-in user', [], [200, 'A page of the user’s security events, newest first']],

  'POST /api/v1/auth/forgot-password': ['requestPasswordReset', 'Mail a password reset link, if the email has an account.', "One's own account: password, name, email", ['RATE_LIMITED'], [202, 'Accepted: a reset mail follows if the email has an account']],
  'POST /api/v1/auth/reset-password': ['resetPassword', 'Set a new password with a reset link’s token.', "One's own account: password, name, email", ['NOT_FOUND', 'CONFLICT', 'RATE_LIMITED'], [204, 'The new password is set and every session of the account ended']],
  'POST /api/v1/me/password': ['changePassword', 'Change the password.', "One's own account: password, name, email", ['FORBIDDEN', 'REAUTHENTICATION_REQUIRED', 'CONFLICT', 'RATE_LIMITED'], [200, 'The password is changed; how many other sessions ended']],
  'PATCH /api/v1/me': ['updateMe', 'Change the user’s name, language or both.', "One's own account: password, name, email", [], [200, 'The user, with the new name and language']],
  'GET /api/v1/me/email': ['getEmailSettings', 'Read the email and the change waiting for confirmation.', "One's own account: password, name, email", [], [200, 'The email, whether it is verified, and the change waiting for confirmation']],
  'POST /api/v1/me/email': ['requestEmailChange', 'Ask to change the email: a link goes to the new address.', "One's own account: password, name, email", ['CONFLICT', 'EMAIL_TAKEN', 'FORBIDDEN', 'REAUTHENTICATION_REQUIRED', 'RATE_LIMITED'], [202, 'The change waiting for confirmation: a link went to the new address']],
  'DELETE /api/v1/me/email/pending': ['cancelEmailChange', 'Drop the email change waiting for confirmation.', "One's own account: password, name, email", [], [204, 'No email change is waiting any more']],
  'POST /api/v1/auth/confirm-email': ['confirmEmailChange', 'Confirm an email change with the link’s token.', "One's own account: password, name, email", ['NOT_FOUND', 'CONFLICT', 'EMAIL_TAKEN', 'RATE_LIMITED'], [200, 'The user, with the new email, verified']],

  'POST /api/v1/me/reauthenticate': ['reauthenticate', 'Sign in again to allow sensitive changes for 10 minutes.', 'Signing in again', ['FORBIDDEN', 'RATE_LIMITED'], [200, 'When the session signed in again: sensitive changes are allowed for 10 minutes']],

  'GET /api/v1/me/two-factor': ['getTwoFactor', 'Read whether two-factor authentication is on.', 'Two-factor authentication', [], [200, 'Whether two-factor authentication is on, since when, and how many recovery codes are left']],
  'POST /api/v1/me/two-factor': ['startTwoFactor', 'Create a new authenticator secret, not yet on.', 'Two-factor authentication', ['CONFLICT', 'FORBIDDEN'], [201, 'The new authenticator secret and its otpauth URI, not yet on']],
  'POST /api/v1/me/two-factor/enable': ['enableTwoFactor', 'Turn two-factor authentication on with a code.', 'Two-factor authentication', ['VALIDATION_FAILED', 'CONFLICT', 'RATE_LIMITED'], [200, 'Two-factor authentication is on: ten recovery codes, shown this once']],
  'POST /api/v1/me/two-factor/disable': ['disableTwoFactor', 'Turn two-factor authentication off.', 'Two-factor authentication', ['REAUTHENTICATION_REQUIRED', 'CONFLICT', 'FORBIDDEN', 'RATE_LIMITED'], [204, 'Two-factor authentication is off: the secret and recovery codes deleted']],
  'POST /api/v1/me/two-factor/recovery-codes': ['replaceRecoveryCodes', 'Replace the recovery codes with ten new ones.', 'Two-factor authentication', ['REAUTHENTICATION_REQUIRED', 'CONFLICT'], [200, 'Ten new recovery codes, shown this once; the old ones stop working']],

  'GET /api/v1/me/sessions': ['listSessions', 'List the user’s sessions.', 'Sessions and deleting the account', [], [200, 'The user’s sessions that still sign in, the most recently used first']],
  'DELETE /api/v1/me/sessions/:sessionId': ['endSession', 'End one of the user’s sessions.', 'Sessions and deleting the account', ['NOT_FOUND', 'FORBIDDEN'], [204, 'The session has ended']],
  'POST /api/v1/me/sessions/end-others': ['endOtherSessions', 'End every session of the user but this one.', 'Sessions and deleting the account', ['FORBIDDEN'], [200, 'How many sessions ended']],
  'POST /api/v1/me/delete': ['deleteAccount', 'Delete the account.', 'Sessions and deleting the account', ['FORBIDDEN', 'REAUTHENTICATION_REQUIRED', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT', 'RATE_LIMITED'], [200, 'The account is deleted; how many companies it left']],

  'POST /api/v1/companies': ['createCompany', 'Create a company owned by the caller.', 'Companies and ownership', ['RATE_LIMITED'], [201, 'The new company, owned by the caller']],
  'GET /api/v1/companies/:companyId': ['getCompany', 'Read a company and what the caller may do in it.', 'Companies and ownership', ['NOT_FOUND'], [200, 'The company, what the caller may do in it, and the company roles they may invite with']],
  'POST /api/v1/companies/:companyId/ownership': ['transferOwnership', 'Hand the company’s ownership to another member.', 'Companies and ownership', ['FORBIDDEN', 'NOT_FOUND', 'REAUTHENTICATION_REQUIRED', 'CONFLICT', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT', 'RATE_LIMITED'], [200, 'The company, with its new owner']],

  'PUT /api/v1/companies/:companyId/two-factor-rule': ['setTwoFactorRule', 'Set who must use two-factor authentication in the company.', "The company's two-factor rule", ['FORBIDDEN', 'TWO_FACTOR_REQUIRED', 'NOT_FOUND'], [200, 'The company, with its new two-factor rule']],

  'GET /api/v1/companies/:companyId/teams': ['listTeams', 'List the company’s teams and what the caller may do in each.', 'Teams', ['NOT_FOUND'], [200, 'The company’s teams, the default one first, and what the caller may do in each']],
  'POST /api/v1/companies/:companyId/teams': ['createTeam', 'Create a team.', 'Teams', ['FORBIDDEN', 'NOT_FOUND', 'TEAM_NAME_TAKEN'], [201, 'The new team']],
  'PATCH /api/v1/companies/:companyId/teams/:teamId': ['updateTeam', 'Rename or hide a team.', 'Teams', ['FORBIDDEN', 'NOT_FOUND', 'TEAM_NAME_TAKEN', 'CONFLICT'], [200, 'The team as it now is']],

  'GET /api/v1/companies/:companyId/members': ['listMembers', 'List the company’s members.', 'Members', ['NOT_FOUND'], [200, 'A page of members, by name then id, and what the caller may do to each']],
  'GET /api/v1/companies/:companyId/members/count': ['countMembers', 'Count the members the list’s filters choose.', 'Members', ['NOT_FOUND'], [200, 'How many members the filters choose']],
  'POST /api/v1/companies/:companyId/members/bulk': ['changeMembersInBulk', 'Apply one change to many members, each answered on their own.', 'Members', ['NOT_FOUND', 'CONFLICT'], [200, 'One outcome per person: done, or refused with its code']],
  'GET /api/v1/companies/:companyId/members/:userId': ['getMember', 'Read a member, their contracts and what the caller may do to them.', 'Members', ['NOT_FOUND'], [200, 'The member, the contracts they are the contact person of, and what the caller may do to them']],
  'PUT /api/v1/companies/:companyId/members/:userId/teams/:teamId': ['setMemberTeamRoles', 'Add a member to a team, or replace their roles there.', 'Members', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT'], [200, 'The member, in the team with these roles']],
  'DELETE /api/v1/companies/:companyId/members/:userId/teams/:teamId': ['removeMemberFromTeam', 'Take a member out of a team.', 'Members', ['FORBIDDEN', 'NOT_FOUND', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT'], [200, 'The member as they now are, or null and leftCompany when that was their last team']],
  'PUT /api/v1/companies/:companyId/members/:userId/company-roles': ['setMemberCompanyRoles', 'Replace a member’s company roles.', 'Members', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The member, with these company roles']],
  'DELETE /api/v1/companies/:companyId/members/:userId': ['removeMemberFromCompany', 'Remove a member from the company.', 'Members', ['FORBIDDEN', 'NOT_FOUND', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT'], [204, 'The member is out of the company']],
  'POST /api/v1/companies/:companyId/members/:userId/suspend': ['suspendMember', 'Suspend a member.', 'Members', ['NOT_FOUND', 'FORBIDDEN', 'OWNER_CANNOT_BE_SUSPENDED'], [200, 'The member, suspended']],
  'POST /api/v1/companies/:companyId/members/:userId/reinstate': ['reinstateMember', 'Reinstate a suspended member.', 'Members', ['NOT_FOUND', 'FORBIDDEN'], [200, 'The member, no longer suspended']],

  'POST /api/v1/companies/:companyId/invitations': ['inviteMembers', 'Invite people into teams of the company.', 'Invitations', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'EMAIL_NOT_VERIFIED', 'RATE_LIMITED', 'ALREADY_MEMBER', 'INVITATION_ALREADY_PENDING'], [201, 'The invitations made, one mail each']],
  'POST /api/v1/companies/:companyId/invitations/batch': ['inviteMany', 'Invite a list of people, each with their own teams and roles, answered per row.', 'Invitations', ['NOT_FOUND'], [200, 'One answer per row: invited, valid (a dry run) or refused with its code']],
  'GET /api/v1/companies/:companyId/invitations': ['listInvitations', 'List the company’s invitations.', 'Invitations', ['FORBIDDEN', 'NOT_FOUND'], [200, 'A page of invitations, newest first']],
  'PATCH /api/v1/companies/:companyId/invitations/:invitationId': ['updateInvitation', 'Change a pending invitation’s teams or company roles.', 'Invitations', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'], [200, 'The invitation with its new teams or company roles']],
  'POST /api/v1/companies/:companyId/invitations/:invitationId/resend': ['resendInvitation', 'Send an invitation again with a new link.', 'Invitations', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'EMAIL_NOT_VERIFIED', 'RATE_LIMITED', 'ALREADY_MEMBER', 'INVITATION_ALREADY_PENDING'], [200, 'The invitation, pending again with a new link and expiry']],
  'DELETE /api/v1/companies/:companyId/invitations/:invitationId': ['revokeInvitation', 'Revoke an invitation.', 'Invitations', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'], [204, 'The invitation is revoked']],
  'POST /api/v1/companies/:companyId/invitations/resend': ['resendInvitations', 'Send invitations again with new links, all or nothing.', 'Invitations', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'EMAIL_NOT_VERIFIED', 'RATE_LIMITED', 'ALREADY_MEMBER', 'INVITATION_ALREADY_PENDING'], [200, 'The invitations, pending again with new links and expiries']],
  'POST /api/v1/companies/:companyId/invitations/revoke': ['revokeInvitations', 'Revoke invitations, all or nothing.', 'Invitations', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'], [204, 'The invitations are revoked']],
  'GET /api/v1/invitations/:token': ['getInvitationByToken', 'Read an invitation by its link’s token.', 'Invitations', ['NOT_FOUND', 'INVITATION_REPLACED', 'RATE_LIMITED'], [200, 'The invitation as its recipient sees it: the company, the inviter, the teams and roles offered']],
  'POST /api/v1/invitations/:token/accept': ['acceptInvitation', 'Accept an invitation.', 'Invitations', ['NOT_FOUND', 'INVITATION_REPLACED', 'INVITATION_EXPIRED', 'INVITATION_NOT_PENDING', 'INVITATION_EMAIL_MISMATCH', 'RATE_LIMITED'], [200, 'The company joined and the caller as its member']],
  'POST /api/v1/invitations/:token/decline': ['declineInvitation', 'Decline an invitation.', 'Invitations', ['NOT_FOUND', 'INVITATION_REPLACED', 'INVITATION_EXPIRED', 'INVITATION_NOT_PENDING', 'RATE_LIMITED'], [204, 'The invitation is declined']],

  'GET /api/v1/companies/:companyId/contracts': ['listContracts', 'List the company’s contracts.', 'Contracts', ['NOT_FOUND'], [200, 'A page of contracts, newest first']],
  'POST /api/v1/companies/:companyId/contracts': ['createContract', 'Create a contract in a team.', 'Contracts', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'NOT_HIRING_MANAGER'], [201, 'The new contract, active']],
  'PATCH /api/v1/companies/:companyId/contracts/:contractId': ['updateContract', 'Change a contract’s contact person, team or status.', 'Contracts', ['FORBIDDEN', 'NOT_FOUND', 'NOT_HIRING_MANAGER', 'CONFLICT'], [200, 'The contract as it now is']],

  'GET /api/v1/companies/:companyId/domains': ['listDomains', 'List the company’s domains and its joining setting.', 'Domains and joining', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The company’s domains, oldest first, and its joining setting']],
  'POST /api/v1/companies/:companyId/domains': ['addDomain', 'Add a domain, pending verification.', 'Domains and joining', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'], [201, 'The new domain, pending, with the TXT record that verifies it']],
  'POST /api/v1/companies/:companyId/domains/:domainId/check': ['checkDomain', 'Verify a domain by its DNS TXT record.', 'Domains and joining', ['NOT_FOUND', 'FORBIDDEN', 'DOMAIN_TAKEN', 'DOMAIN_RECORD_NOT_FOUND', 'DNS_LOOKUP_FAILED', 'CONFLICT'], [200, 'The domain, verified']],
  'DELETE /api/v1/companies/:companyId/domains/:domainId': ['removeDomain', 'Remove a domain.', 'Domains and joining', ['NOT_FOUND', 'FORBIDDEN'], [204, 'The domain is removed']],
  'PUT /api/v1/companies/:companyId/joining': ['setJoining', 'Set how people of a verified domain may join.', 'Domains and joining', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT'], [200, 'The company’s joining setting as it now is']],
  'GET /api/v1/companies/:companyId/join-requests': ['listJoinRequests', 'List the pending requests to join.', 'Domains and joining', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The pending requests to join, oldest first']],
  'POST /api/v1/companies/:companyId/join-requests/:requestId/approve': ['approveJoinRequest', 'Approve a request to join.', 'Domains and joining', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT'], [200, 'The request, approved: the requester joined']],
  'POST /api/v1/companies/:companyId/join-requests/:requestId/decline': ['declineJoinRequest', 'Decline a request to join.', 'Domains and joining', ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT'], [200, 'The request, declined']],
  'GET /api/v1/me/joinable-companies': ['listJoinableCompanies', 'List the companies the caller may join by their email’s domain.', 'Domains and joining', ['EMAIL_NOT_VERIFIED'], [200, 'The companies the caller may join or ask to join']],
  'POST /api/v1/me/joinable-companies/:companyId/join': ['joinCompany', 'Join a company by domain, or ask to.', 'Domains and joining', ['EMAIL_NOT_VERIFIED', 'NOT_FOUND', 'ALREADY_MEMBER', 'JOIN_REQUEST_ALREADY_PENDING', 'CONFLICT', 'RATE_LIMITED'], [200, 'Joined, or the request to join is pending']],

  'GET /api/v1/companies/:companyId/scim-tokens': ['listScimTokens', 'List the company’s SCIM tokens.', 'SCIM', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The company’s SCIM tokens, newest first, and the SCIM endpoint; never a secret']],
  'POST /api/v1/companies/:companyId/scim-tokens': ['createScimToken', 'Create a SCIM token, shown this once.', 'SCIM', ['FORBIDDEN', 'REAUTHENTICATION_REQUIRED', 'NOT_FOUND'], [201, 'The new SCIM token, its secret shown this once, and the SCIM endpoint']],
  'DELETE /api/v1/companies/:companyId/scim-tokens/:tokenId': ['revokeScimToken', 'Revoke a SCIM token.', 'SCIM', ['NOT_FOUND', 'FORBIDDEN'], [204, 'The SCIM token is revoked']],
  'GET /api/v1/companies/:companyId/api-tokens': ['listCompanyApiTokens', 'List the company’s API tokens for its other systems.', 'The permission check', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The company’s API tokens, newest first; never a secret']],
  'POST /api/v1/companies/:companyId/api-tokens': ['createCompanyApiToken', 'Create a company API token, shown this once.', 'The permission check', ['FORBIDDEN', 'REAUTHENTICATION_REQUIRED', 'NOT_FOUND'], [201, 'The new company API token, its secret shown this once']],
  'DELETE /api/v1/companies/:companyId/api-tokens/:tokenId': ['revokeCompanyApiToken', 'Revoke a company API token.', 'The permission check', ['NOT_FOUND', 'FORBIDDEN'], [204, 'The company API token is revoked']],
  'POST /api/v1/companies/:companyId/permissions/check': ['checkPermissions', 'Ask what members may do, up to 1,000 questions at once.', 'The permission check', ['UNAUTHENTICATED', 'NOT_FOUND'], [200, 'One answer per question, in its order: allowed, or why not']],
  'GET /scim/v2/ServiceProviderConfig': ['getScimServiceProviderConfig', 'Read what this SCIM service supports.', 'SCIM', [], [200, 'What this SCIM service supports']],
  'GET /scim/v2/Schemas': ['listScimSchemas', 'List the SCIM schemas.', 'SCIM', [], [200, 'The core User and Group schemas']],
  'GET /scim/v2/Schemas/:id': ['getScimSchema', 'Read a SCIM schema.', 'SCIM', ['NOT_FOUND'], [200, 'The schema']],
  'GET /scim/v2/ResourceTypes': ['listScimResourceTypes', 'List the SCIM resource types.', 'SCIM', [], [200, 'The resource types User and Group']],
  'GET /scim/v2/ResourceTypes/:id': ['getScimResourceType', 'Read a SCIM resource type.', 'SCIM', ['NOT_FOUND'], [200, 'The resource type']],
  'GET /scim/v2/Users': ['listScimUsers', 'List the company’s members as SCIM Users.', 'SCIM', [], [200, 'A ListResponse of Users']],
  'POST /scim/v2/Users': ['createScimUser', 'Provision a member.', 'SCIM', ['ALREADY_MEMBER', 'EMAIL_TAKEN'], [201, 'The new member as a SCIM User']],
  'GET /scim/v2/Users/:id': ['getScimUser', 'Read a member as a SCIM User.', 'SCIM', ['NOT_FOUND'], [200, 'The member as a SCIM User']],
  'PUT /scim/v2/Users/:id': ['replaceScimUser', 'Replace a SCIM User.', 'SCIM', ['NOT_FOUND', 'EMAIL_TAKEN', 'OWNER_CANNOT_BE_SUSPENDED', 'PRECONDITION_FAILED'], [200, 'The User as it now is']],
  'PATCH /scim/v2/Users/:id': ['patchScimUser', 'Change a SCIM User with a PatchOp.', 'SCIM', ['NOT_FOUND', 'EMAIL_TAKEN', 'OWNER_CANNOT_BE_SUSPENDED', 'PRECONDITION_FAILED'], [200, 'The User as it now is']],
  'DELETE /scim/v2/Users/:id': ['deleteScimUser', 'Remove a member from the company.', 'SCIM', ['NOT_FOUND', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT'], [204, 'The member is out of the company']],
  'GET /scim/v2/Groups': ['listScimGroups', 'List the company’s teams as SCIM Groups.', 'SCIM', [], [200, 'A ListResponse of Groups']],
  'POST /scim/v2/Groups': ['createScimGroup', 'Create a team.', 'SCIM', ['TEAM_NAME_TAKEN'], [201, 'The new team as a SCIM Group']],
  'GET /scim/v2/Groups/:id': ['getScimGroup', 'Read a team as a SCIM Group.', 'SCIM', ['NOT_FOUND'], [200, 'The team as a SCIM Group']],
  'PUT /scim/v2/Groups/:id': ['replaceScimGroup', 'Replace a SCIM Group: its name and members.', 'SCIM', ['NOT_FOUND', 'TEAM_NAME_TAKEN', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT', 'PRECONDITION_FAILED'], [200, 'The Group as it now is']],
  'PATCH /scim/v2/Groups/:id': ['patchScimGroup', 'Change a SCIM Group with a PatchOp.', 'SCIM', ['NOT_FOUND', 'TEAM_NAME_TAKEN', 'OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT', 'PRECONDITION_FAILED'], [200, 'The Group as it now is']],
  'DELETE /scim/v2/Groups/:id': ['deleteScimGroup', 'Hide a team from SCIM.', 'SCIM', ['NOT_FOUND', 'CONFLICT'], [204, 'The team is hidden']],

  'GET /api/v1/companies/:companyId/sso': ['getSso', 'Read the company’s single sign-on and its redirect URI.', 'Single sign-on', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The company’s single sign-on (or null) and the redirect URI to register']],
  'PUT /api/v1/companies/:companyId/sso': ['configureSso', 'Set the company’s single sign-on.', 'Single sign-on', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'SSO_DISCOVERY_FAILED'], [200, 'The company’s single sign-on as it now is, and the redirect URI']],
  'DELETE /api/v1/companies/:companyId/sso': ['removeSso', 'Remove the company’s single sign-on.', 'Single sign-on', ['FORBIDDEN', 'NOT_FOUND'], [204, 'The company has no single sign-on']],
  'POST /api/v1/auth/sso/start': ['startSsoSignIn', 'Start a single sign-on: the provider’s URL to send the browser to.', 'Single sign-on', ['SSO_NOT_CONFIGURED', 'SSO_DISCOVERY_FAILED', 'RATE_LIMITED'], [200, 'The provider’s authorization URL to send the browser to, and the cookie holding the sign-in’s state']],
  'GET /api/v1/auth/sso/callback': ['completeSsoSignIn', 'The provider’s redirect back: sign in and go on to the page.', 'Single sign-on', ['RATE_LIMITED'], [302, 'Found: to the page asked for, signed in, or to /signin/sso?error=<reason>']],

  'GET /api/v1/companies/:companyId/webhooks': ['listWebhookEndpoints', 'List the company’s webhook endpoints.', 'Webhooks', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The company’s webhook endpoints; never a secret']],
  'POST /api/v1/companies/:companyId/webhooks': ['createWebhookEndpoint', 'Add a webhook endpoint; its signing secret is shown this once.', 'Webhooks', ['FORBIDDEN', 'NOT_FOUND'], [201, 'The new endpoint and its signing secret, shown this once']],
  'GET /api/v1/companies/:companyId/webhooks/:endpointId': ['getWebhookEndpoint', 'Read a webhook endpoint.', 'Webhooks', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The endpoint; never its secret']],
  'PATCH /api/v1/companies/:companyId/webhooks/:endpointId': ['updateWebhookEndpoint', 'Change a webhook endpoint, or turn it on or off.', 'Webhooks', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The endpoint as changed']],
  'DELETE /api/v1/companies/:companyId/webhooks/:endpointId': ['deleteWebhookEndpoint', 'Delete a webhook endpoint and its delivery log.', 'Webhooks', ['FORBIDDEN', 'NOT_FOUND'], [204, 'The endpoint and its delivery log are deleted']],
  'POST /api/v1/companies/:companyId/webhooks/:endpointId/rotate-secret': ['rotateWebhookSecret', 'Give an endpoint a new signing secret, shown this once; the old one signs too for 24 hours.', 'Webhooks', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The endpoint and its new signing secret, shown this once']],
  'POST /api/v1/companies/:companyId/webhooks/:endpointId/test': ['sendWebhookTest', 'Queue a test event for an endpoint.', 'Webhooks', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'], [202, 'Accepted: the test delivery is queued']],
  'GET /api/v1/companies/:companyId/webhooks/:endpointId/deliveries': ['listWebhookDeliveries', 'List an endpoint’s deliveries, newest first.', 'Webhooks', ['FORBIDDEN', 'NOT_FOUND'], [200, 'A page of the endpoint’s deliveries, newest first']],
  'GET /api/v1/companies/:companyId/webhooks/:endpointId/deliveries/:deliveryId': ['getWebhookDelivery', 'Read a delivery, its body and every attempt.', 'Webhooks', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The delivery, its body and every attempt']],
  'POST /api/v1/companies/:companyId/webhooks/:endpointId/deliveries/:deliveryId/redeliver': ['redeliverWebhook', 'Send a delivery again.', 'Webhooks', ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'], [202, 'Accepted: the delivery is queued again']],

  'GET /api/v1/companies/:companyId/audit-events': ['listAuditEvents', 'List the company’s audit events.', 'Audit log', ['FORBIDDEN', 'NOT_FOUND'], [200, 'A page of audit events, newest first']],

  'GET /api/v1/companies/:companyId/members/export': ['exportMembers', 'Download the members as CSV or JSON lines.', 'Exports', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The members as a CSV or JSON lines file, by `format`']],
  'GET /api/v1/companies/:companyId/audit-events/export': ['exportAuditEvents', 'Download the audit log as CSV or JSON lines.', 'Exports', ['FORBIDDEN', 'NOT_FOUND'], [200, 'The audit log as a CSV or JSON lines file, by `format`']],

  'GET /api/v1/health': ['getHealth', 'Whether the server and its database answer.', 'Health', ['SERVICE_UNAVAILABLE'], [200, 'The server and its database answer']],
  'GET /api/v1/health/ready': ['getReadiness', 'Whether the database answers within 2 seconds.', 'Health', ['SERVICE_UNAVAILABLE'], [200, 'The database answers']],
  'GET /api/v1/health/live': ['getLiveness', 'Whether the process serves.', 'Health', [], [200, 'The process serves']],
};

/** The files an export answers with (exports.ts): a stream, never serialized. */
const EXPORT_FILE = {
  description: 'The file, CSV or JSON lines by `format`',
  content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } },
};

/** The success answer of an operation: the table's, or the route's first 2XX (200 if none) described by the summary. */
function answerOf(operation: Operation, declared: Record<string, unknown>): readonly [number, string] {
  return operation[4] ?? [Number(Object.keys(declared).find((status) => /^2/.test(status)) ?? 200), operation[1]];
}

/**
 * The success response of an operation as the route's schema gets it: an export's file, or an
 * answer without a body; a body the route declares stays its zod schema (the serializer's), and
 * `documentRoute` describes it in the document.
 */
function successOf(key: string, operation: Operation, declared: Record<string, unknown>): Record<number, unknown> {
  const [status, description] = answerOf(operation, declared);
  if (key.endsWith('/export')) return { [status]: { ...EXPORT_FILE, description } };
  const statuses = Object.keys(declared).filter((declaredStatus) => /^2/.test(declaredStatus));
  if (declared[status] === undefined && statuses.length > 0) throw new Error(`${key} answers ${statuses.join(', ')}, not the ${status} of src/http/openapi.ts`);
  return declared[status] === undefined ? { [status]: noBody(description) } : {};
}

/**
 * The document's transform of a route (app.ts): fastify-type-provider-zod's JSON schemas, then the
 * success body under the table's description and its media type (SCIM's for /scim/v2). A
 * description on the body's schema would not do: a schema with an id (User, Member …) is a
 * reference to its component, whose description is its own.
 */
export const documentRoute: typeof jsonSchemaTransform = (input) => {
  const output = jsonSchemaTransform(input);
  const operation = OPERATIONS[`${String(input.route.method)} ${input.route.url}`];
  const response = (output.schema as { response?: Record<string, unknown> }).response;
  if (!operation || !response) return output;
  const [status, description] = answerOf(operation, response);
  const body = response[status] as { type?: unknown; content?: unknown } | undefined;
  if (body?.type === 'null') response[status] = { ...body, description };
  else if (body && body.content === undefined) {
    const mediaType = input.route.url.startsWith('/scim/v2/') ? SCIM : 'application/json';
    response[status] = { description, content: { [mediaType]: { schema: body } } };
  }
  return output;
};

/** Whether a route is documented: the API's and SCIM's, not the page's or hidden ones. */
const documented = (route: RouteOptions): boolean =>
  route.method !== 'HEAD' && route.schema?.hide !== true && /^\/(api\/v1|scim\/v2)\//.test(route.url);

/**
 * An onRoute hook (app.ts) that adds each operation's description to its route's schema: the
 * codes of OPERATIONS, and those every route of its kind can answer: 401 UNAUTHENTICATED where a
 * sign-in (or SCIM token) is needed, 403 CSRF_REJECTED for a change by session, 400
 * VALIDATION_FAILED where there is input, 415 and 413 for any method but GET (a body sent to
 * one is parsed, whether or not the route reads it), and 503 SERVICE_UNAVAILABLE for all (API.md
 * "Routes": the database or Redis cannot answer, or the server is shutting down).
 */
export function describeRoute(route: RouteOptions): void {
  if (!documented(route)) return;
  const key = `${String(route.method)} ${route.url}`;
  const operation = OPERATIONS[key];
  if (!operation) throw new Error(`${key} has no operation in src/http/openapi.ts`);
  const [operationId, summary, tag, codes] = operation;
  const schema = (route.schema ?? {}) as { body?: unknown; params?: unknown; querystring?: unknown; response?: Record<string, unknown> };
  const scim = route.url.startsWith('/scim/v2/');
  const isPublic = route.config?.public === true;
  const all: ErrorCode[] = [
    ...(schema.body || schema.params || schema.querystring || route.method !== 'GET' ? (['VALIDATION_FAILED'] as const) : []),
    ...(!isPublic || scim ? (['UNAUTHENTICATED'] as const) : []),
    ...(!isPublic && !scim && route.method !== 'GET' ? (['CSRF_REJECTED'] as const) : []),
    ...codes,
    ...(route.method !== 'GET' ? (['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const) : []),
    'SERVICE_UNAVAILABLE',
  ];
  const success = successOf(key, operation, schema.response ?? {});
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
