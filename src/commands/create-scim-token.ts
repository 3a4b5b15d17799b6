import { SCIM_TOKEN_PREFIX } from '../auth/scim-tokens.js';
import { hashSecret, newId, newSecret } from '../auth/secrets.js';
import type { ScimToken } from '../db/schema.js';
import { authorize } from '../domain/policy.js';
import { storedName } from '../domain/normalize.js';
import { inCompany, type CommandContext } from './context.js';
import { requireRecentAuthentication } from './recent-authentication.js';
import { requireSession } from './sessions-shared.js';

/**
 * The owner makes a SCIM token for the company's identity provider (§4 "SCIM provisioning"), from
 * a signed-in session that signed in recently, as for an API token. The token is returned this
 * once; only its SHA-256 is kept. One audit event, `scim_token.created`.
 */
export async function createScimToken(
  ctx: CommandContext,
  companyId: string,
  input: { name: string },
): Promise<{ row: ScimToken; token: string }> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    // In the order of §4: a member (NOT_FOUND), the owner (FORBIDDEN), then how they signed in.
    authorize(actor, 'scim.manage', {});
    requireSession(ctx, 'Making a SCIM token');
    requireRecentAuthentication(ctx);
    const name = storedName(input.name, 'token name');
    const token = SCIM_TOKEN_PREFIX + newSecret();
    const row: ScimToken = {
      id: newId(),
      companyId: company.id,
      name,
      tokenHash: hashSecret(token),
      createdBy: actor.userId,
      createdAt: now.toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await tx.insertInto('scimTokens').values(row).execute();
    await audit({ type: 'scim_token.created', targetId: row.id, data: { tokenId: row.id, name } });
    return { row, token };
  });
}
