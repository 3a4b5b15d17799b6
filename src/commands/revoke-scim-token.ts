import type { ScimToken } from '../db/schema.js';
import { notFound } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { inCompany, type CommandContext } from './context.js';

/**
 * The owner revokes one of the company's SCIM tokens: requests with it are 401 from the commit on
 * (a SCIM command reads its token again under the company's lock). The row stays, listed as
 * revoked. Revoking a revoked token changes nothing and records nothing. One audit event,
 * `scim_token.revoked`.
 */
export async function revokeScimToken(ctx: CommandContext, companyId: string, tokenId: string): Promise<ScimToken> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    const row = await tx.selectFrom('scimTokens').selectAll().where('id', '=', tokenId).where('companyId', '=', company.id).executeTakeFirst();
    if (!row) throw notFound('SCIM token');
    authorize(actor, 'scim.manage', {});
    if (row.revokedAt !== null) return row;
    const revokedAt = now.toISOString();
    await tx.updateTable('scimTokens').set({ revokedAt }).where('id', '=', row.id).where('companyId', '=', company.id).execute();
    await audit({ type: 'scim_token.revoked', targetId: row.id, data: { tokenId: row.id, name: row.name } });
    return { ...row, revokedAt };
  });
}
