import type { Db } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Company } from '../db/schema.js';
import { notFound } from '../domain/errors.js';
import type { MemberContext } from '../domain/policy.js';
import { loadMember } from '../commands/load.js';

const companyById = prepare((db, v: { companyId: string }) => db.selectFrom('companies').selectAll().where('id', '=', v.companyId));

/**
 * The company and the caller's membership, read afresh for a query. A caller who is not a member
 * gets NOT_FOUND, as if the company did not exist (§6).
 */
export async function readAsMember(
  db: Db,
  userId: string,
  companyId: string,
): Promise<{ company: Company; actor: MemberContext }> {
  const company = await companyById.executeTakeFirst(db.kysely, { companyId });
  if (!company) throw notFound('Company');
  const actor = await loadMember(db.kysely, company, userId);
  if (!actor) throw notFound('Company');
  return { company, actor };
}
