import type { Db } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { AuditEventType } from '../domain/events.js';
import type { Action } from '../domain/roles.js';
import { LAST_USE_PRECISION_MS } from './authenticate.js';
import { hashSecret } from './secrets.js';

/**
 * The bearer tokens a company makes for a system of its own rather than for a person: one kind per
 * use, each in a table of its own with the same columns, so that a token of one kind never opens
 * the other's routes. Only a token's SHA-256 is kept.
 */
export const COMPANY_TOKEN_KINDS = {
  /** The company's identity provider, at /scim/v2 (RULES.md §4 "SCIM provisioning"). */
  scim: {
    table: 'scimTokens',
    prefix: 'rscim_',
    noun: 'SCIM token',
    manage: 'scim.manage',
    created: 'scim_token.created',
    revoked: 'scim_token.revoked',
  },
  /** The company's other systems, at the permission check (RULES.md "The permission check"). */
  api: {
    table: 'companyApiTokens',
    prefix: 'rco_',
    noun: 'company API token',
    manage: 'companyToken.manage',
    created: 'company_api_token.created',
    revoked: 'company_api_token.revoked',
  },
} as const satisfies Record<string, { table: 'scimTokens' | 'companyApiTokens'; prefix: string; noun: string; manage: Action; created: AuditEventType; revoked: AuditEventType }>;

export type CompanyTokenKind = keyof typeof COMPANY_TOKEN_KINDS;

/** The table of a kind, as Kysely names it: both have the same columns. */
export const tokenTable = (kind: CompanyTokenKind): 'scimTokens' => COMPANY_TOKEN_KINDS[kind].table as 'scimTokens';

/** The two statements of a token's use, prepared for a kind's table. */
function statementsOf(kind: CompanyTokenKind) {
  return {
    find: prepare((db, v: { tokenHash: string }) =>
      db.selectFrom(tokenTable(kind)).select(['id', 'companyId', 'lastUsedAt']).where('tokenHash', '=', v.tokenHash).where('revokedAt', 'is', null),
    ),
    touch: prepare((db, v: { id: string; at: string; before: string }) =>
      db
        .updateTable(tokenTable(kind))
        .set({ lastUsedAt: v.at })
        .where('id', '=', v.id)
        .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', v.before)])),
    ),
  };
}

const tokenByHash: Record<CompanyTokenKind, ReturnType<typeof statementsOf>> = { scim: statementsOf('scim'), api: statementsOf('api') };

/** The company a live token of this kind acts for, or null (unknown, revoked, another kind); its use is recorded at most once a minute. */
export async function companyTokenFor(db: Db, kind: CompanyTokenKind, token: string, now: Date): Promise<{ tokenId: string; companyId: string } | null> {
  if (!token.startsWith(COMPANY_TOKEN_KINDS[kind].prefix)) return null;
  const statements = tokenByHash[kind];
  const row = await statements.find.executeTakeFirst(db.kysely, { tokenHash: hashSecret(token) });
  if (!row) return null;
  const before = new Date(now.getTime() - LAST_USE_PRECISION_MS).toISOString();
  if (row.lastUsedAt === null || row.lastUsedAt < before) {
    await statements.touch.executeWrite(db.kysely, { id: row.id, at: now.toISOString(), before });
  }
  return { tokenId: row.id, companyId: row.companyId };
}
