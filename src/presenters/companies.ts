import type { Company } from '../db/schema.js';
import { isTwoFactorRule } from '../domain/two-factor-rule.js';

/** A company row in the Company shape of API.md. */
export const presentCompany = (company: Company) => ({
  id: company.id,
  name: company.name,
  ownerId: company.ownerId,
  defaultTeamId: company.defaultTeamId,
  createdAt: company.createdAt,
  // An unknown stored value is read as the strictest rule, as the check reads it (domain/two-factor-rule.ts).
  twoFactorRule: isTwoFactorRule(company.twoFactorRule) ? company.twoFactorRule : 'everyone',
});
