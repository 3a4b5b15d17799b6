import type { Db } from '../db/database.js';
import type { ContractStatus } from '../db/schema.js';
import { requireTeam } from '../model/members.js';
import { contractAbilities } from '../domain/policy.js';
import { presentListedContract } from '../presenters/contracts.js';
import { readAsMember } from './scope.js';
import { newestFirst } from './cursor.js';

/** Filters and page of GET /contracts. */
export interface ContractFilters {
  teamId?: string;
  contactPersonId?: string;
  status?: ContractStatus;
  limit: number;
  cursor?: string;
}

/**
 * The company's contracts, newest first, for any member (§2.5: every member sees who works with
 * whom), each with its contact person's name (null once they are no member: an ended contract may
 * name a former one) and, beside them, what the caller may do to each (`policies`). Keyset
 * pagination on (createdAt, id); never OFFSET.
 */
export async function listContracts(db: Db, userId: string, companyId: string, filters: ContractFilters) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  // A team of another company is NOT_FOUND, as everywhere, rather than an empty page. A contact
  // person is only filtered on: a former member may still be named on ended contracts.
  if (filters.teamId !== undefined) await requireTeam(db.kysely, company.id, filters.teamId);
  let query = db.kysely
    .selectFrom('contracts as c')
    .leftJoin('companyMembers as cm', (join) => join.onRef('cm.companyId', '=', 'c.companyId').onRef('cm.userId', '=', 'c.contactPersonId'))
    .selectAll('c')
    .select('cm.name as contactPersonName')
    .where('c.companyId', '=', company.id);
  if (filters.teamId !== undefined) query = query.where('c.teamId', '=', filters.teamId);
  if (filters.contactPersonId !== undefined) query = query.where('c.contactPersonId', '=', filters.contactPersonId);
  if (filters.status !== undefined) query = query.where('c.status', '=', filters.status);
  const { rows: items, nextCursor } = await newestFirst(query, filters, 'c');
  return {
    items: items.map(({ contactPersonName, ...contract }) => presentListedContract(contract, contactPersonName)),
    nextCursor,
    policies: items.map((contract) => contractAbilities(actor, contract)),
  };
}
