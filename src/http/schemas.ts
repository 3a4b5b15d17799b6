import { z } from 'zod';
import { TWO_FACTOR_RULES } from '../domain/two-factor-rule.js';
import { LANGUAGES } from '../domain/languages.js';
import { MAX_PASSWORD_ATTEMPT_LENGTH, passwordProblem } from '../auth/passwords.js';
import { invisibleInName, normalizeName } from '../domain/normalize.js';
import type { Abilities, ContractAbilities, MemberAbilities, TeamAbilities, TeamMemberAbilities } from '../domain/policy.js';
import { ACTIONS, COMPANY_ROLES, TEAM_ROLES } from '../domain/roles.js';
import { ERROR_STATUS, type ErrorCode } from '../domain/errors.js';

/** Zod shapes shared by the routes: the wire format of API.md. */

export const id = z.string().trim().min(1).max(100);
export const teamRole = z.enum(TEAM_ROLES);
export const companyRole = z.enum(COMPANY_ROLES);
/** Role sets arrive as arrays; repeats are dropped rather than refused. */
export const teamRoles = z.array(teamRole).max(TEAM_ROLES.length * 2).transform((roles) => [...new Set(roles)]);
export const companyRoles = z.array(companyRole).max(COMPANY_ROLES.length * 2).transform((roles) => [...new Set(roles)]);
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: 'is not an email address' }));
/**
 * A name as it is stored and compared (team, company, people): a character that does not show is
 * refused, then the name is normalised (`normalizeName`: NFC, trimmed, inner white space one space).
 */
export const nameText = (max: number) =>
  z
    .string()
    .superRefine((name, ctx) => {
      const invisible = invisibleInName(name);
      if (invisible) ctx.addIssue({ code: 'custom', message: `must not contain ${invisible}, a character that does not show` });
    })
    .overwrite(normalizeName)
    .min(1, 'must not be empty')
    .max(max);
export const personName = nameText(200);
/** A password given to sign in or to confirm: any that a sign-up ever took (up to 1,000), so that a wrong one is 401, not 400. */
export const passwordAttempt = z.string().min(1).max(MAX_PASSWORD_ATTEMPT_LENGTH);
/** A new password (ASVS 6.2): at least 8 characters, not all spaces, at most 256, not a common one. */
export const newPassword = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** The token of a mailed link (an email verification, a password reset, an email change). */
export const secretToken = z.string().min(1).max(200);

export const companyParams = z.strictObject({ companyId: id });

/** A code of an authenticator app: six digits (spaces, as some apps show them, are dropped). */
export const totpCode = z.string().max(20).transform((code) => code.replace(/\s/g, ''));
/** A recovery code as typed: case, spaces and dashes do not matter (src/auth/totp.ts). */
export const recoveryCode = z.string().min(1).max(100);

/** `?limit=` (1–200, default 50) and `?cursor=`. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** One of the languages Roster speaks (src/domain/languages.ts). */
export const language = z.enum(LANGUAGES);
export const userShape = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    emailVerified: z.boolean(),
    /** The language the person chose for the page and their mail; null while they have chosen none. */
    language: language.nullable(),
  })
  .meta({ id: 'User' });
