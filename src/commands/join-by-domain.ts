import { newId } from '../auth/secrets.js';
import { lockCompany, type Tx } from '../db/database.js';
import type { Company, JoinRequest, User } from '../db/schema.js';
import { emailDomain } from '../domain/domains.js';
import { DomainError, notFound } from '../domain/errors.js';
import { loadMember } from '../model/members.js';
import { UNLIMITED } from '../settings.js';
import { recordAudit } from './audit.js';
import { requireActorId, type CommandContext } from './context.js';
import { lockUser, secondsUntilRoom, windowStart } from './daily-limits.js';
import { addTeamMembership, ensureCompanyMember } from './memberships.js';

/** The defaults of JOINS_PER_USER_PER_DAY and JOINS_PER_COMPANY_PER_DAY. */
export const JOINS_PER_USER_PER_DAY = 10;
export const JOINS_PER_COMPANY_PER_DAY = 200;

/**
 * The signed-in person joins the company by their email's domain (§4 "Joining by domain"): straight
 * into the team the owner picked, with no roles (`joined`), or by a request into it (`pending`).
 * Refusals, each changing nothing, in this order: an email that is not verified,
 * EMAIL_NOT_VERIFIED; a company that does not let them join (no such company, joining off, their
 * domain not verified by it), NOT_FOUND, as for any outsider; a member already, ALREADY_MEMBER; a
 * request of theirs pending, JOIN_REQUEST_ALREADY_PENDING; the team hidden, CONFLICT; past the
 * daily limits (per person, per company), RATE_LIMITED. Runs under the company's lock, then the
 * person's (the order of every command that takes both), so two joins at once count each other.
 */
export async function joinByDomain(ctx: CommandContext, companyId: string): Promise<JoinRequest> {
  const userId = requireActorId(ctx);
  return ctx.db.write(async (tx) => {
    const now = ctx.now();
    const company = await lockCompany(tx, companyId);
    const user = await lockUser(tx, userId);
    if (user.emailVerified !== 1) throw new DomainError('EMAIL_NOT_VERIFIED', 'Verify your email address first: joining by domain trusts a verified email only');
    if (!company) throw notFound('Company');
    return joinAs(tx, ctx, company, user, now);
  });
}

/**
 * The join itself, under the company's lock and the person's, for a person whose verified email
 * is at the company's verified domain: joinByDomain, and a first sign-in by single sign-on
 * (complete-sso-sign-in.ts). Refuses as joinByDomain says, from NOT_FOUND on, before any write.
 */
export async function joinAs(tx: Tx, ctx: CommandContext, company: Company, user: Pick<User, 'id' | 'name' | 'email'>, now: Date): Promise<JoinRequest> {
  const userId = user.id;
  const domain = emailDomain(user.email);
  const joining = await tx.selectFrom('companyJoining').selectAll().where('companyId', '=', company.id).executeTakeFirst();
  const verified =
    domain === undefined
      ? undefined
      : await tx.selectFrom('companyDomains').select('id').where('companyId', '=', company.id).where('domain', '=', domain).where('status', '=', 'verified').executeTakeFirst();
  if (!joining || !verified) throw notFound('Company');

  if (await loadMember(tx, company, userId)) throw new DomainError('ALREADY_MEMBER', 'You are a member of this company already');
  const pending = await tx.selectFrom('joinRequests').select('id').where('companyId', '=', company.id).where('userId', '=', userId).where('status', '=', 'pending').executeTakeFirst();
  if (pending) throw new DomainError('JOIN_REQUEST_ALREADY_PENDING', 'Your request to join this company is waiting for an answer');
  const team = await tx.selectFrom('teams').select(['id', 'hidden']).where('companyId', '=', company.id).where('id', '=', joining.teamId).executeTakeFirst();
  if (!team || team.hidden === 1) throw new DomainError('CONFLICT', 'The team people join is hidden; ask the company');

  const since = windowStart(now);
  const perUser = ctx.settings.joinsPerUserPerDay ?? JOINS_PER_USER_PER_DAY;
  const perCompany = ctx.settings.joinsPerCompanyPerDay ?? JOINS_PER_COMPANY_PER_DAY;
  if (perUser < UNLIMITED) {
    const recent = await tx.selectFrom('joinRequests').select('createdAt').where('userId', '=', userId).where('createdAt', '>', since).orderBy('createdAt', 'desc').limit(perUser).execute();
    const wait = secondsUntilRoom(recent, 1, perUser, now);
    if (wait !== null) throw new DomainError('RATE_LIMITED', `You may join or ask to join ${perUser} companies per 24 hours; try again in ${wait} s`, { retryAfterSeconds: wait });
  }
  if (perCompany < UNLIMITED) {
    const recent = await tx.selectFrom('joinRequests').select('createdAt').where('companyId', '=', company.id).where('createdAt', '>', since).orderBy('createdAt', 'desc').limit(perCompany).execute();
    const wait = secondsUntilRoom(recent, 1, perCompany, now);
    if (wait !== null) throw new DomainError('RATE_LIMITED', `This company takes ${perCompany} joins by domain per 24 hours; try again in ${wait} s`, { retryAfterSeconds: wait });
  }

  const direct = joining.mode === 'team';
  const row: JoinRequest = {
    id: newId(),
    companyId: company.id,
    userId,
    teamId: team.id,
    email: user.email,
    status: direct ? 'joined' : 'pending',
    createdAt: now.toISOString(),
    decidedAt: direct ? now.toISOString() : null,
    decidedBy: null,
  };
  await tx.insertInto('joinRequests').values(row).execute();
  if (direct) {
    // The membership writes every join shares: the members list's revision moves with them.
    await ensureCompanyMember(tx, company.id, user, now);
    await addTeamMembership(tx, { companyId: company.id, teamId: team.id, userId }, [], now);
  }
  await recordAudit(tx, {
    type: direct ? 'member.joined_by_domain' : 'join_request.created',
    companyId: company.id,
    actorId: userId,
    targetId: userId,
    teamId: team.id,
    data: { email: user.email, domain, joinRequestId: row.id },
    requestId: ctx.requestId,
    now,
  });
  return row;
}
