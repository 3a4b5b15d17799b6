import { prepare } from '../db/prepared.js';
import type { Contract, ContractStatus } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { authorize, qualifiesAsContactPerson } from '../domain/policy.js';
import type { AuditEventType } from '../domain/events.js';
import { inCompany, type CommandContext, type CompanyScope } from './context.js';
import { loadMember, requireContract, requireMember, requireTeam } from '../model/members.js';

/**
 * What PATCH /contracts/:contractId may change: the contact person and the team (alone or
 * together), or the status alone.
 */
export interface ContractChanges {
  contactPersonId?: string;
  teamId?: string;
  status?: ContractStatus;
}

const STATUS_EVENTS = {
  active: 'contract.resumed',
  paused: 'contract.paused',
  ended: 'contract.ended',
} as const satisfies Record<ContractStatus, AuditEventType>;

/**
 * Reassigns the contact person, moves the contract to another team, or pauses, resumes or ends it
 * (§4 "Contracts"). A request that changes nothing succeeds and records nothing. When the contact
 * person and the team change together, the one audit event is `contract.moved`, carrying both.
 */
export async function updateContract(
  ctx: CommandContext,
  companyId: string,
  contractId: string,
  changes: ContractChanges,
): Promise<Contract> {
  const { contactPersonId, teamId, status } = changes;
  if (contactPersonId === undefined && teamId === undefined && status === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'Give a contactPersonId, a teamId or a status');
  }
  // A status change is its own event with its own right; mixing it with a reassignment or a move
  // would make one request half-allowed.
  if (status !== undefined && (contactPersonId !== undefined || teamId !== undefined)) {
    throw new DomainError('VALIDATION_FAILED', 'Change the status in a request of its own');
  }
  return inCompany(ctx, companyId, async (scope) => {
    const contract = await requireContract(scope.tx, scope.company.id, contractId);
    return status === undefined
      ? reassignOrMove(scope, contract, { contactPersonId, teamId })
      : changeStatus(scope, contract, status);
  });
}

async function changeStatus(
  { tx, actor, now, audit }: CompanyScope,
  contract: Contract,
  status: ContractStatus,
): Promise<Contract> {
  authorize(actor, 'contract.manage', { teamId: contract.teamId });
  assertNotEnded(contract);
  if (status === contract.status) return contract;

  const updated: Contract = { ...contract, status, updatedAt: now.toISOString() };
  await writeStatus.executeWrite(tx, updated);
  await audit({
    type: STATUS_EVENTS[status],
    targetId: contract.id,
    teamId: contract.teamId,
    data: { before: { status: contract.status }, after: { status } },
  });
  return updated;
}

async function reassignOrMove(
  { tx, company, actor, now, audit }: CompanyScope,
  contract: Contract,
  changes: { contactPersonId?: string | undefined; teamId?: string | undefined },
): Promise<Contract> {
  const targetTeam = await requireTeam(tx, company.id, changes.teamId ?? contract.teamId);
  const newContact =
    changes.contactPersonId === undefined
      ? null
      : changes.contactPersonId === actor.userId
        ? actor
        : await requireMember(tx, company, changes.contactPersonId);

  if (changes.contactPersonId !== undefined) {
    authorize(actor, 'contract.reassign', { teamId: contract.teamId, contactPersonId: contract.contactPersonId });
  }
  if (changes.teamId !== undefined) {
    // Moving takes the contract out of one team and into another: the right is needed in both.
    authorize(actor, 'contract.manage', { teamId: contract.teamId });
    authorize(actor, 'contract.manage', { teamId: targetTeam.id });
  }

  assertNotEnded(contract);
  const moving = targetTeam.id !== contract.teamId;
  const reassigning = newContact !== null && newContact.userId !== contract.contactPersonId;
  // §4 "Teams": a hidden team keeps the contracts it has but takes no new ones.
  if (moving && targetTeam.hidden === 1) {
    throw new DomainError('CONFLICT', `The team “${targetTeam.name}” is hidden; show it first`);
  }
  if (!moving && !reassigning) return contract;

  // §3.3: the contact person (the new one, if given) must qualify in the contract's (new) team.
  const contact = newContact ?? (await loadMember(tx, company, contract.contactPersonId));
  if (contact === null || !qualifiesAsContactPerson(contact, targetTeam.id)) {
    throw new DomainError(
      'NOT_HIRING_MANAGER',
      `The contact person must be a hiring manager of the team “${targetTeam.name}” (or the account owner and a member of it)`,
    );
  }

  // §4 "Suspend and reinstate": a suspended member is named nowhere new (a contract of theirs may still move).
  if (reassigning && contact.suspended === true) {
    throw new DomainError('NOT_HIRING_MANAGER', 'A suspended member cannot be made the contact person of a contract');
  }

  const updated: Contract = {
    ...contract,
    teamId: targetTeam.id,
    contactPersonId: contact.userId,
    updatedAt: now.toISOString(),
  };
  await writeTeamAndContact.executeWrite(tx, updated);

  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  if (moving) {
    before.teamId = contract.teamId;
    after.teamId = updated.teamId;
  }
  if (reassigning) {
    before.contactPersonId = contract.contactPersonId;
    after.contactPersonId = updated.contactPersonId;
  }
  await audit({
    type: moving ? 'contract.moved' : 'contract.contact_person_changed',
    targetId: contract.id,
    // The contract now lives in the new team, whose admins read its history from here on.
    teamId: updated.teamId,
    data: { before, after },
  });
  return updated;
}

// Each writes only the columns its change touches: SQLite rewrites the index entries of every column set.
const writeStatus = prepare((db, v: Pick<Contract, 'id' | 'companyId' | 'status' | 'updatedAt'>) =>
  db.updateTable('contracts').set({ status: v.status, updatedAt: v.updatedAt }).where('id', '=', v.id).where('companyId', '=', v.companyId),
);

const writeTeamAndContact = prepare((db, v: Pick<Contract, 'id' | 'companyId' | 'teamId' | 'contactPersonId' | 'updatedAt'>) =>
  db
    .updateTable('contracts')
    .set({ teamId: v.teamId, contactPersonId: v.contactPersonId, updatedAt: v.updatedAt })
    .where('id', '=', v.id)
    .where('companyId', '=', v.companyId),
);

/** An ended contract is closed for good: it cannot be reassigned, moved, resumed or paused. */
function assertNotEnded(contract: Contract): void {
  if (contract.status === 'ended') throw new DomainError('CONFLICT', 'This contract has ended and can no longer change');
}
