import type { Company, Contract, User } from '../db/schema.js';

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
});

export const presentContract = (contract: Contract) => ({
  id: contract.id,
  teamId: contract.teamId,
  title: contract.title,
  freelancerName: contract.freelancerName,
  status: contract.status,
  contactPersonId: contract.contactPersonId,
});
