import { formatsOf } from '../../format.js';

const f = formatsOf('en');

/** A company's settings: Security (the two-factor rule), single sign-on, SCIM, domains, webhooks. */
export const settings = {
  saved: 'Saved.',

  securityTitle: 'Security',
  twoFactorRuleLegend: 'Who must use two-factor authentication',
  twoFactorRules: {
    none: { label: 'Nobody', hint: 'Everyone chooses for themselves.' },
    admins: { label: 'Admins', hint: 'The account owner and whoever is an admin, a finance admin or a team admin.' },
    everyone: { label: 'Everyone', hint: 'Every member of the company.' },
  },
  twoFactorRuleNote:
    'People it covers who have not turned on two-factor authentication are asked to, before they can use the company. The members list shows which admins have not.',

  /** What each failure of the identity provider's callback means to the person (API.md "Single sign-on"). */
  ssoFailures: {
    denied: 'The sign-in was declined at your identity provider. Nothing changed in Roster.',
    state: 'This sign-in has expired, was used already, or was started in another browser. Nothing changed; start again below.',
    code: 'Your identity provider’s sign-in had expired or was used already by the time it came back. Nothing changed; start again below.',
    unverified:
      'Your identity provider does not confirm that your email address is verified, so Roster cannot sign you in with it. Nothing changed; ask your administrator.',
    domain: 'Your identity provider signed you in with an email whose domain this company’s single sign-on does not cover. Nothing changed.',
    unconfirmed:
      'An account with this email exists, but its email was never confirmed. Confirm it with the link we mailed, or reset its password, then sign in here again. Nothing changed.',
    unreachable: 'Your identity provider did not answer. Nothing changed; try again in a moment.',
    invalid: 'Your identity provider’s answer could not be accepted. Nothing changed; start again, or ask your administrator.',
  },
  ssoSignInTitle: 'Sign in with single sign-on',
  ssoFailed: 'The sign-in did not go through',
  ssoSignInIntro: 'Enter your work email. If your company signs you in through its identity provider, you go there next.',
  workEmail: 'Work email',
  goingToProvider: 'Going to your identity provider…',
  continue: 'Continue',
  signInWithPassword: 'Sign in with a password instead',

  ssoTitle: 'Single sign-on',
  loadingSso: 'Loading single sign-on…',
  ssoOff: 'Single sign-on is off: people sign in with their passwords.',
  ssoOn: (domains: readonly string[], enforced: boolean) =>
    `Single sign-on is on for ${domains.length === 0 ? 'no domain any more' : f.and(domains)}${
      enforced ? ', enforced: people there sign in through the provider only (you keep your password).' : '; passwords still work.'
    }`,
  verifyDomainFirst: 'Verify a domain first: single sign-on covers the company’s verified domains.',
  registerRoster: 'Register Roster with your OpenID Connect provider (Okta, Microsoft Entra ID, Google Workspace, Keycloak …) with this redirect URI:',
  issuerUrl: 'Issuer URL',
  clientId: 'Client ID',
  clientSecret: 'Client secret',
  clientSecretNew: 'The secret your provider issued. It is kept sealed and never shown again.',
  clientSecretSet: 'A secret is set. Leave this empty to keep it.',
  domainsCovered: 'Domains it covers',
  enforce: 'Enforce: refuse password sign-in at these domains (you, the owner, keep your password as the way back in)',
  checkingProvider: 'Checking the provider…',
  saveSso: 'Save single sign-on',
  removeSso: 'Remove single sign-on',
  removeSsoTitle: 'Remove single sign-on?',
  removeSsoConsequences:
    'People at the covered domains will sign in with passwords again. Accounts made by single sign-on have none until they reset one.',
  scimTitle: 'SCIM provisioning',
  scimIntro:
    'Your identity provider (Okta, Microsoft Entra ID) can add people to the company, keep their details, suspend them and manage teams as groups. People it adds join the default team with no roles and sign in through single sign-on.',
  scimEndpoint: 'SCIM endpoint:',
  newScimTokenRegion: 'Your new SCIM token',
  scimToken: 'SCIM token',
  copyScimToken: (name: string) => `Copy the SCIM token “${name}” now.`,
  scimTokenNotShownAgain: ' It will not be shown again. Give it to your identity provider with the endpoint above.',
  scimTokenRevoked: (name: string) => `The SCIM token “${name}” is revoked: it no longer works.`,
  makeScimTokenTitle: 'Make a SCIM token',
  tokenName: 'Token name',
  scimTokenNameHint: 'Which identity provider it is for, such as “Okta”.',
  making: 'Making…',
  makeScimToken: 'Make SCIM token',
  scimTokens: 'SCIM tokens',
  loadingScimTokens: 'Loading SCIM tokens…',
  noScimTokens: 'No SCIM tokens yet.',
  revokeNamed: (name: string) => `Revoke ${name}`,
  revoke: 'Revoke',
  revoked: 'Revoked',
  scimTokenSeen: (made: string, lastUsed: string | null, revoked: string | null) =>
    `Made ${made} · ${lastUsed === null ? 'never used' : `last used ${lastUsed}`}${revoked === null ? '' : ` · revoked ${revoked}`}`,
  revokeScimTitle: (name: string | null) => `Revoke ${name ?? 'SCIM token'}?`,
  revokeScimConsequences: 'Your identity provider stops provisioning with this token at once. People it added stay. This cannot be undone.',
  revokeScimToken: 'Revoke SCIM token',
};
