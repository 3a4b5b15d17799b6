import { forbidden, notFound } from '../domain/errors.js';
import { requireActorId, type CommandContext } from './context.js';
import { recordSecurityEvent } from './security-events.js';

/**
 * Deletes one of the user's API tokens; another user's token is NOT_FOUND. From a session any of
 * them; with an API token only that token itself (a script may retire its own token), any other is
 * FORBIDDEN. Written to the user's security log.
 */
export async function deleteApiToken(ctx: CommandContext, tokenId: string): Promise<void> {
  const userId = requireActorId(ctx);
  await ctx.db.write(async (tx) => {
    const row = await tx.selectFrom('apiTokens').select(['id', 'name']).where('id', '=', tokenId).where('userId', '=', userId).executeTakeFirst();
    if (!row) throw notFound('API token');
    if (ctx.signedInWith !== 'session' && tokenId !== ctx.apiTokenId) {
      throw forbidden('An API token may revoke only itself; revoke others from a signed-in session');
    }
    await tx.deleteFrom('apiTokens').where('id', '=', tokenId).where('userId', '=', userId).execute();
    const now = ctx.now();
    await recordSecurityEvent(tx, ctx, {
      userId,
      type: 'api_token.revoked',
      data: { tokenId, name: row.name, by: ctx.signedInWith === 'session' ? 'session' : 'itself' },
      now,
    });
  });
}
