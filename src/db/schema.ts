import type { Generated, Insertable, Selectable } from 'kysely';
import type { Language } from '../domain/languages.js';

/**
 * Table types, in camelCase (the CamelCasePlugin maps them to snake_case columns).
 * Times are ISO 8601 UTC strings and booleans are 0/1 integers, so that one set of migrations and
 * one set of queries serve SQLite and PostgreSQL alike.
 */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  emailVerifications: EmailVerificationsTable;
  passwordResets: PasswordResetsTable;
  emailChanges: EmailChangesTable;
  companies: CompaniesTable;
  teams: TeamsTable;
  companyMembers: CompanyMembersTable;
  companyMemberRoles: CompanyMemberRolesTable;
  teamMembers: TeamMembersTable;
  teamMemberRoles: TeamMemberRolesTable;
  invitations: InvitationsTable;
  invitationTeams: InvitationTeamsTable;
  contracts: ContractsTable;
  auditEvents: AuditEventsTable;
  outbox: OutboxTable;
  rateLimitHits: RateLimitHitsTable;
  securityEvents: SecurityEventsTable;
  twoFactor: TwoFactorTable;
  recoveryCodes: RecoveryCodesTable;
  signInChallenges: SignInChallengesTable;
  companyDomains: CompanyDomainsTable;
  companyJoining: CompanyJoiningTable;
  joinRequests: JoinRequestsTable;
  scimTokens: ScimTokensTable;
  companyApiTokens: CompanyApiTokensTable;
  scimUsers: ScimUsersTable;
  scimGroups: ScimGroupsTable;
  companySso: CompanySsoTable;
  ssoDomains: SsoDomainsTable;
  ssoLogins: SsoLoginsTable;
  ssoIdentities: SsoIdentitiesTable;
  webhookEndpoints: WebhookEndpointsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  webhookAttempts: WebhookAttemptsTable;
  userActivity: UserActivityTable;
  replacedInvitationTokens: ReplacedInvitationTokensTable;
  formerMembers: FormerMembersTable;
}

export type Flag = 0 | 1;

export interface UsersTable {
  id: string;
  /** Trimmed and lowercased: the unique index compares emails case-insensitively. */
  email: string;
  name: string;
  passwordHash: string;
  emailVerified: Flag;
  createdAt: string;
  /**
   * When the account was deleted; null while it lives. A deleted account keeps its row (audit
   * events and contracts point at it) with a placeholder name, an email that is no address and a
   * password hash no password matches (migration 0012).
   */
  deletedAt: Generated<string | null>;
  /** The language the person chose (migration 0028), or null while they have chosen none. */
  language: Generated<Language | null>;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's secret; the secret itself is never stored. */
  tokenHash: string;
  /** The session's public name, to list and end it by; never its secret or its hash. */
  id: string;
  userId: string;
  createdAt: string;
  /** The absolute end, SESSION_TTL_DAYS after sign-in; use does not move it. */
  expiresAt: string;
  /** Written at most once a minute: a session unused for SESSION_IDLE_DAYS ends. */
  lastUsedAt: string | null;
  /** The User-Agent and the address that signed in; null when not known. */
  userAgent: string | null;
  ip: string | null;
  /** When the session last proved who it is: sign-in, or signing in again for a sensitive change. */
  authenticatedAt: string;
}

export interface ApiTokensTable {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: string;
  /** Written at most once a minute. */
  lastUsedAt: string | null;
  /** Null: the token lasts until revoked. */
  expiresAt: string | null;
}

/** A user's security log: what was done to their access (API tokens, sessions). */
export interface SecurityEventsTable {
  id: string;
  userId: string;
  type: string;
  /** JSON. */
  data: string;
  ip: string | null;
  /** The caller's User-Agent, shortened as a session's is; null when not known (events before migration 0012). */
  userAgent: Generated<string | null>;
  createdAt: string;
}

