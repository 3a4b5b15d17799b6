import type { CompanySso } from '../db/schema.js';

/**
 * A company's single sign-on as the API answers it (API.md "Single sign-on"): never the client
 * secret, only that one is set. `domains` are the covered domains the company still holds verified.
 */
export const presentSso = (row: CompanySso | undefined, domains: readonly string[]) =>
  row === undefined
    ? null
    : {
        issuer: row.issuer,
        clientId: row.clientId,
        clientSecretSet: true as const,
        domains: [...domains],
        enforced: row.enforced === 1,
        updatedAt: row.updatedAt,
      };
