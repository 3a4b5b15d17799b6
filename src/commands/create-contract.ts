import { newId } from '../auth/secrets.js';
import type { Contract } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { authorize, qualifiesAsContactPerson } from '../domain/policy.js';
import { inCompany, type CommandContext } from './context.js';
import { requireMember, requireTeam } from '../model/members.js';
import { storedName } from '../domain/normalize.js';

/** What a new contract needs; the contact person defaults to the creator. */
export interface NewContract {
  teamId: string;
  title: string;
  freelancerName: string;
  contactPersonId?: string;
}

/** Creates an active contract in a team (§4 "Contracts": owner, `admin`, `hiring_manager` of the team). */
export async function createContract(ctx: CommandContext, companyId: string, input: NewContract): Promise<Contract> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    const team = await requireTeam(tx, company.id, input.teamId);
    const contactPerson =
      input.contactPersonId === undefined || input.contactPersonId === actor.userId
        ? actor
        : await requireMember(tx, company, input.contactPersonId);
    authorize(actor, 'contract.create', { teamId: team.id });

    // §4 "Teams": a hidden (archived) team keeps its contracts but takes no new ones.
    if (team.hidden === 1) throw new DomainError('CONFLICT', `The team “${team.name}” is hidden; show it first`);
    // §3.3: the contact person holds hiring_manager in the team, or is the owner, and belongs to it.
    if (!qualifiesAsContactPerson(contactPerson, team.id)) {
      throw new DomainError(
        'NOT_HIRING_MANAGER',
        `The contact person must be a hiring manager of the team “${team.name}” (or the account owner and a member of it)`,
      );
    }

    // §4 "Suspend and reinstate": a suspended member is named nowhere new.
    if (contactPerson.suspended === true) {
      throw new DomainError('NOT_HIRING_MANAGER', 'A suspended member cannot be made the contact person of a contract');
    }

    const contract: Contract = {
      id: newId(),
      companyId: company.id,
      teamId: team.id,
      title: input.title.trim(),
      freelancerName: storedName(input.freelancerName, 'freelancer\'s name'),
      status: 'active',
      contactPersonId: contactPerson.userId,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await tx.insertInto('contracts').values(contract).execute();
    await audit({
      type: 'contract.created',
      targetId: contract.id,
      teamId: team.id,
      data: { title: contract.title, freelancerName: contract.freelancerName, contactPersonId: contract.contactPersonId },
    });
    return contract;
  });
}