export interface EmailVerificationsTable {
  tokenHash: string;
  userId: string;
  email: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** A password-reset link (migration 0011): at most one waiting per user, a newer request deleting the older. */
export interface PasswordResetsTable {
  /** SHA-256 of the link's token; the token itself is never stored. */
  tokenHash: string;
  userId: string;
  /** The address the link was sent to: it resets the password only while that is the account's email. */
  email: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** An asked change of email (migration 0011), made only when the link mailed to the new address is opened. */
export interface EmailChangesTable {
  /** SHA-256 of the link's token. */
  tokenHash: string;
  userId: string;
  /** The account's email when the change was asked: the link changes it only from that one. */
  oldEmail: string;
  newEmail: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface CompaniesTable {
  id: string;
  name: string;
  ownerId: string;
  defaultTeamId: string;
  createdAt: string;
  /** The user who made the company (the owner may change since): the daily limit of companies counts it. Null before migration 0009. */
  createdBy: string | null;
  /**
   * A new random value with every change to the company's members, teams or roles, in the same
   * transaction (triggers of migration 0005): what the members list showed under one revision it
   * still shows.
   */
  membershipRevision: Generated<number>;
  /** Who in the company must have two-factor on (src/domain/two-factor-rule.ts): `none`, `admins`, `everyone`. */
  twoFactorRule: Generated<string>;
}

export interface TeamsTable {
  id: string;
  companyId: string;
  name: string;
  /** Lowercased name: team names are unique within a company, case-insensitively. */
  nameKey: string;
  hidden: Flag;
  isDefault: Flag;
  createdAt: string;
}

/**
 * One row per member of a company; it exists exactly while the person belongs to at least one
 * team there. Name and email are copied from the user so that the members list sorts and searches
 * on one index per company.
 */
export interface CompanyMembersTable {
  companyId: string;
  userId: string;
  name: string;
  email: string;
  joinedAt: string;
  /** When the member was suspended in this company (RULES.md §4 "Suspend and reinstate"); null: not suspended. */
  suspendedAt: string | null;
  /** The audit actor who suspended them; null when not suspended. */
  suspendedBy: string | null;
}

export interface CompanyMemberRolesTable {
  companyId: string;
  userId: string;
  role: string;
}

export interface TeamMembersTable {
  companyId: string;
  teamId: string;
  userId: string;
  /** The member's name as `company_members` holds it, copied in so that a team's members are walked in name order (migration 0006). */
  name: string;
  joinedAt: string;
}

export interface TeamMemberRolesTable {
  companyId: string;
  teamId: string;
  userId: string;
  role: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'revoked' | 'expired';

export interface InvitationsTable {
  id: string;
  companyId: string;
  email: string;
  /** `pending` until answered; a pending row past `expiresAt` reads as `expired`. */
  status: InvitationStatus;
  tokenHash: string;
  invitedBy: string;
  message: string | null;
  /** JSON array of company roles to grant. */
  companyRoles: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  respondedAt: string | null;
}

export interface InvitationTeamsTable {
  invitationId: string;
  companyId: string;
  teamId: string;
  /** JSON array of team roles to grant in that team. */
  roles: string;
}

export type ContractStatus = 'active' | 'paused' | 'ended';

export interface ContractsTable {
  id: string;
  companyId: string;
  teamId: string;
  title: string;
  freelancerName: string;
  status: ContractStatus;
  contactPersonId: string;
  createdAt: string;
  updatedAt: string;
}

export interface AuditEventsTable {
  /** Insertion order: the log reads newest first by it. */
  seq: Generated<number>;
  id: string;
  companyId: string;
  /** The team the event concerns, when it concerns one: team admins read their teams' events. */
  teamId: string | null;
  type: string;
  actorId: string;
  targetId: string | null;
  /** JSON object: before/after and whatever else the event type carries. */
  data: string;
  requestId: string | null;
  createdAt: string;
}

export interface OutboxTable {
  id: string;
  kind: string;
  toAddress: string;
  subject: string;
  /** The message text; erased once delivered, since it may carry a one-time link. */
  bodyText: string;
  /** The company an invitation mail is sent for (counted by its daily invitation limit); null for other mail. */
  companyId: string | null;
  /** The user whose request queued an invitation mail (counted by their daily limit); null for other mail. */
  senderId: string | null;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string;
  /** A worker's claim: no other delivery starts before this time. */
  lockedUntil: string | null;
  sentAt: string | null;
  lastError: string | null;
}

/** A user's authenticator (TOTP): one row while enrolling and while on; none when off. */
export interface TwoFactorTable {
  userId: string;
  /** The base32 TOTP secret, sealed with the server's key (src/auth/seal.ts, purpose `totp`, bound to the user id). */
  secret: string;
  createdAt: string;
  /** Null while enrolment waits for its first code. */
  enabledAt: string | null;
  /** The time-step (Unix time / 30 s) of the last code accepted: a code is never accepted twice. */
  lastStep: number | null;
}

/** A recovery code: only its keyed hash (src/auth/totp.ts); used once. */
export interface RecoveryCodesTable {
  userId: string;
  codeHash: string;
  createdAt: string;
  usedAt: string | null;
}

/** Between the password and the code of a two-step sign-in: only the challenge's hash; five wrong codes end it. */
export interface SignInChallengesTable {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  failures: Generated<number>;
}

/** One rate-limit counter (src/db/rate-limit-hits.ts, counted by src/http/rate-limit-store.ts), shared by every process on the database. */
export interface RateLimitHitsTable {
  /** SHA-256 of the limiter's key, so that no email or address is kept here. */
  key: string;
  /** Hits in the current window. */
  hits: number;
  /** When the current window ends; the next hit after it starts a new one. */
  expiresAt: string;
}

/** A domain a company added, and proved with a DNS TXT record (migration 0015). */
export interface CompanyDomainsTable {
  id: string;
  companyId: string;
  /** Normalised: lowercase ASCII (IDNA), no trailing dot. */
  domain: string;
  /** The value of `roster-verification=<token>`: published in DNS, so no secret. */
  token: string;
  /** `pending` or `verified`; one company at a time holds a domain verified (a unique index). */
  status: string;
  createdBy: string;
  createdAt: string;
  verifiedAt: string | null;
}

/** Whether people at the company's verified domains may join it by themselves; no row: off. */
export interface CompanyJoiningTable {
  companyId: string;
  /** `team`: straight into `teamId`; `request`: a request into `teamId` that is reviewed. */
  mode: string;
  teamId: string;
  updatedAt: string;
}

/** A join by domain: `joined` (direct), or `pending`, then `approved` or `declined`. */
export interface JoinRequestsTable {
  id: string;
  companyId: string;
  userId: string;
  teamId: string;
  /** The requester's email when they asked (verified, at a verified domain of the company). */
  email: string;
  status: string;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

/** A company's token for its other systems (its SHA-256 only): the permission check's (migration 0025). */
export type CompanyApiTokensTable = ScimTokensTable;

/** A company's SCIM token (its SHA-256 only): made by the owner, used by an identity provider. */
export interface ScimTokensTable {
  id: string;
  companyId: string;
  name: string;
  tokenHash: string;
  createdBy: string;
  createdAt: string;
  /** Written at most once a minute. */
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What SCIM says of a member beyond Roster's own columns (goes with the membership). */
export interface ScimUsersTable {
  companyId: string;
  userId: string;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
  /** 1: this company's SCIM made the account, and may change its name and email. */
  provisioned: Flag;
  updatedAt: string;
}

/** What SCIM says of a team it sees as a Group. */
export interface ScimGroupsTable {
  teamId: string;
  companyId: string;
  externalId: string | null;
  updatedAt: string;
}

/** The last day a person used Roster (migration 0024): written at most once a day, by src/auth/activity.ts. */
export interface UserActivityTable {
  userId: string;
  /** `YYYY-MM-DD`, UTC. */
  lastActiveOn: string;
}

/** An invitation link a resend replaced (migration 0024): answered INVITATION_REPLACED, not NOT_FOUND. */
export interface ReplacedInvitationTokensTable {
  tokenHash: string;
  invitationId: string;
  replacedAt: string;
}

export type ScimToken = Selectable<ScimTokensTable>;
/** A SCIM token or a company API token: the same columns (src/auth/company-tokens.ts). */
export type CompanyToken = ScimToken;
export type ScimUserRow = Selectable<ScimUsersTable>;
/** A company's OpenID Provider (migration 0018); no row: no single sign-on. */
export interface CompanySsoTable {
  companyId: string;
  /** The issuer identifier, discovered at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Sealed (auth/seal.ts, purpose `sso-client-secret`, bound to the company's id); never answered. */
  clientSecret: string;
  /** 1: password sign-in is refused at the covered domains, but for the owner. */
  enforced: Generated<Flag>;
  updatedBy: string;
  updatedAt: string;
}

/** A verified domain the company's provider covers; one company at a time. */
export interface SsoDomainsTable {
  domain: string;
  companyId: string;
}

/** A sign-in sent to the provider and not back yet: used once, 10 minutes. */
export interface SsoLoginsTable {
  /** SHA-256 of the `state` sent to the provider (and kept in the browser's cookie). */
  stateHash: string;
  companyId: string;
  /** The issuer the sign-in was sent to: a provider changed meanwhile is not trusted with it. */
  issuer: string;
  /** Sealed (purpose `sso-login`, bound to the state's hash): `{ nonce, verifier, next }`, `next` the page's path to go to after. */
  secrets: string;
  email: string;
  createdAt: string;
  expiresAt: string;
}

/** A provider's subject linked to a Roster account. */
export interface SsoIdentitiesTable {
  issuer: string;
  subject: string;
  userId: string;
  /** The company whose provider made the link. */
  companyId: string;
  createdAt: string;
}

export type CompanySso = Selectable<CompanySsoTable>;
export type CompanyDomain = Selectable<CompanyDomainsTable>;
export type JoinRequest = Selectable<JoinRequestsTable>;
export type User = Selectable<UsersTable>;
export type Company = Selectable<CompaniesTable>;
export type Team = Selectable<TeamsTable>;
export type Invitation = Selectable<InvitationsTable>;
export type Contract = Selectable<ContractsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;

/** Where a company's events are sent (migration 0020). */
export interface WebhookEndpointsTable {
  id: string;
  companyId: string;
  url: string;
  description: string;
  /** JSON array of the audit event types sent. */
  eventTypes: string;
  enabled: Flag;
  /** Why the endpoint is off when the worker turned it off (failing for 3 days); null otherwise. */
  disabledReason: string | null;
  /** The signing secret (`whsec_…`), sealed (auth/seal.ts, purpose `webhook-secret`, bound to the id). */
  secret: string;
  /** The secret a rotation replaced, sealed likewise: it signs too until `previousSecretUntil`. */
  previousSecret: string | null;
  previousSecretUntil: string | null;
  /** The first failed attempt since the last success: 3 days of failure turns the endpoint off. */
  failingSince: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One message to one endpoint; its id is the `webhook-id` header of every attempt. */
export interface WebhookDeliveriesTable {
  id: string;
  endpointId: string;
  companyId: string;
  eventType: string;
  /** The JSON body sent, byte for byte: `{ type, timestamp, data }`. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  /** A worker's claim: no other attempt starts before this time. */
  lockedUntil: string | null;
  lastAttemptAt: string | null;
}

/** One try of a delivery. */
export interface WebhookAttemptsTable {
  id: string;
  deliveryId: string;
  attempt: number;
  at: string;
  /** 1 when the endpoint answered 2xx. */
  ok: Flag;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** The answer's first 1 KB (as UTF-8 text), never more. */
  responseBody: string | null;
}

export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
export type WebhookAttempt = Selectable<WebhookAttemptsTable>;

/**
 * What a member removed from a company held there, kept 90 days so that inviting them again can
 * offer it back (migration 0021; RULES.md §4 "Invite many", reinstating). One row per company and
 * person: the latest removal.
 */
export interface FormerMembersTable {
  companyId: string;
  userId: string;
  /** JSON: `[{ teamId, roles }]`, the teams they were in with their roles there. */
  teams: string;
  /** JSON: their company roles. */
  companyRoles: string;
  removedAt: string;
}
