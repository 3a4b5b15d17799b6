import type { Contract } from '../db/schema.js';

/** A contract row in the Contract shape of API.md. */
export const presentContract = (contract: Pick<Contract, 'id' | 'teamId' | 'title' | 'freelancerName' | 'status' | 'contactPersonId'>) => ({
  id: contract.id,
  teamId: contract.teamId,
  title: contract.title,
  freelancerName: contract.freelancerName,
  status: contract.status,
  contactPersonId: contract.contactPersonId,
});

/** A contract of the contracts list: with its contact person's name, null once they are no member. */
export const presentListedContract = (contract: Contract, contactPersonName: string | null) => ({
  ...presentContract(contract),
  contactPersonName,
});
