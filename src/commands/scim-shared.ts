import { lockCompany, type Tx } from '../db/database.js';
import type { Company } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { recordAudit, type AuditEntry } from './audit.js';
import type { CommandContext } from './context.js';
import { requireMember } from '../model/members.js';
import { reinstateMembership } from './reinstate-member.js';
import { suspendMembership } from './suspend-member.js';

/** What a SCIM request acts with: its token, and the one company the token is for. */
export interface ScimAccess {
  tokenId: string;
  companyId: string;
}

/** What a SCIM command sees inside its transaction. */
export interface ScimScope {
  tx: Tx;
  company: Company;
  now: Date;
  /**
   * Writes the operation's one audit event (§3.6). Its actor is the person who made the token
   * (audit events name a person), and its data says `via: "scim"` with the token's id
   * (DECISIONS.md "SCIM provisioning").
   */
  audit: (entry: AuditEntry) => Promise<void>;
  /** The audit actor and data of the shared cores that write their own event (suspending, reinstating). */
  auditActorId: string;
  auditData: { via: 'scim'; scimTokenId: string };
  requestId: string | undefined;
}

/**
 * Runs one SCIM operation in one write transaction under the company's lock, as every operation on
 * a company does (§4): the token is read again under the lock, so that a token revoked while the
 * request waited changes nothing (UNAUTHENTICATED). The token is the authority: it was made by the
 * owner for exactly this (§4 "SCIM provisioning"), so no member's rank is asked; the rules of §3
 * hold as for anyone.
 */
export function inScim<T>(ctx: CommandContext, access: ScimAccess, work: (scope: ScimScope) => Promise<T>): Promise<T> {
  return ctx.db.write(async (tx) => {
    const company = await lockCompany(tx, access.companyId);
    const token = company
      ? await tx
          .selectFrom('scimTokens')
          .select(['id', 'createdBy'])
          .where('id', '=', access.tokenId)
          .where('companyId', '=', company.id)
          .where('revokedAt', 'is', null)
          .executeTakeFirst()
      : undefined;
    if (!company || !token) throw new DomainError('UNAUTHENTICATED', 'The SCIM token is not valid');
    const now = ctx.now();
    const auditData = { via: 'scim' as const, scimTokenId: token.id };
    return work({
      tx,
      company,
      now,
      auditActorId: token.createdBy,
      auditData,
      requestId: ctx.requestId,
      audit: (entry) =>
        recordAudit(tx, {
          ...entry,
          data: { ...entry.data, ...auditData },
          companyId: company.id,
          actorId: token.createdBy,
          requestId: ctx.requestId,
          now,
        }),
    });
  });
}

/**
 * SCIM's `active` (§4 "SCIM provisioning"): false suspends the member, true reinstates them, through
 * the cores the member commands share (§4 "Suspend and reinstate"), each writing its own audit
 * event, `member.suspended` or `member.reinstated`, with `via: "scim"`. The same state again
 * changes nothing. The owner is never suspended (409 OWNER_CANNOT_BE_SUSPENDED).
 */
export async function setActive(scope: ScimScope, userId: string, active: boolean): Promise<boolean> {
  const target = await requireMember(scope.tx, scope.company, userId);
  const core = active ? reinstateMembership : suspendMembership;
  const outcome = await core({ tx: scope.tx, company: scope.company, now: scope.now, requestId: scope.requestId }, target, scope.auditActorId, scope.auditData);
  return outcome.changed;
}

/** A refusal that SCIM names with its own `scimType` (RFC 7644 section 3.12), beside Roster's code. */
export const scimRefusal = (
  code: 'VALIDATION_FAILED' | 'EMAIL_TAKEN' | 'ALREADY_MEMBER' | 'CONFLICT',
  scimType: 'uniqueness' | 'mutability' | 'invalidValue',
  detail: string,
): DomainError => new DomainError(code, detail, { scimType });

/** Upserts what SCIM says of a member beyond Roster's own columns. */
export async function writeScimUser(
  tx: Tx,
  row: { companyId: string; userId: string; externalId: string | null; givenName: string | null; familyName: string | null; provisioned: 0 | 1; updatedAt: string },
): Promise<void> {
  await tx
    .insertInto('scimUsers')
    .values(row)
    .onConflict((conflict) =>
      conflict.columns(['companyId', 'userId']).doUpdateSet({
        externalId: row.externalId,
        givenName: row.givenName,
        familyName: row.familyName,
        updatedAt: row.updatedAt,
      }),
    )
    .execute();
}

/** Upserts what SCIM says of a team it sees as a Group. */
export async function writeScimGroup(tx: Tx, row: { teamId: string; companyId: string; externalId: string | null; updatedAt: string }): Promise<void> {
  await tx
    .insertInto('scimGroups')
    .values(row)
    .onConflict((conflict) => conflict.column('teamId').doUpdateSet({ externalId: row.externalId, updatedAt: row.updatedAt }))
    .execute();
}
