import type { ErrorCode } from '../../../../../src/domain/errors.js';
import { formatsOf } from '../../format.js';

const f = formatsOf('en');

/** Words for each code of API.md, and for the failures that have no code of their own. */
export const errors = {
  /**
   * Each code in words a person understands; the server's detail adds the particulars. Keyed by
   * string too: codes of the server's own failures that the page's copy of the code table may not
   * have yet have words as well.
   */
  codes: {
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
  } as Record<ErrorCode | 'NETWORK', string> & Partial<Record<string, string>>,
  /** A 5xx whose code the page does not know. */
  serverFailed: 'Something went wrong on the server. Try again later.',
  /** A 4xx whose code the page does not know. */
  refused: 'The server refused this. Reload the page and try again.',
  /** An answer that is no problem document at all. */
  notUnderstood: 'The server gave an answer this page does not understand. Reload the page and try again.',
  /** An error of the page itself, not of an answer. */
  pageFailed: 'Something went wrong on this page. Reload it and try again.',
  /** A refused sign-in without the server's own words. */
  wrongCredentials: 'The email or the password is not right.',
  /** Said after the code's words when the server names a wait (429, 503). */
  tryAgainIn: (seconds: number) => `Try again ${f.wait(seconds)}.`,
  /** What the code's words end with when they say to try again later: replaced by a named wait. */
  tryAgainSoon: 'Try again in a moment.',
  /** A field error's place when the field is the whole input. */
  input: 'Input',
  /** A form whose every refused field shows its own message. */
  checkFields: 'Check the fields marked below.',
};
