import { ApiError } from './api.js';
import { currentLanguage } from './i18n/language.js';
import { messages } from './i18n/messages.js';

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
  const words = messages().errors;
  const ofStatus = words.codes[CODE_OF_STATUS[status] ?? ''];
  if (ofStatus !== undefined) return ofStatus;
  if (status >= 500) return words.serverFailed;
  if (status >= 400) return words.refused;
  return words.notUnderstood;
}

/** A sentence of the server's detail: its first letter up, a full stop at its end. */
const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

/**
 * What went wrong, as one or two sentences for the person looking at the page. `credentials`: the
 * answer refuses what was entered to sign in (an email and password, a code), so UNAUTHENTICATED
 * means those were not right, said in the server's words, not that a session ended.
 */
export function describeError(error: unknown, { credentials = false }: { credentials?: boolean } = {}): string {
  const said = messages().errors;
  if (!(error instanceof ApiError)) return said.pageFailed;
  if (credentials && error.code === 'UNAUTHENTICATED') {
    // The server words its detail in English: a page in another language says it in its own words.
    return error.detail === '' || currentLanguage() !== 'en' ? said.wrongCredentials : sentence(error.detail);
  }
  const words =
    error.code !== 'UNKNOWN' ? said.codes[error.code] : (said.codes[error.serverCode ?? ''] ?? wordsForStatus(error.status));
  // A wait the server names (429, 503) replaces the words' own "try again".
  if (error.retryAfterSeconds !== null && (error.status === 429 || error.status === 503)) {
    const general = words.endsWith(` ${said.tryAgainSoon}`) ? words.slice(0, -said.tryAgainSoon.length - 1) : words;
    return `${general} ${said.tryAgainIn(error.retryAfterSeconds)}`;
  }
  if (error.code === 'UNKNOWN') return words; // an unknown code's detail was not written for people
  const particulars =
    error.fieldErrors.length > 0
      ? error.fieldErrors.map((field) => `${field.path === '' ? said.input : field.path}: ${field.message}`).join('; ')
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
      {placed ? messages().errors.checkFields : describeError(error, { credentials })}
    </p>
  );
}
