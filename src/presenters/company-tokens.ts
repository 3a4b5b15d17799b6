import type { CompanyToken } from '../db/schema.js';

/** A company's token (SCIM, or for its other systems) as its settings page lists it: never the secret. */
export function presentCompanyToken(row: CompanyToken) {
  return { id: row.id, name: row.name, createdAt: row.createdAt, createdBy: row.createdBy, lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt };
}
