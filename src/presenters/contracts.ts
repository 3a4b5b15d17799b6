import type { Contract } from '../db/schema.js';

/** A contract row in the Contract shape of API.md. */
export const presentContract = (contract: Contract) => ({
  id: contract.id,
  teamId: contract.teamId,
  title: contract.title,
  freelancerName: contract.freelancerName,
  status: contract.status,
  contactPersonId: contract.contactPersonId,
});
