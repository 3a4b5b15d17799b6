import type { Db } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Company } from '../db/schema.js';
import { notFound } from '../domain/errors.js';
import type { MemberContext } from '../domain/policy.js';
import { memberFromRows, membershipRows } from '../model/members.js';
import { assertTwoFactorRule } from '../model/two-factor-rule.js';

/**
 * The company row, once per membership row of the caller (or once with nulls when they have none):
 * the company and the caller's roles in one round trip.
 */
const companyAndMembership = prepare((db, v: { companyId: string; userId: string }) =>
  db
    .selectFrom('companies as c')
    .leftJoin(membershipRows(db, v.companyId, [v.userId]).as('mm'), (join) => join.onTrue())
    .selectAll('c')
    .select(['mm.teamId', 'mm.role', 'mm.suspendedAt'])
    .where('c.id', '=', v.companyId),
);

const revisionForMember = prepare((db, v: { companyId: string; userId: string }) =>
  db
    .selectFrom('companies as c')
    .innerJoin('companyMembers as m', (join) => join.onRef('m.companyId', '=', 'c.id').on('m.userId', '=', v.userId))
    .leftJoin('twoFactor as tf', (join) => join.on('tf.userId', '=', v.userId))
    .select(['c.membershipRevision', 'c.twoFactorRule', 'tf.enabledAt'])
    .where('c.id', '=', v.companyId)
    // A suspended member is no member here (§4 "Suspend and reinstate"): no remembered page for them.
    .where('m.suspendedAt', 'is', null),
);

/**
 * The company's membership revision as the database holds it now, when `userId` is one of its
 * members (undefined otherwise): two primary-key probes, where their roles take three tables. Any
 * change to the company, its members, teams or roles makes a new revision (migration 0005), so a
 * result remembered for this member under it was made with the roles they hold now.
 */
export async function membershipRevisionFor(db: Db, userId: string, companyId: string): Promise<number | undefined> {
  const row = await revisionForMember.executeTakeFirst(db.kysely, { companyId, userId });
  // Where the two-factor rule might stop them, none: the caller reads as a member (readAsMember),
  // which decides whether the rule covers them.
  if (row && row.twoFactorRule !== 'none' && row.enabledAt == null) return undefined;
  return row?.membershipRevision;
}

/** A company as one of its members sees it: the company row and the member's roles. */
export interface MemberScope {
  company: Company;
  actor: MemberContext;
}

/**
 * The company and the caller's membership, read afresh for a query. A caller who is not a member
 * gets NOT_FOUND, as if the company did not exist (§6), and so does a suspended member (§4
 * "Suspend and reinstate"); one the company's two-factor rule covers,
 * without two-factor on, TWO_FACTOR_REQUIRED.
 */
export async function readAsMember(
  db: Db,
  userId: string,
  companyId: string,
): Promise<MemberScope> {
  const rows = await companyAndMembership.execute(db.kysely, { companyId, userId });
  const [first] = rows;
  if (!first) throw notFound('Company');
  const { teamId: _teamId, role: _role, suspendedAt: _suspendedAt, ...company } = first;
  const actor = memberFromRows(company, userId, rows);
  // A suspended member reads the company as a non-member does (§4 "Suspend and reinstate").
  if (!actor || actor.suspended === true) throw notFound('Company');
  await assertTwoFactorRule(db.kysely, company, actor);
  return { company, actor };
}
