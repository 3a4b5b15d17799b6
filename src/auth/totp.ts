import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';

/**
 * TOTP (RFC 6238) as every authenticator app reads it: SHA-1, 6 digits, 30-second steps, a
 * 160-bit secret. A code is accepted in its own step and the one before and after (clocks drift,
 * people type slowly), and the step it matched is returned, so that the caller can refuse a code
 * of a step already used.
 */
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
const WINDOW = 1;
const ISSUER = 'Roster';

/** A new authenticator secret, base32 (what an app is given, in the QR code or typed). */
export const newTotpSecret = (): string => new OTPAuth.Secret({ size: 20 }).base32;

const totp = (secret: string, label = '') =>
  new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: DIGITS, period: TOTP_PERIOD_SECONDS, secret: OTPAuth.Secret.fromBase32(secret) });

/** The `otpauth://totp/…` URI of the secret for this account, as the QR code carries it. */
export const totpUri = (secret: string, accountName: string): string => totp(secret, accountName).toString();

/** The time-step of a moment. */
export const totpStep = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);

/** The code of the secret at a moment (tests compute codes with it, as an app would). */
export const totpCode = (secret: string, at: Date): string => totp(secret).generate({ timestamp: at.getTime() });

/** The time-step the code belongs to, within one step of `at`, or null when it matches none. */
export function matchingStep(secret: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: at.getTime(), window: WINDOW });
  return delta === null ? null : totpStep(at) + delta;
}

/** Recovery codes: 80 random bits, shown as four groups of four base32 characters. */
export const RECOVERY_CODE_COUNT = 10;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function newRecoveryCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((byte) => BASE32[byte % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
}

/** The code as typed, in one form: case, spaces and dashes do not matter. */
export const normalizeRecoveryCode = (typed: string): string => typed.toLowerCase().replace(/[\s-]/g, '');

/**
 * The stored form of a recovery code: HMAC-SHA256 under a key derived from the server's secret
 * key. 80 bits are too few for a plain hash to resist a search of a stolen table; keyed, the table
 * alone is not enough to search.
 */
export function hashRecoveryCode(secretKey: Buffer, code: string): string {
  const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'roster/recovery-codes/v1', 32));
  return createHmac('sha256', key).update(normalizeRecoveryCode(code)).digest('hex');
}
