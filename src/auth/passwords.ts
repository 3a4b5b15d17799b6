import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { COMMON_PASSWORDS_TEXT } from './common-passwords.js';

/** §6: scrypt with N=2^17, r=8, p=1; Node's default maxmem (32 MiB) is too small for it. */
const COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
/** ASVS 5.0 6.2.1 and 6.2.9: a new password has at least 8 characters and may have 64 or more. */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;
/**
 * What sign-in and password confirmations accept: the longest password the sign-up form took
 * before 256 was the limit, so that no account is locked out; a longer one is a wrong password.
 */
export const MAX_PASSWORD_ATTEMPT_LENGTH = 1000;

/** Passwords are compared to the common list as scrypt sees them: NFKC (see `derive`), and lowercase. */
const passwordKey = (password: string): string => password.normalize('NFKC').toLowerCase();
const COMMON_PASSWORDS = new Set(COMMON_PASSWORDS_TEXT.split('\n').filter(Boolean).map(passwordKey));

/** True when the password is one of the 1,000 most common (ASVS 6.2.11), whatever its case or Unicode form. */
export const isCommonPassword = (password: string): boolean => COMMON_PASSWORDS.has(passwordKey(password));

/**
 * Why a new password is refused, or undefined when it may be used: at least 8 characters (code
 * points, as a person counts them) that are not all white space, at most 256, not a common one.
 */
export function passwordProblem(password: string): string | undefined {
  const length = Array.from(password).length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  if (isCommonPassword(password)) return 'is one of the most common passwords; choose another';
  return undefined;
}

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** Hashes a password as `scrypt$N$r$p$salt$key` (base64url), so that the cost can change later. */
/**
 * The stored password hash of an account nobody signs in to with a password: a deleted account, one
 * made by single sign-on or by SCIM (they sign in through their provider, or set a password by a
 * reset). No scrypt hash is ever `!`, so verifyPassword never accepts one.
 */
export const NO_PASSWORD = '!';

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) {
    // No password (an account made by single sign-on, a deleted one): as long as a wrong one takes.
    await verifyPassword(password, await decoyHash());
    return false;
  }
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash no password matches: checked against on unknown emails so that both failures take as long. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
