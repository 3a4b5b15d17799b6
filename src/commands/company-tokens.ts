import { COMPANY_TOKEN_KINDS, tokenTable, type CompanyTokenKind } from '../auth/company-tokens.js';
import { hashSecret, newId, newSecret } from '../auth/secrets.js';
import type { CompanyToken } from '../db/schema.js';
import { notFound } from '../domain/errors.js';
import { storedName } from '../domain/normalize.js';
import { authorize } from '../domain/policy.js';
import { inCompany, type CommandContext } from './context.js';
import { requireRecentAuthentication } from './recent-authentication.js';
import { requireSession } from './sessions-shared.js';

/**
 * Makes a company token of one kind (a SCIM token, a company API token), from a signed-in session
 * that signed in recently, as for a personal API token: whoever the kind's action allows (the owner
 * for SCIM; the owner and admins for the permission check). The token is returned this once; only
 * its SHA-256 is kept. One audit event, the kind's `…created`.
 */
export async function createCompanyToken(
  ctx: CommandContext,
  kind: CompanyTokenKind,
  companyId: string,
  input: { name: string },
): Promise<{ row: CompanyToken; token: string }> {
  const spec = COMPANY_TOKEN_KINDS[kind];
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    // In the order of §4: a member (NOT_FOUND), the right (FORBIDDEN), then how they signed in.
    authorize(actor, spec.manage, {});
    requireSession(ctx, `Making a ${spec.noun}`);
    requireRecentAuthentication(ctx);
    const name = storedName(input.name, 'token name');
    const token = spec.prefix + newSecret();
    const row: CompanyToken = {
      id: newId(),
      companyId: company.id,
      name,
      tokenHash: hashSecret(token),
      createdBy: actor.userId,
      createdAt: now.toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await tx.insertInto(tokenTable(kind)).values(row).execute();
    await audit({ type: spec.created, targetId: row.id, data: { tokenId: row.id, name } });
    return { row, token };
  });
}

/**
 * Revokes one of the company's tokens of a kind: requests with it are refused from the commit on.
 * The row stays, listed as revoked. Revoking a revoked token changes nothing and records nothing.
 * One audit event, the kind's `…revoked`.
 */
export async function revokeCompanyToken(ctx: CommandContext, kind: CompanyTokenKind, companyId: string, tokenId: string): Promise<CompanyToken> {
  const spec = COMPANY_TOKEN_KINDS[kind];
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    const row = await tx.selectFrom(tokenTable(kind)).selectAll().where('id', '=', tokenId).where('companyId', '=', company.id).executeTakeFirst();
    if (!row) throw notFound(spec.noun);
    authorize(actor, spec.manage, {});
    if (row.revokedAt !== null) return row;
    const revokedAt = now.toISOString();
    await tx.updateTable(tokenTable(kind)).set({ revokedAt }).where('id', '=', row.id).where('companyId', '=', company.id).execute();
    await audit({ type: spec.revoked, targetId: row.id, data: { tokenId: row.id, name: row.name } });
    return { ...row, revokedAt };
  });
}
