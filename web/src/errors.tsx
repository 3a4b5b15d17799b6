import type { ErrorCode } from '../../src/domain/errors.js';
import { ApiError } from './api.js';

/**
 * Each code of API.md in words a person understands; the server's detail adds the particulars.
 * Keyed by string too: the codes of the server's own failures (which the page may get before its
 * copy of the code table has them) have words as well; any other code is told by its HTTP status.
 */
const WORDS: Record<ErrorCode | 'NETWORK', string> & Partial<Record<string, string>> = {
  VALIDATION_FAILED: 'Some of what you entered is not valid.',
  UNAUTHENTICATED: 'You are signed out. Sign in again to continue.',
  FORBIDDEN: 'You are not allowed to do this.',
  CSRF_REJECTED: 'This request was refused because it did not come from this page. Reload the page and try again.',
  INVITATION_EMAIL_MISMATCH: 'This invitation was sent to another email address than the one you are signed in with.',
  EMAIL_NOT_VERIFIED: 'Confirm your email address first, with the link in the mail Roster sent you.',
  REAUTHENTICATION_REQUIRED: 'For this change, confirm it is you: enter your password again.',
  TWO_FACTOR_REQUIRED: 'This company asks you to turn on two-factor authentication before you go on.',
  NOT_FOUND: 'This no longer exists, or you no longer have access to it.',
  CONTACT_PERSON_ON_ACTIVE_CONTRACT: 'This person is the contact person on active contracts. Reassign or end them first.',
  OWNER_CANNOT_BE_REMOVED: 'The account owner cannot be removed.',
  OWNER_CANNOT_BE_SUSPENDED: 'The account owner cannot be suspended.',
  ALREADY_MEMBER: 'This person is already a member of the company.',
  INVITATION_ALREADY_PENDING: 'An invitation to this email is already waiting for an answer.',
  NOT_HIRING_MANAGER: 'The contact person must be a hiring manager of the contract’s team.',
  EMAIL_TAKEN: 'An account with this email already exists. Sign in instead.',
  TEAM_NAME_TAKEN: 'A team with this name already exists.',
  CONFLICT: 'This cannot be done right now.',
  DOMAIN_TAKEN: 'Another company has verified this domain. It must remove it before yours can be verified.',
  DOMAIN_RECORD_NOT_FOUND: 'The TXT record was not found yet. Check that it is published exactly as shown; DNS changes can take a while to be seen.',
  JOIN_REQUEST_ALREADY_PENDING: 'Your request to join is already waiting for an answer.',
  DNS_LOOKUP_FAILED: 'The DNS servers did not answer. Nothing changed; try again in a moment.',
  SSO_REQUIRED: 'Your company signs you in through its single sign-on. Continue with single sign-on instead of a password.',
  SSO_NOT_CONFIGURED: 'No single sign-on is set up for this email’s domain. Sign in with your password.',
  SSO_DISCOVERY_FAILED: 'The identity provider could not be reached. Nothing changed; check its issuer URL, or try again in a moment.',
  INVITATION_EXPIRED: 'This invitation has expired. Ask the person who invited you to send a new one.',
  INVITATION_NOT_PENDING: 'This invitation is no longer open: it was accepted, declined or withdrawn.',
  INVITATION_REPLACED: 'This invitation was sent to you again, with a new link: this one no longer works. Open the link in the newest invitation mail.',
  PRECONDITION_FAILED: 'This was changed in the meantime. Reload it and try again.',
  REQUEST_TIMEOUT: 'The connection was too slow. Try again.',
  PAYLOAD_TOO_LARGE: 'What you entered is too long.',
  URI_TOO_LONG: 'The address of this page is too long. Go back and try again.',
  UNSUPPORTED_MEDIA_TYPE: 'The page sent something the server does not understand. Reload the page.',
  RATE_LIMITED: 'Too many attempts.',
  HEADERS_TOO_LARGE: 'Your browser sent too much with this request (often too many cookies). Clear this site’s cookies and sign in again.',
  NETWORK: 'The server could not be reached. Check your connection and try again.',
  INTERNAL: 'Something went wrong on the server. Try again in a moment.',
  SERVICE_UNAVAILABLE: 'The server is not available right now. Try again in a moment.',
};

