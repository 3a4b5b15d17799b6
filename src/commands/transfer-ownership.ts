import { verifyPassword } from '../auth/passwords.js';
import type { Company } from '../db/schema.js';
import { DomainError, forbidden, notFound } from '../domain/errors.js';
import { authorize, qualifiesAsContactPerson } from '../domain/policy.js';
import { sortCompanyRoles } from '../domain/roles.js';
import { inCompanyAbout, requireActorId, type CommandContext } from './context.js';
import { contractsBlockingRemoval, loadMember } from '../model/members.js';
import { addTeamMembership, replaceCompanyRoles } from './memberships.js';
import { requireRecentAuthentication } from './recent-authentication.js';

/**
 * Makes another member the account owner (§4 "Teams and ownership": owner only, confirmed with the
 * owner's password, after a recent sign-in). The new owner joins the default team if needed (§3.1); the old owner keeps
 * `admin`.
 */
export async function transferOwnership(
  ctx: CommandContext,
  companyId: string,
  input: { userId: string; password: string },
): Promise<Company> {
  await confirmOwnerPassword(ctx, companyId, input.password);

  return inCompanyAbout(ctx, companyId, input.userId, async ({ tx, company, actor, target, audit, now }) => {
    authorize(
      actor,
      'ownership.transfer',
      { member: target },
      actor.isOwner ? 'You own this company already' : 'Only the account owner may transfer ownership',
    );
    // §4 "Suspend and reinstate": the owner is never suspended, so a suspended member is made no owner.
    if (target.suspended === true) {
      throw new DomainError('CONFLICT', 'A suspended member cannot become the owner; reinstate them first');
    }
    // §3.3: the old owner stays contact person of their contracts as a plain admin only where they
    // hold hiring_manager; elsewhere those contracts must be reassigned or ended first.
    const asFormerOwner = { ...actor, isOwner: false };
    const contracts = (await contractsBlockingRemoval(tx, company.id, actor.userId)).filter(
      (contract) => !qualifiesAsContactPerson(asFormerOwner, contract.teamId),
    );
    if (contracts.length > 0) {
      throw new DomainError(
        'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
        `You are the contact person on ${contracts.length} active contract(s) in teams where you are not a ` +
          'hiring manager; reassign or end them first',
        { contracts },
      );
    }

    if (!target.teams.has(company.defaultTeamId)) {
      await addTeamMembership(tx, { companyId: company.id, teamId: company.defaultTeamId, userId: target.userId }, [], now);
    }
    await replaceCompanyRoles(tx, company.id, actor.userId, sortCompanyRoles([...actor.companyRoles, 'admin']));
    await tx.updateTable('companies').set({ ownerId: target.userId }).where('id', '=', company.id).execute();
    await audit({
      type: 'ownership.transferred',
      targetId: target.userId,
      data: { before: { ownerId: actor.userId }, after: { ownerId: target.userId } },
    });
    return { ...company, ownerId: target.userId };
  });
}

/**
 * Checks the owner's password before the write transaction opens, since scrypt takes a while and
 * the company stays locked for the whole transaction. Non-members get NOT_FOUND and non-owners
 * FORBIDDEN first, so that the password is never tested on their behalf; then a session that has
 * not signed in within 10 minutes is REAUTHENTICATION_REQUIRED.
 */
async function confirmOwnerPassword(ctx: CommandContext, companyId: string, password: string): Promise<void> {
  const actorId = requireActorId(ctx);
  const company = await ctx.db.kysely.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirst();
  const actor = company ? await loadMember(ctx.db.kysely, company, actorId) : null;
  if (!actor) throw notFound('Company');
  authorize(actor, 'ownership.transfer', {}, 'Only the account owner may transfer ownership');
  requireRecentAuthentication(ctx);
  const user = await ctx.db.kysely.selectFrom('users').select('passwordHash').where('id', '=', actorId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(password, user.passwordHash))) {
    throw forbidden('The password is not correct; confirm the transfer with your own password');
  }
}
