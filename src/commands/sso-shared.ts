import { open, seal } from '../auth/seal.js';
import type { Executor } from '../db/database.js';
import { emailDomain } from '../domain/domains.js';
import { DomainError } from '../domain/errors.js';
import type { CommandSettings } from '../settings.js';

/** The purposes of the sealed values of single sign-on (auth/seal.ts): each its own key. */
const CLIENT_SECRET = 'sso-client-secret';
const LOGIN = 'sso-login';

/** The client secret as stored: sealed, bound to the company's id. */
export const sealClientSecret = (settings: CommandSettings, companyId: string, secret: string): string =>
  seal(settings.secretKey, CLIENT_SECRET, companyId, secret);

/** The client secret, opened; a secret sealed under another SECRET_KEY is SSO_DISCOVERY_FAILED: the owner saves it again. */
export function openClientSecret(settings: CommandSettings, companyId: string, stored: string): string {
  try {
    return open(settings.secretKey, CLIENT_SECRET, companyId, stored);
  } catch {
    throw new DomainError('SSO_DISCOVERY_FAILED', 'The client secret cannot be opened with this server’s key (SECRET_KEY changed?); the account owner must enter it again');
  }
}

/** What a pending sign-in keeps sealed: the nonce, the PKCE verifier, and the page's path to go to after. */
export interface LoginSecrets {
  nonce: string;
  verifier: string;
  next: string | null;
}

/** A pending sign-in's secrets as stored: sealed, bound to the state's hash. */
export const sealLoginSecrets = (settings: CommandSettings, stateHash: string, secrets: LoginSecrets): string =>
  seal(settings.secretKey, LOGIN, stateHash, JSON.stringify(secrets));

export function openLoginSecrets(settings: CommandSettings, stateHash: string, stored: string): LoginSecrets {
  return JSON.parse(open(settings.secretKey, LOGIN, stateHash, stored)) as LoginSecrets;
}


/**
 * The company whose single sign-on covers `domain`, with its provider: the domain is in its
 * covered list and still one of its verified domains (a domain removed since covers nothing).
 */
export async function coveringSso(db: Executor, domain: string) {
  return db
    .selectFrom('ssoDomains as d')
    .innerJoin('companySso as s', 's.companyId', 'd.companyId')
    .innerJoin('companyDomains as v', (join) =>
      join.onRef('v.companyId', '=', 'd.companyId').onRef('v.domain', '=', 'd.domain').on('v.status', '=', 'verified'),
    )
    .innerJoin('companies as c', 'c.id', 'd.companyId')
    .select(['s.companyId', 's.issuer', 's.clientId', 's.clientSecret', 's.enforced', 'c.ownerId'])
    .where('d.domain', '=', domain)
    .executeTakeFirst();
}

/**
 * §4 "Single sign-on": where a company enforces its single sign-on, password sign-in is refused,
 * SSO_REQUIRED, for an account at a domain it covers, but for the company's owner, whose password
 * stays the way back in should the provider fail.
 */
export async function assertPasswordSignInAllowed(db: Executor, user: { id: string; email: string }): Promise<void> {
  const domain = emailDomain(user.email);
  const sso = domain === undefined ? undefined : await coveringSso(db, domain);
  if (sso && sso.enforced === 1 && sso.ownerId !== user.id) {
    throw new DomainError('SSO_REQUIRED', 'Your company signs you in through its single sign-on; continue with single sign-on', {
      sso: '/api/v1/auth/sso/start',
    });
  }
}
