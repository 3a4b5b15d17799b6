import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A new opaque id. */
export const newId = (): string => randomUUID();

/** A new secret token: 256 random bits, URL-safe. Shown once; only its hash is stored (§6). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** The stored form of a secret token. SHA-256 suffices: the secret itself has 256 random bits. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