/** The code whose words fit an answer of this status, when the answer's own code is unknown. */
const CODE_OF_STATUS: Partial<Record<number, string>> = {
  0: 'NETWORK',
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  500: 'INTERNAL',
  502: 'SERVICE_UNAVAILABLE',
  503: 'SERVICE_UNAVAILABLE',
  504: 'SERVICE_UNAVAILABLE',
};

/** Words for an answer whose code this page does not know (or that has none), by its HTTP status. */
function wordsForStatus(status: number): string {
  const words = WORDS[CODE_OF_STATUS[status] ?? ''];
  if (words !== undefined) return words;
  if (status >= 500) return 'Something went wrong on the server. Try again later.';
  if (status >= 400) return 'The server refused this. Reload the page and try again.';
  return 'The server gave an answer this page does not understand. Reload the page and try again.';
}

/** "in 30 seconds", "in 2 minutes", "in 3 hours": when to try again, as a person says it. */
function after(seconds: number): string {
  const unit = (count: number, name: string) => `${count} ${name}${count === 1 ? '' : 's'}`;
  if (seconds < 60) return unit(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds < 2 * 60 * 60) return unit(Math.ceil(seconds / 60), 'minute');
  return unit(Math.ceil(seconds / 3600), 'hour');
}

/** A sentence of the server's detail: its first letter up, a full stop at its end. */
const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

/**
 * What went wrong, as one or two sentences for the person looking at the page. `credentials`: the
 * answer refuses what was entered to sign in (an email and password, a code), so UNAUTHENTICATED
 * means those were not right, said in the server's words, not that a session ended.
 */
export function describeError(error: unknown, { credentials = false }: { credentials?: boolean } = {}): string {
  if (!(error instanceof ApiError)) return 'Something went wrong on this page. Reload it and try again.';
  if (credentials && error.code === 'UNAUTHENTICATED') {
    return error.detail === '' ? 'The email or the password is not right.' : sentence(error.detail);
  }
  const words =
    error.code !== 'UNKNOWN' ? WORDS[error.code] : (WORDS[error.serverCode ?? ''] ?? wordsForStatus(error.status));
  // A wait the server names (429, 503) replaces the words' own "try again".
  if (error.retryAfterSeconds !== null && (error.status === 429 || error.status === 503)) {
    return `${words.replace(/ Try again in a moment\.$/, '')} Try again in ${after(error.retryAfterSeconds)}.`;
  }
  if (error.code === 'UNKNOWN') return words; // an unknown code's detail was not written for people
  const particulars =
    error.fieldErrors.length > 0
      ? error.fieldErrors.map((field) => `${field.path === '' ? 'Input' : field.path}: ${field.message}`).join('; ')
      : error.detail;
  // The server's detail is shown where it says more than the general words (which email, which rule).
  const adds = particulars !== '' && !['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'NETWORK', 'EMAIL_NOT_VERIFIED', 'INVITATION_REPLACED'].includes(error.code);
  return adds ? `${words} (${particulars})` : words;
}

/** An error shown next to what caused it, announced by screen readers. */
export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  if (error === null || error === undefined) return null;
  return (
    <p className="error" role="alert" id={id}>
      {describeError(error)}
    </p>
  );
}

/** The message of a refused field (`body.email`, `body.emails.2`…), to show next to that field. */
export function fieldMessage(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const found = error.fieldErrors.find((item) => item.path === `body.${field}` || item.path.startsWith(`body.${field}.`));
  return found?.message;
}

/** A form's error: the field messages stand by their fields, so this names only what they do not (`credentials`: as describeError's). */
export function FormError({ error, fields, credentials = false }: { error: unknown; fields: string[]; credentials?: boolean }) {
  if (error === null || error === undefined) return null;
  const placed =
    error instanceof ApiError &&
    error.fieldErrors.length > 0 &&
    error.fieldErrors.every((item) => fields.some((field) => item.path === `body.${field}` || item.path.startsWith(`body.${field}.`)));
  return (
    <p className="error" role="alert">
      {placed ? 'Check the fields marked below.' : describeError(error, { credentials })}
    </p>
  );
}