export const companyShape = z.object({
  id: z.string(),
  name: z.string(),
  ownerId: z.string(),
  defaultTeamId: z.string(),
  createdAt: z.string(),
  /** Who in the company must use two-factor authentication: `none`, `admins` (owner, admin, finance, team_admin), `everyone`. */
  twoFactorRule: z.enum(TWO_FACTOR_RULES),
}).meta({ id: 'Company' });
export const teamShape = z.object({
  id: z.string(),
  companyId: z.string(),
  name: z.string(),
  hidden: z.boolean(),
  isDefault: z.boolean(),
  memberCount: z.number(),
}).meta({ id: 'Team' });
export const memberShape = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string().optional(),
  isOwner: z.boolean(),
  companyRoles: z.array(companyRole),
  teams: z.array(z.object({ teamId: z.string(), teamName: z.string(), roles: z.array(teamRole) })),
  /** When the member was suspended in the company (RULES.md §4 "Suspend and reinstate"); null: not suspended. */
  suspendedAt: z.string().nullable(),
  /** Members list: when they joined the company. */
  joinedAt: z.string().optional(),
  /** Members list, for the owner and admins: holds owner, admin, finance or team_admin without two-factor on. */
  lacksTwoFactor: z.boolean().optional(),
  /** Members list, for the owner and admins: whether two-factor is on. */
  twoFactorEnabled: z.boolean().optional(),
  /** Members list, for the owner and admins: the last day (UTC) they used Roster, or null. */
  lastActiveOn: z.string().nullable().optional(),
}).meta({ id: 'Member' });
export const contractShape = z.object({
  id: z.string(),
  teamId: z.string(),
  title: z.string(),
  freelancerName: z.string(),
  status: z.enum(['active', 'paused', 'ended']),
  contactPersonId: z.string(),
}).meta({ id: 'Contract' });
export const invitationShape = z.object({
  id: z.string(),
  email: z.string(),
  status: z.enum(['pending', 'accepted', 'declined', 'revoked', 'expired']),
  teams: z.array(z.object({ teamId: z.string(), roles: z.array(teamRole) })),
  companyRoles: z.array(companyRole),
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
}).meta({ id: 'Invitation' });
/** What the page of an accept link shows before anyone signs in. */
export const invitationPreviewShape = z.object({
  companyName: z.string(),
  inviterName: z.string(),
  email: z.string(),
  teams: z.array(z.object({ teamName: z.string(), roles: z.array(teamRole) })),
  companyRoles: z.array(companyRole),
  status: invitationShape.shape.status,
  expiresAt: z.string(),
}).meta({ id: 'InvitationPreview' });
export const auditEventShape = z.object({
  id: z.string(),
  type: z.string(),
  actorId: z.string(),
  targetId: z.string().nullable(),
  companyId: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
}).meta({ id: 'AuditEvent' });
/** `can: { [action]: boolean }`: what the caller may do next, by the server's own rules (`Abilities`). */
export const abilities = z.partialRecord(z.enum(ACTIONS), z.boolean()) satisfies z.ZodType<Abilities>;
/** What the caller may do to one member in one team of theirs (`memberAbilities`). */
export const teamMemberAbilitiesShape = z.object({
  teamId: z.string(),
  canSetRoles: z.boolean(),
  canRemove: z.boolean(),
  grantableRoles: z.array(teamRole),
}) satisfies z.ZodType<TeamMemberAbilities>;
/** What the caller may do to one member: beside the member on every member answer. */
export const memberAbilitiesShape = z.object({
  can: abilities,
  grantableCompanyRoles: z.array(companyRole),
  teams: z.array(teamMemberAbilitiesShape),
}) satisfies z.ZodType<MemberAbilities>;
/** A list's `policies`: what the caller may do to each member of the page as a whole, by `userId`. */
export const memberPolicyShape = z.object({ userId: z.string(), can: abilities }).meta({ id: 'MemberPolicy' });
/** What the caller may do in one team (`teamAbilities`): the teams list's `policies`. */
export const teamPolicyShape = z.object({
  teamId: z.string(),
  can: abilities,
  grantableRoles: z.array(teamRole),
}).meta({ id: 'TeamPolicy' }) satisfies z.ZodType<TeamAbilities>;
/** A contract of the contracts list: with its contact person's name (null: no longer a member). */
export const listedContractShape = contractShape.extend({ contactPersonName: z.string().nullable() });
/** What the caller may do to one contract (`contractAbilities`): the contracts list's `policies`. */
export const contractPolicyShape = z.object({ contractId: z.string(), can: abilities }) satisfies z.ZodType<ContractAbilities>;
/** One company as its member sees it: what they may do there, and the company roles they may invite with. */
export const companyViewShape = z.object({
  company: companyShape,
  can: abilities,
  invitableCompanyRoles: z.array(companyRole),
}).meta({ id: 'CompanyView' });
/** One member's page: the member, the contracts they are the contact person of, what the caller may do. */
export const memberDetailsShape = z.object({
  member: memberShape,
  contracts: z.array(contractShape),
  ...memberAbilitiesShape.shape,
}).meta({ id: 'MemberDetails' });
/** One of a company's domains: its state and the TXT record to publish (`presentDomain`). */
export const domainShape = z.object({
  id: z.string(),
  domain: z.string(),
  status: z.enum(['pending', 'verified']),
  record: z.object({ type: z.literal('TXT'), name: z.string(), value: z.string() }),
  createdAt: z.string(),
  verifiedAt: z.string().nullable(),
}).meta({ id: 'Domain' });
/** Whether people at the company's verified domains join by themselves (`presentJoining`). */
export const joiningShape = z.object({ mode: z.enum(['off', 'team', 'request']), teamId: z.string().nullable() }).meta({ id: 'Joining' });
/** A request to join by domain, as its reviewers see it (`presentJoinRequest`). */
export const joinRequestShape = z.object({
  id: z.string(),
  companyId: z.string(),
  userId: z.string(),
  email: z.string(),
  teamId: z.string(),
  status: z.enum(['pending', 'approved', 'declined', 'joined']),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
}).meta({ id: 'JoinRequest' });
/** A pending request in its reviewers' list: with the requester's name. */
export const pendingJoinRequestShape = joinRequestShape.extend({ name: z.string() }).meta({ id: 'PendingJoinRequest' });
/** A company the signed-in person may join by their verified email's domain: its name only. */
export const joinableCompanyShape = z.object({
  id: z.string(),
  name: z.string(),
  mode: z.enum(['team', 'request']),
  requestPending: z.boolean(),
}).meta({ id: 'JoinableCompany' });
/** A company's token, SCIM or for its other systems, as its settings list it (`presentCompanyToken`): never the secret. */
export const companyTokenShape = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
}).meta({ id: 'CompanyToken' });

