import { randomBytes } from 'node:crypto';
import { newId } from '../auth/secrets.js';
import type { CompanyDomain } from '../db/schema.js';
import { normalizeDomain } from '../domain/domains.js';
import { DomainError } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { inCompany, type CommandContext } from './context.js';

/**
 * Adds a domain to the company, pending until its TXT record is checked (`checkDomain`): the owner
 * or an admin. The name is normalised (`normalizeDomain`); the company adds it once (CONFLICT). A
 * domain another company holds verified may still be added, pending: verifying it is refused while
 * the other company holds it (docs/DECISIONS.md "Verified domains").
 */
export async function addDomain(ctx: CommandContext, companyId: string, input: { domain: string }): Promise<CompanyDomain> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    authorize(actor, 'domain.manage', {});
    const domain = normalizeDomain(input.domain);
    const existing = await tx.selectFrom('companyDomains').select('id').where('companyId', '=', company.id).where('domain', '=', domain).executeTakeFirst();
    if (existing) throw new DomainError('CONFLICT', `${domain} is already one of the company's domains`);
    const row: CompanyDomain = {
      id: newId(),
      companyId: company.id,
      domain,
      // 256 random bits, URL-safe: the record names no one and cannot be guessed by another company.
      token: randomBytes(32).toString('base64url'),
      status: 'pending',
      createdBy: actor.userId,
      createdAt: now.toISOString(),
      verifiedAt: null,
    };
    await tx.insertInto('companyDomains').values(row).execute();
    await audit({ type: 'domain.added', targetId: row.id, data: { domain } });
    return row;
  });
}
