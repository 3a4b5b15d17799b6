import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, sealWebhookSecret, signingSecrets, webhookHeaders } from './signing.js';
import { RETRY_WINDOW_MS, webhookRetryDelayMs } from './worker.js';

describe('webhook signatures', () => {
  it('are what the library verifies, one per secret, space separated', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const at = new Date();
    const body = JSON.stringify({ type: 'team.created', timestamp: at.toISOString(), data: {} });
    const headers = webhookHeaders([a, b], 'msg_1', at, body);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(new Webhook(a).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(b).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(a).verify(body + ' ', headers)).toThrow();
  });

  it('come from the current secret, and the replaced one only before it stops', () => {
    const key = randomBytes(32);
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const endpoint = { id: 'e1', secret: sealWebhookSecret(key, 'e1', current), previousSecret: sealWebhookSecret(key, 'e1', previous), previousSecretUntil: '2026-01-02T00:00:00.000Z' };
    expect(signingSecrets(key, endpoint, new Date('2026-01-01T23:59:59.999Z'))).toEqual([current, previous]);
    expect(signingSecrets(key, endpoint, new Date('2026-01-02T00:00:00.000Z'))).toEqual([current]);
    // Sealed for its endpoint: copied onto another, it does not open.
    expect(() => signingSecrets(key, { ...endpoint, id: 'e2' }, new Date())).toThrow();
  });
});

describe('webhookRetryDelayMs', () => {
  it('doubles from 10 s up to 12 hours, spread by a quarter either way', () => {
    expect(webhookRetryDelayMs(1, () => 0.5)).toBe(10_000);
    expect(webhookRetryDelayMs(2, () => 0.5)).toBe(20_000);
    expect(webhookRetryDelayMs(1, () => 0)).toBe(7_500);
    expect(webhookRetryDelayMs(1, () => 0.999_999)).toBeLessThanOrEqual(12_500);
    expect(webhookRetryDelayMs(30, () => 0.5)).toBe(12 * 3_600_000);
  });

  it('fits about 17 attempts into the 3 days', () => {
    let total = 0;
    let attempts = 0;
    while (total < RETRY_WINDOW_MS) total += webhookRetryDelayMs(++attempts, () => 0.5);
    expect(attempts).toBeGreaterThanOrEqual(15);
    expect(attempts).toBeLessThanOrEqual(20);
  });
});
