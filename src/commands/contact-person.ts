import type { Tx } from '../db/database.js';
import { DomainError } from '../domain/errors.js';
import { contractsBlockingRemoval } from '../model/members.js';

/**
 * §3.3: the contact person of an active or paused contract stays a member of its team with
 * `hiring_manager`. Refuses with every blocking contract listed, so that the page can offer
 * "reassign contact person" or "end contract" next to each.
 */
export async function assertNotContactPerson(
  tx: Tx,
  companyId: string,
  userId: string,
  teamId?: string,
): Promise<void> {
  const contracts = await contractsBlockingRemoval(tx, companyId, userId, teamId);
  if (contracts.length > 0) {
    throw new DomainError(
      'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
      `This person is the contact person on ${contracts.length} active contract(s); reassign or end them first`,
      { contracts },
    );
  }
}
