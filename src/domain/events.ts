/** The events Roster records: the audit log of a company, and the security log of a user. */

/** §4 "Audit log": the event types Roster writes. */
export const AUDIT_EVENT_TYPES = [
  'company.created',
  'team.created',
  'team.renamed',
  'team.hidden',
  'team.shown',
  'invitation.created',
  'invitation.updated',
  'invitation.resent',
  'invitation.revoked',
  'invitation.accepted',
  'invitation.declined',
  'member.added_to_team',
  'member.roles_changed',
  'member.company_roles_changed',
  'member.removed_from_team',
  'member.removed_from_company',
  'member.left',
  'contract.created',
  'contract.contact_person_changed',
  'contract.moved',
  'contract.paused',
  'contract.resumed',
  'contract.ended',
  'ownership.transferred',
  'company.two_factor_rule_changed',
  'domain.added',
  'domain.verified',
  'domain.removed',
  'joining.changed',
  'member.joined_by_domain',
  'join_request.created',
  'join_request.approved',
  'join_request.declined',
  'members.exported',
  'audit_events.exported',
  'scim_token.created',
  'scim_token.revoked',
  'member.provisioned',
  'member.scim_updated',
  'team.scim_updated',
  'member.suspended',
  'member.reinstated',
  'sso.configured',
  'sso.removed',
  'webhook_endpoint.created',
  'webhook_endpoint.updated',
  'webhook_endpoint.deleted',
  'webhook_endpoint.secret_rotated',
  'company_api_token.created',
  'company_api_token.revoked',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** What the user's security log records: changes to how their account can be reached. */
export const SECURITY_EVENT_TYPES = [
  'api_token.created',
  'api_token.revoked',
  'sessions.ended_everywhere',
  'password.changed',
  'password.reset_requested',
  'password.reset',
  'email.change_requested',
  'email.changed',
  'sign_in.succeeded',
  'sign_in.failed',
  'session.reauthenticated',
  'two_factor.enabled',
  'two_factor.disabled',
  'recovery_codes.regenerated',
  'recovery_code.used',
  'session.ended',
  'sessions.ended_others',
  'account.deleted',
] as const;
export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

/** How long the security log keeps an event (RULES.md "Accounts: sessions and deletion"): older ones are neither shown nor kept. */
export const SECURITY_LOG_RETENTION_DAYS = 90;

/** The start of the security log's window, for a log read or pruned at `now`. */
export const securityLogStart = (now: Date): string => new Date(now.getTime() - SECURITY_LOG_RETENTION_DAYS * 86_400_000).toISOString();
