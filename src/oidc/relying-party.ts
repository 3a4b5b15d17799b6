import { createHash } from 'node:crypto';
import * as client from 'openid-client';

/**
 * Roster as an OpenID Connect relying party, with openid-client: discovery, the authorization URL
 * (authorization code flow with PKCE S256, state and nonce) and the code's exchange, whose ID
 * token the library checks (signature, issuer, audience, expiry, nonce). Commands call it between
 * their transactions, as they call DNS (src/dns/txt.ts): no lock is held while a provider answers.
 */

/** Why a provider could not be used; each kind has its own page (API.md "Single sign-on"). */
export type OidcFailureKind = 'unreachable' | 'denied' | 'code' | 'invalid';

export class OidcFailure extends Error {
  constructor(
    readonly kind: OidcFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'OidcFailure';
  }
}

/** How long a provider may take to answer one request, in seconds. */
const TIMEOUT_S = 10;
/** How long a discovered configuration is reused by this process. */
const CACHE_MS = 60 * 60_000;

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Why an issuer URL may not be used, or undefined: an absolute https URL without query or
 * fragment; http only on a loopback host (a provider on the same machine, as in development and
 * the tests), since an ID token fetched over plain http elsewhere could be forged on the way.
 */
export function issuerProblem(issuer: string): string | undefined {
  if (!URL.canParse(issuer)) return 'is not an absolute URL';
  const url = new URL(issuer);
  if (url.search !== '' || url.hash !== '') return 'must not have a query or a fragment';
  if (url.username !== '' || url.password !== '') return 'must not hold a user name or password';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return 'must be https (http only on 127.0.0.1, [::1] or localhost)';
}

const insecure = (issuer: string): boolean => new URL(issuer).protocol === 'http:';

const cache = new Map<string, { at: number; config: Promise<client.Configuration> }>();

/**
 * The provider's configuration for this client, from its discovery document. Reused by the
 * process for an hour (`fresh` asks again: saving the settings validates them against the provider
 * as it is now). A failure is OidcFailure `unreachable` and is not remembered.
 */
export async function discover(issuer: string, clientId: string, clientSecret: string, fresh = false): Promise<client.Configuration> {
  const key = createHash('sha256').update(JSON.stringify([issuer, clientId, clientSecret])).digest('base64url');
  const known = cache.get(key);
  if (!fresh && known && Date.now() - known.at < CACHE_MS) return known.config;
  const config = client
    .discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), {
      timeout: TIMEOUT_S,
      // Deprecated only to stand out: used for a loopback http issuer alone (issuerProblem).
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      execute: insecure(issuer) ? [client.allowInsecureRequests] : [],
    })
    .catch((error: unknown) => {
      cache.delete(key);
      throw new OidcFailure('unreachable', `The provider's discovery document at ${issuer} could not be read: ${describe(error)}`);
    });
  cache.set(key, { at: Date.now(), config });
  return config;
}

/** What one sign-in sends to the provider and must find again at the callback. */
export interface SignInSecrets {
  state: string;
  nonce: string;
  verifier: string;
}

/** Fresh state, nonce and PKCE verifier for one sign-in. */
export const newSignInSecrets = (): SignInSecrets => ({
  state: client.randomState(),
  nonce: client.randomNonce(),
  verifier: client.randomPKCECodeVerifier(),
});

/** The provider's authorization URL for one sign-in: code flow, PKCE S256, state, nonce, the email as a hint. */
export async function authorizationUrl(config: client.Configuration, redirectUri: string, secrets: SignInSecrets, loginHint: string): Promise<string> {
  return client
    .buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(secrets.verifier),
      code_challenge_method: 'S256',
      login_hint: loginHint,
    })
    .toString();
}

/** The claims of a checked ID token that Roster reads. */
export interface IdentityClaims {
  iss: string;
  sub: string;
  email?: unknown;
  emailVerified?: unknown;
  name?: unknown;
}

/**
 * Exchanges the callback's code for tokens (with the PKCE verifier; state and nonce checked) and
 * answers the ID token's claims (the email from UserInfo when the ID token leaves it out). The provider's refusal of the code (expired, used) is `code`; an
 * ID token that does not pass the library's checks is `invalid`; no answer is `unreachable`.
 */
export async function exchangeCode(config: client.Configuration, callbackUrl: URL, secrets: SignInSecrets): Promise<IdentityClaims> {
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: secrets.verifier,
      expectedState: secrets.state,
      expectedNonce: secrets.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    if (error instanceof client.AuthorizationResponseError) {
      throw new OidcFailure(error.error === 'access_denied' ? 'denied' : 'invalid', `The provider refused: ${error.error}`);
    }
    if (error instanceof client.ResponseBodyError) throw new OidcFailure('code', `The provider refused the code: ${error.error}`);
    if (isNetworkFailure(error)) throw new OidcFailure('unreachable', `The provider did not answer: ${describe(error)}`);
    throw new OidcFailure('invalid', `The provider's answer did not pass the checks: ${describe(error)}`);
  }
  const claims = tokens.claims();
  if (!claims) throw new OidcFailure('invalid', 'The provider sent no ID token');
  if (claims.email !== undefined) return { iss: claims.iss, sub: claims.sub, email: claims.email, emailVerified: claims.email_verified, name: claims.name };
  // A provider may keep the scope's claims for UserInfo when it issues an access token (OIDC Core
  // 5.4): asked there, for the same subject (the library checks it).
  let info: Awaited<ReturnType<typeof client.fetchUserInfo>>;
  try {
    info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  } catch (error) {
    if (isNetworkFailure(error)) throw new OidcFailure('unreachable', `The provider did not answer: ${describe(error)}`);
    throw new OidcFailure('invalid', `The provider's UserInfo did not pass the checks: ${describe(error)}`);
  }
  return { iss: claims.iss, sub: claims.sub, email: info.email, emailVerified: info.email_verified, name: info.name ?? claims.name };
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return true;
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}
