import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSealed, open, seal } from './seal.js';
import { parseSecretKey } from './secret-key.js';

const key = randomBytes(32);

describe('seal and open', () => {
  it('gives back the text, sealed differently each time', () => {
    const text = 'Accept: https://roster.test/invitations/tOkEn ✓';
    const a = seal(key, 'outbox', 'row-1', text);
    const b = seal(key, 'outbox', 'row-1', text);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^sealed:v1:[\w-]+$/);
    expect(a).not.toContain('tOkEn');
    expect(isSealed(a)).toBe(true);
    expect(isSealed(text)).toBe(false);
    expect(open(key, 'outbox', 'row-1', a)).toBe(text);
  });

  it('refuses a changed ciphertext, nonce or tag', () => {
    const sealed = seal(key, 'outbox', 'row-1', 'a one-time link');
    const bytes = Buffer.from(sealed.slice('sealed:v1:'.length), 'base64url');
    for (const at of [0, 12, 28, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at]! ^ 1;
      expect(() => open(key, 'outbox', 'row-1', `sealed:v1:${changed.toString('base64url')}`), `byte ${at}`).toThrow(/does not open/);
    }
    expect(() => open(key, 'outbox', 'row-1', 'sealed:v1:AAAA')).toThrow(/cut short/);
    expect(() => open(key, 'outbox', 'row-1', sealed.replace('v1', 'v9'))).toThrow(/unknown version/);
  });

  it('refuses another key, another purpose and another row', () => {
    const sealed = seal(key, 'outbox', 'row-1', 'a one-time link');
    expect(() => open(randomBytes(32), 'outbox', 'row-1', sealed)).toThrow(/another SECRET_KEY/);
    expect(() => open(key, 'other', 'row-1', sealed)).toThrow(/does not open/);
    expect(() => open(key, 'outbox', 'row-2', sealed)).toThrow(/does not open/);
  });
});

describe('parseSecretKey', () => {
  it('takes 32 bytes in hex, base64 or base64url, and refuses anything else without repeating it', () => {
    const bytes = randomBytes(32);
    expect(parseSecretKey(bytes.toString('hex'), 'SECRET_KEY')).toEqual(bytes);
    expect(parseSecretKey(bytes.toString('base64'), 'SECRET_KEY')).toEqual(bytes);
    expect(parseSecretKey(`${bytes.toString('base64url')}\n`, 'SECRET_KEY')).toEqual(bytes);
    for (const bad of ['', 'short', randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), 'z'.repeat(64)]) {
      expect(() => parseSecretKey(bad, 'SECRET_KEY'), bad).toThrow(/SECRET_KEY must be 32 bytes/);
    }
    expect(() => parseSecretKey('sekret-value-of-the-wrong-length', 'SECRET_KEY')).not.toThrow(/sekret/);
  });
});
