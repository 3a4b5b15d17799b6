import type { Db } from '../db/database.js';
import { authorize } from '../domain/policy.js';
import { ssoRedirectUri } from '../domain/sso.js';
import { presentSso } from '../presenters/sso.js';
import { readAsMember } from './scope.js';

/**
 * The company's single sign-on, for the owner (`sso.configure`; other members FORBIDDEN): the
 * provider and the covered domains it still holds verified, never the secret; and the redirect URI
 * to register with the provider, which the owner needs before there is anything to save.
 */
export async function readSsoSettings(db: Db, userId: string, companyId: string, baseUrl: string) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  authorize(actor, 'sso.configure', {});
  const row = await db.kysely.selectFrom('companySso').selectAll().where('companyId', '=', company.id).executeTakeFirst();
  const domains = await db.kysely
    .selectFrom('ssoDomains as d')
    .innerJoin('companyDomains as v', (join) => join.onRef('v.companyId', '=', 'd.companyId').onRef('v.domain', '=', 'd.domain').on('v.status', '=', 'verified'))
    .select('d.domain')
    .where('d.companyId', '=', company.id)
    .orderBy('d.domain')
    .execute();
  return { sso: presentSso(row, domains.map((d) => d.domain)), redirectUri: ssoRedirectUri(baseUrl) };
}
