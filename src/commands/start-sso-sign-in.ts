import { hashSecret } from '../auth/secrets.js';
import { emailDomain } from '../domain/domains.js';
import { DomainError } from '../domain/errors.js';
import { ssoRedirectUri } from '../domain/sso.js';
import { authorizationUrl, discover, newSignInSecrets, OidcFailure } from '../oidc/relying-party.js';
import type { CommandContext } from './context.js';
import { coveringSso, openClientSecret, sealLoginSecrets } from './sso-shared.js';

/** How long a sign-in sent to the provider may take to come back. */
export const SSO_LOGIN_MS = 10 * 60_000;

/**
 * The first step of a sign-in by single sign-on (§4 "Single sign-on"): when a company's provider
 * covers the email's domain, a fresh state, nonce and PKCE verifier are kept for 10 minutes (the
 * state's hash, the others sealed) and the provider's authorization URL is answered, with the state
 * for the browser's cookie. An email no provider covers is SSO_NOT_CONFIGURED (sign in with the
 * password), a provider that does not answer SSO_DISCOVERY_FAILED; neither writes anything.
 */
export async function startSsoSignIn(
  ctx: CommandContext,
  input: { email: string; next?: string },
): Promise<{ redirect: string; state: string; expiresAt: string }> {
  const domain = emailDomain(input.email);
  const sso = domain === undefined ? undefined : await coveringSso(ctx.db.kysely, domain);
  if (!sso) throw new DomainError('SSO_NOT_CONFIGURED', 'No single sign-on covers this email’s domain; sign in with your password');
  let redirect: string;
  const secrets = newSignInSecrets();
  try {
    const config = await discover(sso.issuer, sso.clientId, openClientSecret(ctx.settings, sso.companyId, sso.clientSecret));
    redirect = await authorizationUrl(config, ssoRedirectUri(ctx.settings.baseUrl), secrets, input.email);
  } catch (error) {
    if (error instanceof OidcFailure) throw new DomainError('SSO_DISCOVERY_FAILED', error.message);
    throw error;
  }
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + SSO_LOGIN_MS).toISOString();
  const stateHash = hashSecret(secrets.state);
  await ctx.db.write(async (tx) => {
    // Sign-ins that never came back go as new ones start.
    await tx.deleteFrom('ssoLogins').where('expiresAt', '<=', now.toISOString()).execute();
    await tx
      .insertInto('ssoLogins')
      .values({
        stateHash,
        companyId: sso.companyId,
        issuer: sso.issuer,
        secrets: sealLoginSecrets(ctx.settings, stateHash, { nonce: secrets.nonce, verifier: secrets.verifier, next: input.next ?? null }),
        email: input.email,
        createdAt: now.toISOString(),
        expiresAt,
      })
      .execute();
  });
  return { redirect, state: secrets.state, expiresAt };
}
