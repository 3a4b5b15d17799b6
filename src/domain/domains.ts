import { DomainError } from './errors.js';

/** Where a company publishes the TXT record that proves its domain: a name of its own, as GitHub's `_github-challenge-…`. */
export const CHALLENGE_LABEL = '_roster-challenge';

/** The name whose TXT records are looked up for a domain. */
export const challengeName = (domain: string): string => `${CHALLENGE_LABEL}.${domain}`;

/** The TXT record's value for a domain's token. */
export const challengeValue = (token: string): string => `roster-verification=${token}`;

/** One label of a host name, in ASCII (LDH: letters, digits, hyphens inside). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** What a person may type: letters of any script, digits, marks, dots and hyphens. */
const TYPED = /^[\p{L}\p{N}\p{M}.-]+$/u;

/**
 * A domain in the one form Roster stores and compares: lowercase ASCII, internationalised names in
 * their IDNA (punycode) form, no trailing dot. Refused (VALIDATION_FAILED): anything that is not a
 * host name (an address, a URL, a port, an email), a name of one label (`com`, `localhost`: a
 * public suffix or no public name at all), a label over 63 characters or a name over 253, and a
 * top label of digits only (an IP address).
 */
export function normalizeDomain(input: string): string {
  const typed = input.trim().replace(/\.$/, '').normalize('NFC').toLowerCase();
  const invalid = (why: string) => new DomainError('VALIDATION_FAILED', `"${input.trim()}" is not a domain name: ${why}`);
  if (typed === '' || !TYPED.test(typed)) throw invalid('use only the name, such as example.com');
  let ascii: string;
  try {
    // The WHATWG URL parser applies IDNA (UTS #46) to a host, in Node and in browsers alike.
    ascii = new URL(`http://${typed}/`).hostname;
  } catch {
    throw invalid('it is not a valid international domain name');
  }
  const labels = ascii.split('.');
  if (labels.length < 2) throw invalid('it needs at least two labels, such as example.com');
  if (ascii.length > 253) throw invalid('it is longer than 253 characters');
  if (!labels.every((label) => LABEL.test(label))) throw invalid('each label has 1 to 63 letters, digits or inner hyphens');
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) throw invalid('an IP address is not a domain');
  return ascii;
}

/** The domain of an email address (the part after the last `@`), normalised; undefined when it has none. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  if (at < 0) return undefined;
  try {
    return normalizeDomain(email.slice(at + 1));
  } catch {
    return undefined;
  }
}