/** A company's single sign-on (`presentSso`): never the client secret, only that one is set. */
export const ssoShape = z.object({
  issuer: z.string(),
  clientId: z.string(),
  clientSecretSet: z.literal(true),
  domains: z.array(z.string()),
  enforced: z.boolean(),
  updatedAt: z.string(),
}).meta({ id: 'Sso' });

/** A webhook endpoint (`presentWebhookEndpoint`): never its secret. */
export const webhookEndpointShape = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  failingSince: z.string().nullable(),
  previousSecretUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'WebhookEndpoint' });

/** One attempt of a webhook delivery. */
export const webhookAttemptShape = z.object({
  attempt: z.number(),
  at: z.string(),
  ok: z.boolean(),
  statusCode: z.number().nullable(),
  durationMs: z.number(),
  error: z.string().nullable(),
  responseBody: z.string().nullable(),
});

/** A webhook delivery: one event for one endpoint; its id is the `webhook-id` of every attempt. */
export const webhookDeliveryShape = z.object({
  id: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  createdAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  lastAttempt: webhookAttemptShape.nullable(),
}).meta({ id: 'WebhookDelivery' });

/** One person's answer in a bulk change (`POST …/members/bulk`): done, or refused with the single action's code. */
export const bulkOutcomeShape = z.object({
  userId: z.string(),
  /** Their name as the change found them; null for one who is no member. */
  name: z.string().nullable(),
  result: z.enum(['done', 'refused']),
  /** Done: false when they were so already (nothing written, nothing audited). */
  changed: z.boolean().optional(),
  /** Done: whether they are no longer a member of the company. */
  leftCompany: z.boolean().optional(),
  code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]).optional(),
  detail: z.string().optional(),
  /** CONTACT_PERSON_ON_ACTIVE_CONTRACT: every contract that blocks, as the single action lists them. */
  contracts: z.array(z.object({ id: z.string(), title: z.string(), teamId: z.string() })).optional(),
}).meta({ id: 'BulkOutcome' });
