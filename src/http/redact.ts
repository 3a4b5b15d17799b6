/**
 * The paths that carry a secret in a segment of their own, `:token` marking it: the links mailed
 * to people (the page's paths) and the API routes those pages call. Only these are redacted, so
 * that ordinary ids, such as an invitation's in `/api/v1/companies/:c/invitations/:id/resend`,
 * stay in the logs. A path matches from its start, whatever follows the token (the page's
 * catch-all serves any path below it, and a mistyped API path is logged too).
 */
export const SECRET_PATHS = [
  // The page's links, mailed to people.
  '/invitations/:token',
  '/verify-email/:token',
  '/reset-password/:token',
  '/confirm-email/:token',
  // The API routes the invitation page calls (preview, accept, decline).
  '/api/v1/invitations/:token',
  '/api/v1/invitations/:token/accept',
  '/api/v1/invitations/:token/decline',
] as const;

/** Query parameters whose value is a path of the page (`/signin?next=/invitations/<token>`). */
const PATH_PARAMETERS = new Set(['next']);
/** Query parameters whose value is a secret itself (`code` and `state`: the single sign-on's callback). */
const SECRET_PARAMETERS = new Set(['token', 'invitationtoken', 'code', 'state']);

export const REDACTED = '[token]';

/** One pattern per distinct prefix before `:token`: `^(/invitations/)[^/?#]+`. */
const patterns = [...new Set(SECRET_PATHS.map((path) => path.slice(0, path.indexOf(':token'))))].map(
  (prefix) => new RegExp(`^(${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})[^/?#]+`, 'i'),
);

/** The path with the token segment of a secret-bearing route replaced by `[token]`. */
function redactPath(path: string): string {
  for (const pattern of patterns) {
    if (pattern.test(path)) return path.replace(pattern, `$1${REDACTED}`);
  }
  return path;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * A request URL as it may be logged: the token of every secret-bearing path (SECRET_PATHS), in
 * the path itself or in a `next=` page path, and any `token=` parameter, replaced by `[token]`.
 * Percent-escapes are read first, so that `/verify%2Demail/…` is caught too.
 */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  const rawPath = mark === -1 ? url : url.slice(0, mark);
  const asSent = redactPath(rawPath);
  const asRead = redactPath(decoded(rawPath));
  const path = asSent !== rawPath ? asSent : asRead !== decoded(rawPath) ? asRead : rawPath;
  if (mark === -1) return path;
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const name = decoded(pair.slice(0, equals)).toLowerCase();
      const value = pair.slice(equals + 1);
      if (SECRET_PARAMETERS.has(name)) return `${pair.slice(0, equals)}=${REDACTED}`;
      if (PATH_PARAMETERS.has(name)) {
        const page = decoded(value);
        const redacted = redactUrl(page);
        return redacted === page ? pair : `${pair.slice(0, equals)}=${encodeURIComponent(redacted)}`;
      }
      return pair;
    })
    .join('&');
  return `${path}?${query}`;
}
