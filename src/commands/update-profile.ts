import type { User } from '../db/schema.js';
import { notFound } from '../domain/errors.js';
import type { Language } from '../domain/languages.js';
import { storedName } from '../domain/normalize.js';
import { requireActorId, type CommandContext } from './context.js';

/**
 * Changes the signed-in user's name (normalised as every name, §6), and with it the name every
 * company they belong to lists (copied into `company_members`, and from there into `team_members`
 * by migration 0006's trigger; the members lists' revision moves with it); and their language,
 * the page's and their mail's (API.md "Mail"). What is not given stays as it is.
 */
export async function updateProfile(ctx: CommandContext, input: { name?: string; language?: Language }): Promise<User> {
  const userId = requireActorId(ctx);
  const name = input.name === undefined ? undefined : storedName(input.name, 'name');
  return ctx.db.write(async (tx) => {
    const user = await tx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('User');
    let updated = user;
    if (name !== undefined && name !== user.name) {
      await tx.updateTable('users').set({ name }).where('id', '=', userId).execute();
      await tx.updateTable('companyMembers').set({ name }).where('userId', '=', userId).execute();
      updated = { ...updated, name };
    }
    if (input.language !== undefined && input.language !== user.language) {
      await tx.updateTable('users').set({ language: input.language }).where('id', '=', userId).execute();
      updated = { ...updated, language: input.language };
    }
    return updated;
  });
}
