import type { Tx } from '../db/database.js';
import { normalizeDomain } from '../domain/domains.js';
import { DomainError } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { discover, issuerProblem, OidcFailure } from '../oidc/relying-party.js';
import { inCompany, type CommandContext } from './context.js';
import { openClientSecret, sealClientSecret } from './sso-shared.js';

export interface SsoInput {
  issuer: string;
  clientId: string;
  /** Needed the first time; left out, the secret set before stays. */
  clientSecret?: string;
  domains: string[];
  enforced: boolean;
}

/** The settings as the audit log and the API tell them: never the secret. */
export interface SsoSettings {
  issuer: string;
  clientId: string;
  domains: string[];
  enforced: boolean;
}

/**
 * Sets the company's single sign-on (§4 "Single sign-on"), the owner alone: its OpenID Provider
 * (issuer, client id, client secret, sealed at rest), the verified domains it covers, and whether
 * password sign-in is refused there. The provider is asked for its discovery document between two
 * transactions, as a domain's check asks DNS, so that no lock is held while it answers; an issuer
 * that does not answer is SSO_DISCOVERY_FAILED. Refusals, each changing nothing: FORBIDDEN; an
 * issuer that is not https (http only on a loopback host) or no secret the first time,
 * VALIDATION_FAILED; a domain that is not one of the company's verified domains, CONFLICT;
 * SSO_DISCOVERY_FAILED. The same settings again record nothing; a change is `sso.configured`.
 */
export async function configureSso(ctx: CommandContext, companyId: string, input: SsoInput): Promise<SsoSettings> {
  const issuer = input.issuer.trim();
  const domains = [...new Set(input.domains.map(normalizeDomain))].sort();
  const wanted: SsoSettings = { issuer, clientId: input.clientId.trim(), domains, enforced: input.enforced };

  const secret = await inCompany(ctx, companyId, async ({ tx, company, actor }) => {
    authorize(actor, 'sso.configure', {});
    return checked(ctx, tx, company.id, wanted, input.clientSecret);
  });
  try {
    await discover(issuer, wanted.clientId, secret, true);
  } catch (error) {
    if (error instanceof OidcFailure) throw new DomainError('SSO_DISCOVERY_FAILED', error.message);
    throw error;
  }

  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    authorize(actor, 'sso.configure', {});
    await checked(ctx, tx, company.id, wanted, input.clientSecret);
    const before = await readSso(tx, company.id);
    const secretChanged = input.clientSecret !== undefined && (before === undefined || storedSecret(ctx, company.id, before.sealed) !== input.clientSecret);
    if (before && !secretChanged && same(before.settings, wanted)) return wanted;
    const row = {
      issuer: wanted.issuer,
      clientId: wanted.clientId,
      clientSecret: input.clientSecret === undefined ? (before?.sealed ?? '') : sealClientSecret(ctx.settings, company.id, input.clientSecret),
      enforced: wanted.enforced ? (1 as const) : (0 as const),
      updatedBy: actor.userId,
      updatedAt: now.toISOString(),
    };
    if (before) await tx.updateTable('companySso').set(row).where('companyId', '=', company.id).execute();
    else await tx.insertInto('companySso').values({ companyId: company.id, ...row }).execute();
    await tx.deleteFrom('ssoDomains').where('companyId', '=', company.id).execute();
    await tx.insertInto('ssoDomains').values(domains.map((domain) => ({ domain, companyId: company.id }))).execute();
    await audit({ type: 'sso.configured', data: { before: before?.settings ?? null, after: wanted, secretChanged } });
    return wanted;
  });
}

/** The company's settings as stored, with the sealed secret; undefined without single sign-on. */
export async function readSso(tx: Tx, companyId: string): Promise<{ settings: SsoSettings; sealed: string } | undefined> {
  const row = await tx.selectFrom('companySso').selectAll().where('companyId', '=', companyId).executeTakeFirst();
  if (!row) return undefined;
  const domains = await tx.selectFrom('ssoDomains').select('domain').where('companyId', '=', companyId).orderBy('domain').execute();
  return {
    settings: { issuer: row.issuer, clientId: row.clientId, domains: domains.map((d) => d.domain), enforced: row.enforced === 1 },
    sealed: row.clientSecret,
  };
}

/** The stored secret, or undefined when it does not open (sealed under another key): a new one replaces it. */
function storedSecret(ctx: CommandContext, companyId: string, sealed: string): string | undefined {
  try {
    return openClientSecret(ctx.settings, companyId, sealed);
  } catch {
    return undefined;
  }
}

const same = (a: SsoSettings, b: SsoSettings): boolean =>
  a.issuer === b.issuer && a.clientId === b.clientId && a.enforced === b.enforced && a.domains.join(' ') === b.domains.join(' ');

/** The rules of the settings, read in the transaction; answers the client secret to discover with. */
async function checked(ctx: CommandContext, tx: Tx, companyId: string, wanted: SsoSettings, clientSecret: string | undefined): Promise<string> {
  const problem = issuerProblem(wanted.issuer);
  if (problem) throw new DomainError('VALIDATION_FAILED', `The issuer ${problem}`);
  const verified = await tx.selectFrom('companyDomains').select('domain').where('companyId', '=', companyId).where('status', '=', 'verified').execute();
  const held = new Set(verified.map((row) => row.domain));
  const foreign = wanted.domains.filter((domain) => !held.has(domain));
  if (foreign.length > 0) {
    throw new DomainError('CONFLICT', `Single sign-on covers only the company’s verified domains; not ${foreign.join(', ')}`, { domains: foreign });
  }
  if (clientSecret !== undefined) return clientSecret;
  const stored = await tx.selectFrom('companySso').select('clientSecret').where('companyId', '=', companyId).executeTakeFirst();
  if (!stored) throw new DomainError('VALIDATION_FAILED', 'Give the client secret the provider issued');
  return openClientSecret(ctx.settings, companyId, stored.clientSecret);
}
