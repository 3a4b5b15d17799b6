/**
 * The paths of the page (web/src/App.tsx routes by them) and so the paths at which the server
 * answers the page's index.html (src/http/web.ts); any other path that is not a built file is 404.
 * One list for both, so that a link the page makes is never a 404 and a path it does not know is
 * never answered with the page. Pure: the page imports it too.
 */
export const PAGE_PATHS = {
  home: '/',
  signIn: '/signin',
  // Signing in by single sign-on, and the page its callback ends on when it fails (`?error=`).
  ssoSignIn: '/signin/sso',
  signUp: '/signup',
  forgotPassword: '/forgot-password',
  newCompany: '/companies/new',
  members: '/companies/:companyId/members',
  member: '/companies/:companyId/members/:userId',
  teams: '/companies/:companyId/teams',
  team: '/companies/:companyId/teams/:teamId',
  contracts: '/companies/:companyId/contracts',
  invitations: '/companies/:companyId/invitations',
  security: '/companies/:companyId/security',
  domains: '/companies/:companyId/domains',
  joinRequests: '/companies/:companyId/join-requests',
  scim: '/companies/:companyId/scim',
  webhooks: '/companies/:companyId/webhooks',
  auditLog: '/companies/:companyId/audit-log',
  acceptInvitation: '/invitations/:token',
  verifyEmail: '/verify-email/:token',
  account: '/account',
  accountSection: '/account/:section',
  // The links of a password-reset mail and of an email change's confirmation mail.
  resetPassword: '/reset-password/:token',
  confirmEmail: '/confirm-email/:token',
} as const;

/**
 * Matches a pattern of PAGE_PATHS (`/companies/:companyId/members`) against a path without its
 * query string; the named parts, decoded, or null. A trailing slash is ignored.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const trimmed = path.replace(/\/+$/, '');
  if (pattern === '/') return trimmed === '' ? {} : null;
  const want = pattern.split('/');
  const have = trimmed.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index] ?? '';
    if (part.startsWith(':')) {
      if (actual === '') return null;
      try {
        params[part.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null; // a malformed escape names nothing of the page
      }
    } else if (part !== actual) return null;
  }
  return params;
}

/** Whether a path (no query string) is one of the page's. */
export const isPagePath = (path: string): boolean => Object.values(PAGE_PATHS).some((pattern) => matchPath(pattern, path) !== null);
