import { DomainError } from '../domain/errors.js';

/**
 * Keyset cursors: the sort key of the last row of the page before, as opaque base64url JSON.
 * Lists page on their index with `(key…) > (cursor…)`, never OFFSET.
 */
export const encodeCursor = (...key: string[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * The sort key in a cursor this server gave; anything else is the client's damage: VALIDATION_FAILED.
 * A key never holds U+0000 (PostgreSQL cannot store it, and names refuse it), so a cursor whose
 * key does was made by hand; it would reach the query past the check on the cursor's own text.
 */
export function decodeCursor(text: string, length: 1): [string];
export function decodeCursor(text: string, length: 2): [string, string];
export function decodeCursor(text: string, length: 3): [string, string, string];
export function decodeCursor(text: string, length: number): string[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === length && value.every((part): part is string => typeof part === 'string' && !part.includes('\u0000'))) {
      return value;
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw invalidCursor();
}

/** The refusal of a cursor this server did not give. */
export const invalidCursor = (): DomainError =>
  new DomainError('VALIDATION_FAILED', 'querystring.cursor: is not a cursor this server gave', {
    errors: [{ path: 'querystring.cursor', message: 'is not a cursor this server gave' }],
  });
