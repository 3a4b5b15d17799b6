import type { Db } from '../db/database.js';
import { authorize } from '../domain/policy.js';
import { presentDomain, presentJoining } from '../presenters/domains.js';
import { readAsMember } from './scope.js';

/**
 * The company's domains, pending and verified, oldest first, with the TXT record each needs, and
 * the joining setting: for the owner and admins (`domain.manage`); other members FORBIDDEN.
 */
export async function listDomains(db: Db, userId: string, companyId: string) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  authorize(actor, 'domain.manage', {});
  const rows = await db.kysely
    .selectFrom('companyDomains')
    .selectAll()
    .where('companyId', '=', company.id)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  const joining = await db.kysely.selectFrom('companyJoining').select(['mode', 'teamId']).where('companyId', '=', company.id).executeTakeFirst();
  return { items: rows.map(presentDomain), joining: presentJoining(joining) };
}
