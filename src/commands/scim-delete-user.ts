import { DomainError } from '../domain/errors.js';
import { requireMember } from '../model/members.js';
import type { CommandContext } from './context.js';
import { assertNotContactPerson } from './contact-person.js';
import { removeAndRecord } from './remove-from-company.js';
import { inScim, type ScimAccess } from './scim-shared.js';

/**
 * SCIM deletes a User: the member is removed from the company as "Remove member" does (§4 "Remove
 * from the company"): every team and company role, their pending invitations revoked; their
 * account stays. Refused, changing nothing: the owner (OWNER_CANNOT_BE_REMOVED), the contact person
 * of an active or paused contract (§3.3, the contracts listed), both 409.
 */
export async function scimDeleteUser(ctx: CommandContext, access: ScimAccess, userId: string): Promise<void> {
  await inScim(ctx, access, async ({ tx, company, now, audit }) => {
    const target = await requireMember(tx, company, userId);
    if (target.isOwner) throw new DomainError('OWNER_CANNOT_BE_REMOVED', 'The account owner cannot be removed; transfer ownership first');
    await assertNotContactPerson(tx, company.id, target.userId);
    await removeAndRecord(tx, company.id, target, now, audit, 'member.removed_from_company');
  });
}
