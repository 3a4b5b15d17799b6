import type { Company } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import type { TwoFactorRule } from '../domain/two-factor-rule.js';
import { TWO_FACTOR_ENROLMENT_PATH } from '../model/two-factor-rule.js';
import { inCompany, type CommandContext } from './context.js';
import { hasTwoFactor } from './two-factor-shared.js';

/**
 * Sets who in the company must use two-factor authentication (owner only). The owner is covered
 * by every rule but `none`, so they turn it on for themselves first: a rule that would lock its
 * maker out of the company is refused TWO_FACTOR_REQUIRED. Audited, with the rule before and after;
 * the same rule again changes nothing.
 */
export async function setTwoFactorRule(ctx: CommandContext, companyId: string, rule: TwoFactorRule): Promise<Company> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, audit }) => {
    authorize(actor, 'company.setTwoFactorRule', {}, 'Only the account owner may choose who must use two-factor authentication');
    if (rule === company.twoFactorRule) return company;
    if (rule !== 'none' && !(await hasTwoFactor(tx, actor.userId))) {
      throw new DomainError('TWO_FACTOR_REQUIRED', 'Turn on two-factor authentication for your own account first', { enrol: TWO_FACTOR_ENROLMENT_PATH });
    }
    await tx.updateTable('companies').set({ twoFactorRule: rule }).where('id', '=', company.id).execute();
    await audit({ type: 'company.two_factor_rule_changed', targetId: null, data: { before: { rule: company.twoFactorRule }, after: { rule } } });
    return { ...company, twoFactorRule: rule };
  });
}
