import type { Tx } from '../db/database.js';
import type { CompanyDomain } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';

/** The company's domain `domainId`; NOT_FOUND when it is another company's or gone. */
export async function requireDomain(tx: Tx, companyId: string, domainId: string): Promise<CompanyDomain> {
  const row = await tx.selectFrom('companyDomains').selectAll().where('companyId', '=', companyId).where('id', '=', domainId).executeTakeFirst();
  if (!row) throw notFound('Domain');
  return row;
}

/** One company at a time holds a domain verified: DOMAIN_TAKEN when another company does. */
export async function assertNotVerifiedElsewhere(tx: Tx, companyId: string, domain: string): Promise<void> {
  const holder = await tx
    .selectFrom('companyDomains')
    .select('companyId')
    .where('domain', '=', domain)
    .where('status', '=', 'verified')
    .where('companyId', '!=', companyId)
    .executeTakeFirst();
  if (holder) throw domainTaken(domain);
}

export const domainTaken = (domain: string): DomainError =>
  new DomainError('DOMAIN_TAKEN', `Another company has verified ${domain}; it must remove it before this company can verify it`);
