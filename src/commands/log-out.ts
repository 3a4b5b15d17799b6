import { hashSecret } from '../auth/secrets.js';
import type { CommandContext } from './context.js';

/** Ends the session of this cookie secret. */
export async function logOut(ctx: CommandContext, sessionSecret: string): Promise<void> {
  await ctx.db.write((tx) => tx.deleteFrom('sessions').where('tokenHash', '=', hashSecret(sessionSecret)).execute());
}
