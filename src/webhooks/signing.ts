import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { open, seal } from '../auth/seal.js';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): each request carries
 * `webhook-id` (the delivery's id, the same on every attempt), `webhook-timestamp` (seconds) and
 * `webhook-signature`, `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under each secret that
 * signs, space separated.
 */

/** How long a rotated-out secret keeps signing beside the new one (API.md "Webhooks"). */
export const PREVIOUS_SECRET_HOURS = 24;

/** A new signing secret: `whsec_` and 32 random bytes in base64, as the specification writes them. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** A secret as stored: sealed for its endpoint (docs/ARCHITECTURE.md "Secrets"). */
export const sealWebhookSecret = (secretKey: Buffer, endpointId: string, secret: string): string => seal(secretKey, 'webhook-secret', endpointId, secret);

export const openWebhookSecret = (secretKey: Buffer, endpointId: string, stored: string): string => open(secretKey, 'webhook-secret', endpointId, stored);

/** The stored secrets of an endpoint: the current one, and the one it replaced while that still signs. */
export interface StoredSecrets {
  id: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: string | null;
}

/** The secrets that sign at `now`, opened: the current one first. */
export function signingSecrets(secretKey: Buffer, endpoint: StoredSecrets, now: Date): string[] {
  const secrets = [openWebhookSecret(secretKey, endpoint.id, endpoint.secret)];
  if (endpoint.previousSecret !== null && endpoint.previousSecretUntil !== null && now.toISOString() < endpoint.previousSecretUntil) {
    secrets.push(openWebhookSecret(secretKey, endpoint.id, endpoint.previousSecret));
  }
  return secrets;
}

/** The three headers of one attempt: signed at `at` by every secret given. */
export function webhookHeaders(secrets: readonly string[], messageId: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
  };
}
