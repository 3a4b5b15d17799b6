import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findControlCharacter, multilineText } from './input.js';

describe('findControlCharacter', () => {
  const schema = z.strictObject({
    name: z.string(),
    message: multilineText(100).nullable().optional(),
    teams: z.array(z.strictObject({ teamId: z.string() })).transform((teams) => teams),
  });

  it('finds a control character in any string, by its path, keys included', () => {
    expect(findControlCharacter({ name: 'a\u0000b' }, schema)).toEqual(['name']);
    expect(findControlCharacter({ name: 'ok', teams: [{ teamId: 'x' }, { teamId: '\u007f' }] }, schema)).toEqual(['teams', 1, 'teamId']);
    expect(findControlCharacter({ name: 'ok', ['k\u001f']: 1 }, schema)).toEqual(['k\u001f']);
    expect(findControlCharacter('\u001b', undefined)).toEqual([]);
    expect(findControlCharacter({ name: 'Ada Lovelace', teams: [] }, schema)).toBeUndefined();
  });

  it('lets multi-line text hold tab, CR and LF, and nothing else below U+0020', () => {
    expect(findControlCharacter({ name: 'ok', message: 'a\r\n\tb\nc' }, schema)).toBeUndefined();
    expect(findControlCharacter({ name: 'ok', message: 'a\u0000' }, schema)).toEqual(['message']);
    expect(findControlCharacter({ name: 'a\nb' }, schema)).toEqual(['name']);
    // A field the schema does not know is one line.
    expect(findControlCharacter({ other: 'a\nb' }, schema)).toEqual(['other']);
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}"\\u0000"${']'.repeat(200_000)}`) as unknown;
    expect(findControlCharacter(deep, schema)).toHaveLength(200_000);
  });
});
