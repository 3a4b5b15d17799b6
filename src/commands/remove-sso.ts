import { authorize } from '../domain/policy.js';
import { inCompany, type CommandContext } from './context.js';
import { readSso } from './configure-sso.js';

/**
 * Turns the company's single sign-on off (the owner): its provider, secret and covered domains go,
 * and password sign-in is no longer refused there. The links between people's accounts and the
 * provider's subjects stay, so that setting the same provider again finds the same accounts.
 * Without single sign-on, nothing changes and nothing is recorded.
 */
export async function removeSso(ctx: CommandContext, companyId: string): Promise<void> {
  await inCompany(ctx, companyId, async ({ tx, company, actor, audit }) => {
    authorize(actor, 'sso.configure', {});
    const before = await readSso(tx, company.id);
    if (!before) return;
    await tx.deleteFrom('ssoDomains').where('companyId', '=', company.id).execute();
    await tx.deleteFrom('ssoLogins').where('companyId', '=', company.id).execute();
    await tx.deleteFrom('companySso').where('companyId', '=', company.id).execute();
    await audit({ type: 'sso.removed', data: { before: before.settings } });
  });
}
