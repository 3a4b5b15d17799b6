import type { MemberContext } from './policy.js';

/**
 * A company's two-factor rule (RULES.md "Two-factor and recent sign-in"): who in it must have
 * two-factor authentication on. `admins` covers the owner and whoever holds `admin`, `finance` or
 * `team_admin` anywhere in the company.
 */
export const TWO_FACTOR_RULES = ['none', 'admins', 'everyone'] as const;
export type TwoFactorRule = (typeof TWO_FACTOR_RULES)[number];

export const isTwoFactorRule = (value: string): value is TwoFactorRule => (TWO_FACTOR_RULES as readonly string[]).includes(value);

/** Whether a member holds a role the `admins` rule covers. */
export function holdsAdminRole(member: MemberContext): boolean {
  if (member.isOwner || member.companyRoles.has('admin') || member.companyRoles.has('finance')) return true;
  return [...member.teams.values()].some((roles) => roles.has('team_admin'));
}

/** Whether the company's rule asks this member for two-factor authentication. An unknown rule covers everyone. */
export function coveredByTwoFactorRule(rule: string, member: MemberContext): boolean {
  if (rule === 'none') return false;
  if (rule === 'admins') return holdsAdminRole(member);
  return true;
}
