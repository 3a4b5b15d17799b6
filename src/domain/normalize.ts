import { DomainError } from './errors.js';

/** §1: emails are unique and compared case-insensitively after trimming. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Characters a name may not hold: control characters (Cc: C0, DEL, C1), format characters (Cf:
 * zero-width spaces and joiners, bidi controls, the byte-order mark, soft hyphen) and the line and
 * paragraph separators. None shows as a mark of its own, so "General\u200b" would pass for
 * "General" beside it, and a bidi control turns the text around it.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** The first character a name may not hold, as `U+XXXX`, or undefined when there is none. */
export function invisibleInName(name: string): string | undefined {
  const found = INVISIBLE.exec(name)?.[0];
  return found === undefined ? undefined : `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The one form in which names are stored and compared (team, company and people's names): NFC,
 * trimmed, every run of white space (tabs, no-break and ideographic spaces included) one space.
 * Two names that look alike in the same font are then the same string.
 */
export const normalizeName = (name: string): string => name.normalize('NFC').replace(/\s+/gu, ' ').trim();

/** Team names are unique within a company, case-insensitively; the name is given normalised (`normalizeName`). */
export const teamNameKey = (name: string): string => name.trim().toLowerCase();

/**
 * A name in its stored form; VALIDATION_FAILED when it holds a character that does not show or
 * nothing is left. The commands' own check, for callers other than the HTTP schemas (which refuse
 * the same names with a path, `nameText`).
 */
export function storedName(name: string, what: string): string {
  const invisible = invisibleInName(name);
  if (invisible) throw new DomainError('VALIDATION_FAILED', `The ${what} must not contain ${invisible}, a character that does not show`);
  const normalized = normalizeName(name);
  if (normalized === '') throw new DomainError('VALIDATION_FAILED', `The ${what} must not be empty`);
  return normalized;
}
