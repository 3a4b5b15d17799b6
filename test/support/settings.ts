import { randomBytes } from 'node:crypto';
import type { CommandSettings } from '../../src/settings.js';

/** Command settings for tests that call commands without a server: generous limits, a fresh key. */
export function testSettings(overrides: Partial<CommandSettings> = {}): CommandSettings {
  return {
    baseUrl: 'http://roster.test',
    invitationTtlHours: 168,
    invitationsPerCompanyPerDay: 10_000,
    invitationsPerUserPerDay: 10_000,
    invitationsPerRecipientPerDay: 10_000,
    companiesPerUserPerDay: 10_000,
    sessionTtlDays: 30,
    secretKey: randomBytes(32),
    ...overrides,
  };
}
