import { inSavepoint, lockCompany, type Db, type Tx } from '../db/database.js';
import type { Company } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { Language } from '../domain/languages.js';
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
  /**
   * The language of the request (the best of its Accept-Language header), when it sent one: a
   * mail it causes to someone who has chosen no language is in it (API.md "Mail").
   */
  requestLanguage?: Language;
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

/** How many people one transaction of a bulk change takes (inCompanyEach): the company's lock is held for that many at most. */
export const PEOPLE_PER_TRANSACTION = 100;

/** What happened to one person of a bulk change: the work's answer, or the refusal that rolled their change back. */
export type EachOutcome<T> = { userId: string; value: T; refusal?: undefined } | { userId: string; refusal: DomainError; value?: undefined };

/**
 * Runs `work` on each person of `memberIds`, in their order, each on their own as if asked alone:
 * up to PEOPLE_PER_TRANSACTION people in one write transaction under the company's lock (as
 * inCompany: the caller checked at each), each person in a savepoint of it, read afresh with the
 * actor there (what the people before them changed is seen). A refusal (a DomainError: NOT_FOUND
 * for one who is no member, FORBIDDEN, a rule's code) rolls back that person's savepoint only and is
 * their answer; any other error fails the request, the transactions before it committed. `before`
 * runs first in each transaction (a check that concerns the whole request, such as its team: thrown,
 * it refuses the request). One commit per hundred people rather than per person: a thousand
 * removals take one second on SQLite, not ten (docs/PERFORMANCE.md).
 */
export async function inCompanyEach<T>(
  ctx: CommandContext,
  companyId: string,
  memberIds: readonly string[],
  work: (scope: TargetScope) => Promise<T>,
  before: (scope: CompanyScope) => Promise<void> = async () => {},
): Promise<EachOutcome<T>[]> {
  const outcomes: EachOutcome<T>[] = [];
  for (let start = 0; start === 0 || start < memberIds.length; start += PEOPLE_PER_TRANSACTION) {
    const batch = memberIds.slice(start, start + PEOPLE_PER_TRANSACTION);
    outcomes.push(
      ...(await inCompany(ctx, companyId, async (scope) => {
        await before(scope);
        const done: EachOutcome<T>[] = [];
        for (const userId of batch) {
          try {
            const value = await inSavepoint(scope.tx, async () => {
              const [actor, target] = await loadTwoMembers(scope.tx, scope.company, scope.actor.userId, userId);
              // Someone earlier in the list may have been the caller (the owner adding themselves to a team).
              if (!actor || actor.suspended === true) throw notFound('Company');
              return work({ ...scope, actor, target: foundMember(target) });
            });
            done.push({ userId, value });
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            done.push({ userId, refusal: error });
          }
        }
        return done;
      })),
    );
  }
  return outcomes;
}
