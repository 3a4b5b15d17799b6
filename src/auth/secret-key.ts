import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The secret key that seals what must not be readable at rest (outbox bodies), and where it came from. */
export interface SecretKey {
  key: Buffer;
  /** `SECRET_KEY`, the key file's path, or `memory` (an in-memory SQLite database: a key for this process). */
  source: string;
}

const KEY_BYTES = 32;
const HOW = 'make one with: openssl rand -base64 32';

/** 32 bytes written as 64 hex digits or as base64 / base64url; anything else is refused. */
export function parseSecretKey(raw: string, name: string): Buffer {
  const text = raw.trim();
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text.replace(/=$/, ''), text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new Error(`${name} must be ${KEY_BYTES} bytes, written as 64 hex digits or in base64 (${HOW}); the value is not repeated here`);
}

/**
 * Where the key file lives when SECRET_KEY is not set: `DATA_DIR`, else the SQLite database's
 * folder, else (PostgreSQL) `./var`. Null for an in-memory SQLite database.
 */
export function keyFilePath(env: Record<string, string | undefined>, databaseUrl: string): string | null {
  if (env.DATA_DIR) return join(resolve(env.DATA_DIR), 'secret.key');
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    return path === ':memory:' ? null : join(dirname(resolve(path)), 'secret.key');
  }
  return resolve('var', 'secret.key');
}

/**
 * The key file's key; on first start it is made (mode 0600). Written to a temporary file and
 * linked into place, so that two processes starting at once agree on one key and neither reads
 * a half-written file.
 */
export function readOrCreateKeyFile(path: string): Buffer {
  try {
    return parseSecretKey(readFileSync(path, 'utf8'), `The key file ${path}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return parseSecretKey(readFileSync(path, 'utf8'), `The key file ${path}`);
}

/** SECRET_KEY when set (checked), else the key file (made on first start). */
export function loadSecretKey(env: Record<string, string | undefined>, databaseUrl: string): SecretKey {
  const given = env.SECRET_KEY;
  if (given !== undefined && given !== '') return { key: parseSecretKey(given, 'SECRET_KEY'), source: 'SECRET_KEY' };
  const path = keyFilePath(env, databaseUrl);
  if (path === null) return { key: randomBytes(KEY_BYTES), source: 'memory' };
  return { key: readOrCreateKeyFile(path), source: path };
}
