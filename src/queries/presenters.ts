import type { Company, Contract, User } from '../db/schema.js';
import { isTwoFactorRule } from '../domain/two-factor-rule.js';

/** Rows to the shapes of API.md. */

export const presentUser = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  emailVerified: user.emailVerified === 1,
});

export const presentCompany = (company: Company) => ({
  id: company.id,
  name: company.name,
  ownerId: company.ownerId,
  defaultTeamId: company.defaultTeamId,
  createdAt: company.createdAt,
  // An unknown stored value is read as the strictest rule, as the check reads it (domain/two-factor-rule.ts).
  twoFactorRule: isTwoFactorRule(company.twoFactorRule) ? company.twoFactorRule : 'everyone',
});

export const presentContract = (contract: Contract) => ({
  id: contract.id,
  teamId: contract.teamId,
  title: contract.title,
  freelancerName: contract.freelancerName,
  status: contract.status,
  contactPersonId: contract.contactPersonId,
});
