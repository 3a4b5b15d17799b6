import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Sealed text: `sealed:v1:` then base64url(nonce ‖ tag ‖ ciphertext), AES-256-GCM under a key
 * derived from the secret key for this one use (HKDF-SHA256, info `roster/<purpose>/v1`). The
 * version names the format and the key's derivation, so that a later key or cipher can stand
 * beside it (`v2:` …) while rows sealed under v1 are still opened. `context` (the row's id) is
 * authenticated too: a sealed value copied onto another row does not open.
 */
const VERSION = 'v1';
export const SEALED_PREFIX = 'sealed:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** The AES key of one purpose (`outbox`), derived from the secret key. */
function purposeKey(secretKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), `roster/${purpose}/${VERSION}`, 32));
}

/** Seals `text` for `purpose`, bound to `context`. */
export function seal(secretKey: Buffer, purpose: string, context: string, text: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', purposeKey(secretKey, purpose), nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `${SEALED_PREFIX}${VERSION}:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Whether the stored value was sealed (rather than written plain, before sealing began). */
export const isSealed = (stored: string): boolean => stored.startsWith(SEALED_PREFIX);

/**
 * Opens what `seal` made. Throws when the value was changed, was sealed under another key or for
 * another context, or names a version this code does not know.
 */
export function open(secretKey: Buffer, purpose: string, context: string, stored: string): string {
  const prefix = `${SEALED_PREFIX}${VERSION}:`;
  if (!stored.startsWith(prefix)) throw new Error(`sealed with an unknown version (${stored.slice(0, 12)}…)`);
  const bytes = Buffer.from(stored.slice(prefix.length), 'base64url');
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed value is cut short');
  const decipher = createDecipheriv('aes-256-gcm', purposeKey(secretKey, purpose), bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('sealed value does not open: it was changed, or sealed under another SECRET_KEY');
  }
}
