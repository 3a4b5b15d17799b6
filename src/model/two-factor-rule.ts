import type { Executor } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Company } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { MemberContext } from '../domain/policy.js';
import { coveredByTwoFactorRule } from '../domain/two-factor-rule.js';

const enabledTwoFactor = prepare((db, v: { userId: string }) =>
  db.selectFrom('twoFactor').select('userId').where('userId', '=', v.userId).where('enabledAt', 'is not', null),
);

/** Where the page sends a person the rule stops: the Account section that turns two-factor on. */
export const TWO_FACTOR_ENROLMENT_PATH = '/account/two-factor';

/**
 * The company's two-factor rule, checked wherever a company-scoped command or query reads its
 * actor (commands/context.ts inCompany, queries/scope.ts readAsMember), so that no route of the
 * company can forget it: a member the rule covers who has not turned two-factor on is refused
 * TWO_FACTOR_REQUIRED. Nothing is read when the rule is `none`, or does not cover them.
 */
export async function assertTwoFactorRule(db: Executor, company: Company, actor: MemberContext): Promise<void> {
  if (!coveredByTwoFactorRule(company.twoFactorRule, actor)) return;
  if (await enabledTwoFactor.executeTakeFirst(db, { userId: actor.userId })) return;
  throw new DomainError('TWO_FACTOR_REQUIRED', `${company.name} asks you to turn on two-factor authentication first`, {
    companyId: company.id,
    enrol: TWO_FACTOR_ENROLMENT_PATH,
  });
}
