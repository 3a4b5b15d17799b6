import { COMPANY_TOKEN_KINDS, tokenTable, type CompanyTokenKind } from '../auth/company-tokens.js';
import type { Db } from '../db/database.js';
import { authorize } from '../domain/policy.js';
import { presentCompanyToken } from '../presenters/company-tokens.js';
import { readAsMember } from './scope.js';

/** The company's tokens of a kind, newest first (revoked ones too): for whoever manages them, others FORBIDDEN. */
export async function listCompanyTokens(db: Db, kind: CompanyTokenKind, userId: string, companyId: string) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  authorize(actor, COMPANY_TOKEN_KINDS[kind].manage, {});
  const rows = await db.kysely.selectFrom(tokenTable(kind)).selectAll().where('companyId', '=', company.id).orderBy('createdAt', 'desc').orderBy('id').execute();
  return { items: rows.map(presentCompanyToken) };
}
