import type { Db } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import { LAST_USE_PRECISION_MS } from './authenticate.js';
import { hashSecret } from './secrets.js';

/** SCIM tokens start with this prefix: told apart from API tokens (`rst_`) at a glance, and by the auth hook. */
export const SCIM_TOKEN_PREFIX = 'rscim_';

const scimTokenByHash = prepare((db, v: { tokenHash: string }) =>
  db.selectFrom('scimTokens').select(['id', 'companyId', 'lastUsedAt']).where('tokenHash', '=', v.tokenHash).where('revokedAt', 'is', null),
);
const touchScimToken = prepare((db, v: { id: string; at: string; before: string }) =>
  db
    .updateTable('scimTokens')
    .set({ lastUsedAt: v.at })
    .where('id', '=', v.id)
    .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', v.before)])),
);

/** The company a live SCIM token acts for, or null (unknown or revoked); its use is recorded at most once a minute. */
export async function scimTokenFor(db: Db, token: string, now: Date): Promise<{ tokenId: string; companyId: string } | null> {
  if (!token.startsWith(SCIM_TOKEN_PREFIX)) return null;
  const row = await scimTokenByHash.executeTakeFirst(db.kysely, { tokenHash: hashSecret(token) });
  if (!row) return null;
  const before = new Date(now.getTime() - LAST_USE_PRECISION_MS).toISOString();
  if (row.lastUsedAt === null || row.lastUsedAt < before) {
    await touchScimToken.executeWrite(db.kysely, { id: row.id, at: now.toISOString(), before });
  }
  return { tokenId: row.id, companyId: row.companyId };
}
