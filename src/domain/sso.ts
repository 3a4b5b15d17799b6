/** Single sign-on's fixed names (§4 "Single sign-on"): pure, for the server and the page. */

/** The API's path the provider sends the browser back to. */
export const SSO_CALLBACK_PATH = '/api/v1/auth/sso/callback';

/** The redirect URI registered with the provider: the callback under BASE_URL. */
export const ssoRedirectUri = (baseUrl: string): string => `${baseUrl}${SSO_CALLBACK_PATH}`;

/** Why a sign-in by single sign-on failed: the `error` of the page it ends on (API.md "Single sign-on"). */
export const SSO_FAILURE_REASONS = ['denied', 'state', 'code', 'unverified', 'domain', 'unconfirmed', 'unreachable', 'invalid'] as const;
export type SsoFailureReason = (typeof SSO_FAILURE_REASONS)[number];
