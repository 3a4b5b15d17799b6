import { authorize } from '../domain/policy.js';
import { inCompany, type CommandContext } from './context.js';
import { requireDomain } from './domains-shared.js';

/**
 * Removes one of the company's domains, pending or verified (the owner or an admin); audited. A
 * verified domain removed is free for another company to verify. People who joined by it stay.
 */
export async function removeDomain(ctx: CommandContext, companyId: string, domainId: string): Promise<void> {
  await inCompany(ctx, companyId, async ({ tx, company, actor, audit }) => {
    // §4: the things named are the company's (404) before the caller may (403).
    const row = await requireDomain(tx, company.id, domainId);
    authorize(actor, 'domain.manage', {});
    await tx.deleteFrom('companyDomains').where('companyId', '=', company.id).where('id', '=', row.id).execute();
    await audit({ type: 'domain.removed', targetId: row.id, data: { domain: row.domain, status: row.status } });
  });
}
