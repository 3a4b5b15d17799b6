import { requireActorId, type CommandContext } from './context.js';

/** Drops the signed-in user's email change waiting for its link (the link is then 404); nothing waiting changes nothing. */
export async function cancelEmailChange(ctx: CommandContext): Promise<void> {
  const userId = requireActorId(ctx);
  await ctx.db.write(async (tx) => {
    await tx.deleteFrom('emailChanges').where('userId', '=', userId).where('usedAt', 'is', null).execute();
  });
}
