/** The company's frame (its settings navigation, no access, Create a company) and the parts every page may show. */
export const shell = {
  settings: 'Settings',
  nav: {
    members: 'Members & Permissions',
    teams: 'Teams',
    contracts: 'Contracts',
    security: 'Security',
    invitations: 'Pending invitations',
    domains: 'Domains',
    scim: 'SCIM',
    webhooks: 'Webhooks',
    auditLog: 'Audit log',
    joinRequests: 'Join requests',
  },
  noAccessTitle: 'No access',
  noAccess: 'You do not have access to this company. You may have been removed from it.',
  goToCompanies: 'Go to your companies',
  loadingCompany: 'Loading the company…',
  pageNotFound: 'Page not found.',

  createCompanyTitle: 'Create a company',
  createCompanyIntro: 'Your company’s hiring account: you will be its account owner, and can then invite your coworkers.',
  companyName: 'Company name',
  creating: 'Creating…',
  createCompany: 'Create company',

  /** The reauthentication dialog. */
  confirmTitle: 'Confirm it’s you',
  confirmIntro:
    'For this change, enter your password again. You will not be asked again for 10 minutes. Signed in with single sign-on and no password? Sign out, sign in again through it, and make the change within 10 minutes.',
  confirmAndContinue: 'Confirm and continue',
  confirming: 'Confirming…',
  password: 'Password',
  authenticationCode: 'Authentication code',
  authenticationCodeHint: 'The 6-digit code your authenticator app shows now.',

  /** The notice of an unconfirmed email. */
  confirmEmailRegion: 'Confirm your email address',
  confirmEmailBefore: 'Confirm your email address (',
  confirmEmailAfter: ') to invite people.',
  sending: 'Sending…',
  sendLinkAgain: 'Send the link again',
  linkSentAgain: (email: string) => `We sent a new link to ${email}. Open it to confirm your address.`,
  emailConfirmed: 'Your email address is confirmed.',

  /** A secret shown once. */
  copyToken: 'Copy token',
  copied: 'Copied.',
  copyFailed: 'Copying did not work: select the token and copy it yourself.',
};
