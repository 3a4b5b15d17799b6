import type { ErrorCode } from '../../src/domain/errors.js';
import { ApiError } from './api.js';

/** Each code of API.md in words a person understands; the server's detail adds the particulars. */
const WORDS: Record<ErrorCode | 'NETWORK', string> = {
  VALIDATION_FAILED: 'Some of what you entered is not valid.',
  UNAUTHENTICATED: 'You are signed out. Sign in again to continue.',
  FORBIDDEN: 'You are not allowed to do this.',
  CSRF_REJECTED: 'This request was refused because it did not come from this page. Reload the page and try again.',
  INVITATION_EMAIL_MISMATCH: 'This invitation was sent to another email address than the one you are signed in with.',
  NOT_FOUND: 'This no longer exists, or you no longer have access to it.',
  CONTACT_PERSON_ON_ACTIVE_CONTRACT: 'This person is the contact person on active contracts. Reassign or end them first.',
  OWNER_CANNOT_BE_REMOVED: 'The account owner cannot be removed.',
  ALREADY_MEMBER: 'This person is already a member of the company.',
  INVITATION_ALREADY_PENDING: 'An invitation to this email is already waiting for an answer.',
  NOT_HIRING_MANAGER: 'The contact person must be a hiring manager of the contract’s team.',
  EMAIL_TAKEN: 'An account with this email already exists. Sign in instead.',
  TEAM_NAME_TAKEN: 'A team with this name already exists.',
  CONFLICT: 'This cannot be done right now.',
  INVITATION_EXPIRED: 'This invitation has expired. Ask the person who invited you to send a new one.',
  INVITATION_NOT_PENDING: 'This invitation is no longer open: it was accepted, declined or withdrawn.',
  REQUEST_TIMEOUT: 'The connection was too slow. Try again.',
  PAYLOAD_TOO_LARGE: 'What you entered is too long.',
  URI_TOO_LONG: 'The address of this page is too long. Go back and try again.',
  UNSUPPORTED_MEDIA_TYPE: 'The page sent something the server does not understand. Reload the page.',
  RATE_LIMITED: 'Too many attempts.',
  HEADERS_TOO_LARGE: 'Your browser sent too much with this request (often too many cookies). Clear this site’s cookies and sign in again.',
  NETWORK: 'The server could not be reached. Check your connection and try again.',
};

/** What went wrong, as one or two sentences for the person looking at the page. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  const words = WORDS[error.code];
  if (error.code === 'RATE_LIMITED' && error.retryAfterSeconds !== null) {
    return `${words} Try again in ${Math.max(1, Math.ceil(error.retryAfterSeconds / 60))} minute(s).`;
  }
  const particulars =
    error.fieldErrors.length > 0
      ? error.fieldErrors.map((field) => `${field.path === '' ? 'Input' : field.path}: ${field.message}`).join('; ')
      : error.detail;
  // The server's detail is shown where it says more than the general words (which email, which rule).
  const adds = particulars !== '' && !['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'NETWORK'].includes(error.code);
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

/** A form's error: the field messages stand by their fields, so this names only what they do not. */
export function FormError({ error, fields }: { error: unknown; fields: string[] }) {
  if (error === null || error === undefined) return null;
  const placed =
    error instanceof ApiError &&
    error.fieldErrors.length > 0 &&
    error.fieldErrors.every((item) => fields.some((field) => item.path === `body.${field}` || item.path.startsWith(`body.${field}.`)));
  return (
    <p className="error" role="alert">
      {placed ? 'Check the fields marked below.' : describeError(error)}
    </p>
  );
}
