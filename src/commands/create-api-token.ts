import { API_TOKEN_PREFIX } from '../auth/authenticate.js';
import { hashSecret, newId, newSecret } from '../auth/secrets.js';
import type { CommandContext } from './context.js';
import { requireRecentAuthentication } from './recent-authentication.js';
import { lockUser } from './daily-limits.js';
import { recordSecurityEvent } from './security-events.js';
import { DAY_MS, requireSession } from './sessions-shared.js';

/**
 * Creates an API token that acts as the signed-in user, for `expiresInDays` days or until revoked
 * (null); the token is returned this once. Needs a recent sign-in. Written to the user's security log.
 */
export async function createApiToken(
  ctx: CommandContext,
  input: { name: string; expiresInDays?: number | null },
): Promise<{ id: string; name: string; token: string; createdAt: string; expiresAt: string | null }> {
  const userId = requireSession(ctx, 'Making an API token');
  requireRecentAuthentication(ctx);
  const token = API_TOKEN_PREFIX + newSecret();
  const id = newId();
  const now = ctx.now();
  const createdAt = now.toISOString();
  const expiresAt = input.expiresInDays == null ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS).toISOString();
  await ctx.db.write(async (tx) => {
    // An account deleted while this request waited gets no token (delete-account.ts takes this lock first).
    await lockUser(tx, userId);
    await tx
      .insertInto('apiTokens')
      .values({ id, userId, name: input.name, tokenHash: hashSecret(token), createdAt, lastUsedAt: null, expiresAt })
      .execute();
    await recordSecurityEvent(tx, ctx, { userId, type: 'api_token.created', data: { tokenId: id, name: input.name, expiresAt }, now });
  });
  return { id, name: input.name, token, createdAt, expiresAt };
}
