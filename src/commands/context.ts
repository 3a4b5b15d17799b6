import { lockCompany, type Db, type Tx } from '../db/database.js';
import type { Company } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { MemberContext } from '../domain/policy.js';
import { recordAudit, type AuditEntry } from './audit.js';
import { foundMember, loadMember, loadTwoMembers } from '../model/members.js';
import type { CommandSettings } from '../settings.js';
import { assertTwoFactorRule } from '../model/two-factor-rule.js';

/** Everything a command needs besides its input: who asks, where, and when. */
export interface CommandContext {
  db: Db;
  settings: CommandSettings;
  /** The signed-in user, or null for the few commands open to anyone (sign-up, invitation preview). */
  actorId: string | null;
  requestId?: string;
  now: () => Date;
  /** How the actor signed in: a session cookie, or an API token (which may not manage API tokens). */
  signedInWith?: 'session' | 'token';
  /** The API token's id, when signed in with one. */
  apiTokenId?: string;
  /** The session's public id, when signed in with the cookie. */
  sessionId?: string;
  /** When that session last proved who it is: sign-in, or signing in again (recent authentication). */
  sessionAuthenticatedAt?: string;
  /** The caller's address and client, for the user's security log and session list. */
  ip?: string;
  userAgent?: string;
  /** Called after a commit that queued mail, so that it leaves at once rather than at the next poll. */
  mailQueued?: () => void;
  /** Called after a commit that queued a webhook delivery out of turn (a test event, a redelivery). */
  webhooksQueued?: () => void;
}

/** What a command sees inside its transaction on one company. */
export interface CompanyScope {
  tx: Tx;
  company: Company;
  actor: MemberContext;
  now: Date;
  /** Writes the operation's one audit event (§3.6), in the same transaction. */
  audit: (entry: AuditEntry) => Promise<void>;
  /** Marks that mail was queued in this transaction. */
  queuedMail: () => void;
}

/** What a command about one member sees: that member too, read afresh with the actor. */
export interface TargetScope extends CompanyScope {
  target: MemberContext;
}

/** The signed-in user's id, or UNAUTHENTICATED. */
export function requireActorId(ctx: CommandContext): string {
  if (ctx.actorId === null) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
  return ctx.actorId;
}

/**
 * Runs one operation on one company in one write transaction: the company row is locked (so that
 * conflicting operations on the company run one after another), the actor is read afresh, and a
 * caller who is not a member gets NOT_FOUND — never FORBIDDEN — so that a company's existence is
 * not revealed to outsiders (§6), and so does a suspended member (§4 "Suspend and reinstate"); a member the company's two-factor rule covers, without
 * two-factor on, gets TWO_FACTOR_REQUIRED.
 */
export function inCompany<T>(
  ctx: CommandContext,
  companyId: string,
  work: (scope: CompanyScope) => Promise<T>,
): Promise<T> {
  return inCompanyWith(ctx, companyId, undefined, work);
}

/**
 * inCompany for a command about one member (`memberId`): they are read afresh in the same
 * statement as the actor, a round trip less on PostgreSQL, and are NOT_FOUND when they are not a
 * member of the company, before the command does anything else.
 */
export function inCompanyAbout<T>(
  ctx: CommandContext,
  companyId: string,
  memberId: string,
  work: (scope: TargetScope) => Promise<T>,
): Promise<T> {
  return inCompanyWith(ctx, companyId, memberId, (scope, target) => work({ ...scope, target: foundMember(target) }));
}

/** inCompany's transaction, with the member `memberId` read with the actor when there is one. */
function inCompanyWith<T>(
  ctx: CommandContext,
  companyId: string,
  memberId: string | undefined,
  work: (scope: CompanyScope, target: MemberContext | null) => Promise<T>,
): Promise<T> {
  const actorId = requireActorId(ctx);
  return ctx.db.write(async (tx, afterCommit) => {
    const company = await lockCompany(tx, companyId);
    if (!company) throw notFound('Company');
    const [actor, target] =
      memberId === undefined ? [await loadMember(tx, company, actorId), null] : await loadTwoMembers(tx, company, actorId, memberId);
    // A suspended member acts in the company as a non-member does (§4 "Suspend and reinstate").
    if (!actor || actor.suspended === true) throw notFound('Company');
    // Under the company's lock: a rule changed by a transaction before this one is the rule here.
    await assertTwoFactorRule(tx, company, actor);
    const now = ctx.now();
    const scope: CompanyScope = {
      tx,
      company,
      actor,
      now,
      audit: (entry) => recordAudit(tx, { ...entry, companyId: company.id, actorId, requestId: ctx.requestId, now }),
      queuedMail: () => {
        if (ctx.mailQueued) afterCommit(ctx.mailQueued);
      },
    };
    return work(scope, target);
  });
}
