import type { Db } from '../db/database.js';
import type { ContractStatus } from '../db/schema.js';
import { requireTeam } from '../model/members.js';
import { presentContract } from '../presenters/contracts.js';
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
 * whom). Keyset pagination on (createdAt, id); never OFFSET.
 */
export async function listContracts(db: Db, userId: string, companyId: string, filters: ContractFilters) {
  const { company } = await readAsMember(db, userId, companyId);
  // A team of another company is NOT_FOUND, as everywhere, rather than an empty page. A contact
  // person is only filtered on: a former member may still be named on ended contracts.
  if (filters.teamId !== undefined) await requireTeam(db.kysely, company.id, filters.teamId);
  let query = db.kysely.selectFrom('contracts').selectAll().where('companyId', '=', company.id);
  if (filters.teamId !== undefined) query = query.where('teamId', '=', filters.teamId);
  if (filters.contactPersonId !== undefined) query = query.where('contactPersonId', '=', filters.contactPersonId);
  if (filters.status !== undefined) query = query.where('status', '=', filters.status);
  const { rows, nextCursor } = await newestFirst(query, filters);
  return { items: rows.map(presentContract), nextCursor };
}
