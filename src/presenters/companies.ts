import type { Company } from '../db/schema.js';

/** A company row in the Company shape of API.md. */
export const presentCompany = (company: Company) => ({
  id: company.id,
  name: company.name,
  ownerId: company.ownerId,
  defaultTeamId: company.defaultTeamId,
  createdAt: company.createdAt,
});
