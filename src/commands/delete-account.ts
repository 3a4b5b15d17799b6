import { sql } from 'kysely';
import { NO_PASSWORD, verifyPassword } from '../auth/passwords.js';
import { lockCompany, type Tx } from '../db/database.js';
import { DomainError, forbidden } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { contractsBlockingRemoval, loadMember } from '../model/members.js';
import { recordAudit, type AuditEntry } from './audit.js';
import type { CommandContext } from './context.js';
import { lockUser } from './daily-limits.js';
import { removeAndRecord } from './remove-from-company.js';
import { requireRecentAuthentication } from './recent-authentication.js';
import { recordSecurityEvent } from './security-events.js';
import { requireSession } from './sessions-shared.js';

/** The name a deleted account shows wherever it is still referred to (audit log, invitations it sent). */
export const DELETED_USER_NAME = 'Deleted user';

/**
 * The email a deleted account keeps: no address (it has no `@`, which every email Roster takes
 * has), so that nobody signs in to it or is invited at it, and unique, as the column must be.
 */
export const deletedEmail = (userId: string): string => `deleted:${userId}`;


/**
 * Deletes the signed-in person's account, confirmed with their password (RULES.md "Accounts:
 * sessions and deletion"). Refused while they own a company (OWNER_CANNOT_BE_REMOVED, naming the
 * companies) or are the contact person of an active or paused contract
 * (CONTACT_PERSON_ON_ACTIVE_CONTRACT, every such contract listed with its company); otherwise, in
 * one transaction:
 *   - they leave every company, as leaving does (`member.left`, one audit event in each, their
 *     pending invitations revoked), each under the company's lock;
 *   - their sessions, API tokens and verification links end;
 *   - their name and email are replaced where they are kept: the users row stays, as a tombstone
 *     that audit events and contracts still point at (name "Deleted user", an email that is no
 *     address, no password, `deleted_at`); invitations sent to their email (pending ones revoked),
 *     those invitations' audit events, and the mail queued to them (unsent mail is dropped) or sent
 *     in their name;
 *   - their security log is cleared but for one `account.deleted` event, which ages out with the log.
 *
 * Needs a signed-in session (not an API token). The password is checked before the transaction
 * (scrypt takes a while; no lock is held meanwhile). The person's row is locked first, then their
 * companies in id order: a request of theirs that adds to the account (accepting an invitation,
 * making a company or a token) takes the same row lock and, coming second, finds the account gone.
 */
export async function deleteAccount(ctx: CommandContext, input: { password: string }): Promise<{ companiesLeft: number }> {
  const userId = requireSession(ctx, 'Deleting an account');
  requireRecentAuthentication(ctx);
  const stored = await ctx.db.kysely.selectFrom('users').select('passwordHash').where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.password, stored.passwordHash))) {
    throw forbidden('The password is not correct; confirm with your own password');
  }

  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const user = await lockUser(tx, userId);
    const companyIds = (await tx.selectFrom('companyMembers').select('companyId').where('userId', '=', userId).execute())
      .map((row) => row.companyId)
      .sort();

    // Every company locked and read before anything is written, so that a refusal names every
    // company and contract that stands in the way.
    const memberships = [];
    for (const companyId of companyIds) {
      const company = await lockCompany(tx, companyId);
      const member = company ? await loadMember(tx, company, userId) : null;
      if (company && member) memberships.push({ company, member });
    }
    const owned = memberships.filter(({ member }) => member.isOwner).map(({ company }) => ({ id: company.id, name: company.name }));
    if (owned.length > 0) {
      throw new DomainError(
        'OWNER_CANNOT_BE_REMOVED',
        `You own ${owned.length} compan${owned.length === 1 ? 'y' : 'ies'}; transfer ownership before deleting your account`,
        { companies: owned },
      );
    }
    const contracts = [];
    for (const { company } of memberships) {
      for (const contract of await contractsBlockingRemoval(tx, company.id, userId)) contracts.push({ ...contract, companyId: company.id });
    }
    if (contracts.length > 0) {
      throw new DomainError(
        'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
        `You are the contact person on ${contracts.length} active contract(s); have them reassigned or ended first`,
        { contracts },
      );
    }

    for (const { company, member } of memberships) {
      // The policy of leaving, as the leave route asks it (the owner was refused above).
      authorize(member, 'member.leave', { member });
      const audit = (entry: AuditEntry) => recordAudit(tx, { ...entry, companyId: company.id, actorId: userId, requestId: ctx.requestId, now });
      await removeAndRecord(tx, company.id, member, now, audit, 'member.left', { accountDeleted: true });
    }

    await tx.deleteFrom('sessions').where('userId', '=', userId).execute();
    await tx.deleteFrom('apiTokens').where('userId', '=', userId).execute();
    await tx.deleteFrom('emailVerifications').where('userId', '=', userId).execute();
    // Reset links, an email change waiting (the new address is personal data), two-factor, the last active day.
    for (const table of ['passwordResets', 'emailChanges', 'signInChallenges', 'recoveryCodes', 'twoFactor', 'userActivity'] as const) {
      await tx.deleteFrom(table).where('userId', '=', userId).execute();
    }
    await eraseEmail(tx, user.email, deletedEmail(userId), now);
    await tx
      .updateTable('outbox')
      .set({ subject: sql<string>`replace(subject, ${user.name}, ${DELETED_USER_NAME})` })
      .where('senderId', '=', userId)
      .execute();
    await tx
      .updateTable('users')
      .set({ name: DELETED_USER_NAME, email: deletedEmail(userId), passwordHash: NO_PASSWORD, emailVerified: 0, deletedAt: now.toISOString() })
      .where('id', '=', userId)
      .execute();
    await tx.deleteFrom('securityEvents').where('userId', '=', userId).execute();
    await recordSecurityEvent(tx, ctx, { userId, type: 'account.deleted', data: { companiesLeft: memberships.length }, now });
    return { companiesLeft: memberships.length };
  });
}

/**
 * Replaces `email` by `placeholder` in the invitations sent to it (revoking the pending ones),
 * in those invitations' audit events, and in the mail queued to it: mail not yet sent is dropped.
 */
async function eraseEmail(tx: Tx, email: string, placeholder: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await tx
    .updateTable('invitations')
    .set({ status: 'revoked', updatedAt: at, respondedAt: at })
    .where('email', '=', email)
    .where('status', '=', 'pending')
    .execute();
  const invited = await tx
    .updateTable('invitations')
    .set({ email: placeholder })
    .where('email', '=', email)
    .returning('companyId')
    .execute();
  const companyIds = [...new Set(invited.map((row) => row.companyId))];
  if (companyIds.length > 0) {
    // Invitation events name the invited emails in their data; only those holding this one are rewritten.
    const events = await tx
      .selectFrom('auditEvents')
      .select(['id', 'data'])
      .where('companyId', 'in', companyIds)
      .where('type', 'like', 'invitation.%')
      .where('data', 'like', `%${email}%`)
      .execute();
    for (const event of events) {
      const data = JSON.stringify(replaceString(JSON.parse(event.data), email, placeholder));
      if (data !== event.data) await tx.updateTable('auditEvents').set({ data }).where('id', '=', event.id).execute();
    }
  }
  await tx.deleteFrom('outbox').where('toAddress', '=', email).where('sentAt', 'is', null).execute();
  await tx.updateTable('outbox').set({ toAddress: placeholder }).where('toAddress', '=', email).execute();
}

/** `value` with every string equal to `from` replaced by `to`, at any depth. */
function replaceString(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((item) => replaceString(item, from, to));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceString(item, from, to)]));
  }
  return value;
}
