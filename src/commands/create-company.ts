import { newId } from '../auth/secrets.js';
import type { Company } from '../db/schema.js';
import { storedName, teamNameKey } from '../domain/normalize.js';
import { prepare } from '../db/prepared.js';
import { DomainError } from '../domain/errors.js';
import { recordAudit } from './audit.js';
import { requireActorId, type CommandContext } from './context.js';
import { lockUser, secondsUntilRoom, windowStart } from './daily-limits.js';
import { UNLIMITED } from '../settings.js';
import { addTeamMembership, ensureCompanyMember } from './memberships.js';

/** The name of the team every company starts with. */
export const DEFAULT_TEAM_NAME = 'General';

const newestCompaniesBy = prepare((db, v: { userId: string; since: string; limit: number }) =>
  db
    .selectFrom('companies')
    .select('createdAt')
    .where('createdBy', '=', v.userId)
    .where('createdAt', '>', v.since)
    .orderBy('createdAt', 'desc')
    .limit(v.limit),
);

/**
 * Creates a company owned by the caller, with its default team, the owner a member of it (§3.1).
 * No verified email is needed (§4): invitations prove the invitees' mailboxes (and need a verified
 * sender, assertMayMailInvitations), rate limits the rest. §4 "Limits": at most
 * `companiesPerUserPerDay` companies made by one person in any 24 hours, counted by `created_by`
 * (who made it, whoever owns it now) under the person's row lock, so two requests at once count
 * each other.
 */
export async function createCompany(ctx: CommandContext, input: { name: string }): Promise<Company> {
  const userId = requireActorId(ctx);
  const name = storedName(input.name, 'company name');
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const owner = await lockUser(tx, userId);
    const limit = ctx.settings.companiesPerUserPerDay;
    if (limit < UNLIMITED) {
      const recent = await newestCompaniesBy.execute(tx, { userId, since: windowStart(now), limit });
      const wait = secondsUntilRoom(recent, 1, limit, now);
      if (wait !== null) {
        throw new DomainError('RATE_LIMITED', `You may create ${limit} companies per 24 hours; try again in ${wait} s`, {
          retryAfterSeconds: wait,
        });
      }
    }
    const company = {
      id: newId(),
      name,
      ownerId: userId,
      createdBy: userId,
      defaultTeamId: newId(),
      createdAt: now.toISOString(),
    };
    await tx.insertInto('companies').values(company).execute();
    await tx
      .insertInto('teams')
      .values({
        id: company.defaultTeamId,
        companyId: company.id,
        name: DEFAULT_TEAM_NAME,
        nameKey: teamNameKey(DEFAULT_TEAM_NAME),
        hidden: 0,
        isDefault: 1,
        createdAt: now.toISOString(),
      })
      .execute();
    await ensureCompanyMember(tx, company.id, owner, now);
    await addTeamMembership(tx, { companyId: company.id, teamId: company.defaultTeamId, userId }, [], now);
    await recordAudit(tx, {
      type: 'company.created',
      companyId: company.id,
      actorId: userId,
      targetId: null,
      teamId: company.defaultTeamId,
      data: { name: company.name },
      requestId: ctx.requestId,
      now,
    });
    // As stored: the triggers of migration 0005 have moved its membership revision on.
    return tx.selectFrom('companies').selectAll().where('id', '=', company.id).executeTakeFirstOrThrow();
  });
}
