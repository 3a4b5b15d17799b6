import { isUniqueViolation } from '../db/database.js';
import type { CompanyDomain } from '../db/schema.js';
import { challengeName, challengeValue } from '../domain/domains.js';
import { DomainError } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { lookupTxt } from '../dns/txt.js';
import { inCompany, type CommandContext } from './context.js';
import { assertNotVerifiedElsewhere, domainTaken, requireDomain } from './domains-shared.js';

/**
 * "Check now": looks up the TXT records of `_roster-challenge.<domain>` and, when one of them is
 * `roster-verification=<token>`, marks the domain verified (the owner or an admin). The lookup runs
 * between two transactions, never holding the company's lock while DNS answers; the second reads
 * the domain afresh. A domain verified already stays so, and the check changes nothing.
 * Refusals, each changing nothing: DOMAIN_TAKEN (another company holds it verified, before the
 * lookup and after it: the unique index among verified domains decides two companies verifying it
 * at once), DOMAIN_RECORD_NOT_FOUND, DNS_LOOKUP_FAILED.
 */
export async function checkDomain(ctx: CommandContext, companyId: string, domainId: string): Promise<CompanyDomain> {
  const first = await inCompany(ctx, companyId, async ({ tx, company, actor }) => {
    // §4: the things named are the company's (404) before the caller may (403).
    const row = await requireDomain(tx, company.id, domainId);
    authorize(actor, 'domain.manage', {});
    if (row.status !== 'verified') await assertNotVerifiedElsewhere(tx, company.id, row.domain);
    return row;
  });
  if (first.status === 'verified') return first;

  const records = await lookupTxt(challengeName(first.domain), ctx.settings.dnsServers);
  if (!records.includes(challengeValue(first.token))) {
    throw new DomainError(
      'DOMAIN_RECORD_NOT_FOUND',
      `No TXT record "${challengeValue(first.token)}" was found at ${challengeName(first.domain)}; DNS changes may take a while to be seen`,
    );
  }

  try {
    return await inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
      const row = await requireDomain(tx, company.id, domainId);
      authorize(actor, 'domain.manage', {});
      // Removed and added again meanwhile: a new token, which this lookup did not see.
      if (row.token !== first.token) throw new DomainError('CONFLICT', 'The domain changed during the check; check it again');
      if (row.status === 'verified') return row;
      await assertNotVerifiedElsewhere(tx, company.id, row.domain);
      const verifiedAt = now.toISOString();
      await tx
        .updateTable('companyDomains')
        .set({ status: 'verified', verifiedAt })
        .where('companyId', '=', company.id)
        .where('id', '=', row.id)
        .execute();
      await audit({ type: 'domain.verified', targetId: row.id, data: { domain: row.domain } });
      return { ...row, status: 'verified', verifiedAt };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw domainTaken(first.domain);
    throw error;
  }
}
