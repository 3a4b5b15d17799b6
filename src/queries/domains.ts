import type { Db } from '../db/database.js';
import { emailDomain } from '../domain/domains.js';
import { DomainError } from '../domain/errors.js';
import { authorize, can } from '../domain/policy.js';
import { presentDomain, presentJoining, presentJoinRequest } from '../presenters/domains.js';
import { readAsMember } from './scope.js';

/**
 * The company's domains, pending and verified, oldest first, with the TXT record each needs, and
 * the joining setting: for the owner and admins (`domain.manage`); other members FORBIDDEN.
 */
export async function listDomains(db: Db, userId: string, companyId: string) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  authorize(actor, 'domain.manage', {});
  const rows = await db.kysely
    .selectFrom('companyDomains')
    .selectAll()
    .where('companyId', '=', company.id)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  const joining = await db.kysely.selectFrom('companyJoining').select(['mode', 'teamId']).where('companyId', '=', company.id).executeTakeFirst();
  return { items: rows.map(presentDomain), joining: presentJoining(joining) };
}

/**
 * The pending requests to join by domain that the caller reviews, oldest first, with the
 * requester's name and email: all of them for the owner and admins, those into their teams for a
 * team admin; FORBIDDEN for a member who reviews none.
 */
export async function listJoinRequests(db: Db, userId: string, companyId: string) {
  const { company, actor } = await readAsMember(db, userId, companyId);
  authorize(actor, 'joinRequest.review', {});
  const rows = await db.kysely
    .selectFrom('joinRequests as r')
    .innerJoin('users as u', 'u.id', 'r.userId')
    .selectAll('r')
    .select('u.name')
    .where('r.companyId', '=', company.id)
    .where('r.status', '=', 'pending')
    .orderBy('r.createdAt')
    .orderBy('r.id')
    .execute();
  return { items: rows.filter((row) => can(actor, 'joinRequest.review', { teamId: row.teamId })).map(({ name, ...row }) => ({ ...presentJoinRequest(row), name })) };
}

/**
 * The companies the signed-in person may join by their email's domain, by name: joining is on and
 * their domain is verified by the company, and they are not a member. EMAIL_NOT_VERIFIED for an
 * email that is not verified: joining by domain trusts a verified one only.
 */
export async function listJoinableCompanies(db: Db, userId: string) {
  const user = await db.kysely.selectFrom('users').select(['email', 'emailVerified']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
  if (user.emailVerified !== 1) throw new DomainError('EMAIL_NOT_VERIFIED', 'Verify your email address first: joining by domain trusts a verified email only');
  const domain = emailDomain(user.email);
  if (domain === undefined) return { items: [] };
  const rows = await db.kysely
    .selectFrom('companyDomains as d')
    .innerJoin('companyJoining as j', 'j.companyId', 'd.companyId')
    .innerJoin('companies as c', 'c.id', 'd.companyId')
    .select(['c.id', 'c.name', 'j.mode'])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('joinRequests as r').select('r.id').whereRef('r.companyId', '=', 'c.id').where('r.userId', '=', userId).where('r.status', '=', 'pending'))
        .as('requestPending'),
    )
    .where('d.domain', '=', domain)
    .where('d.status', '=', 'verified')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('companyMembers as m').select('m.userId').whereRef('m.companyId', '=', 'c.id').where('m.userId', '=', userId))))
    .orderBy('c.name')
    .orderBy('c.id')
    .execute();
  return {
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      mode: row.mode === 'team' ? ('team' as const) : ('request' as const),
      requestPending: Boolean(Number(row.requestPending)),
    })),
  };
}
