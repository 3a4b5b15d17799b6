import type { BlockingContract, ErrorCode } from '../domain/errors.js';
import { forbidden, notFound } from '../domain/errors.js';
import { isSelf } from '../domain/policy.js';
import type { TeamRole } from '../domain/roles.js';
import { requireTeam } from '../model/members.js';
import { inCompanyEach, type CommandContext, type TargetScope } from './context.js';
import { removeFromCompanyOf } from './remove-from-company.js';
import { removeFromTeamOf } from './remove-from-team.js';
import { setTeamRolesOf } from './set-team-roles.js';
import { suspendMemberOf } from './suspend-member.js';

export type BulkInput =
  | { action: 'add_to_team' | 'set_team_roles'; userIds: readonly string[]; teamId: string; roles: readonly TeamRole[] }
  | { action: 'remove_from_team'; userIds: readonly string[]; teamId: string }
  | { action: 'remove_from_company' | 'suspend'; userIds: readonly string[] };

/** One person's answer: done (`changed` false when they were so already), or refused with the code the single action answers. */
export type BulkOutcome =
  | { userId: string; result: 'done'; changed: boolean; leftCompany?: boolean }
  | { userId: string; result: 'refused'; code: ErrorCode; detail: string; contracts?: BlockingContract[] };

/**
 * A bulk change (RULES.md §4 "Bulk changes"): one action applied to each person of `userIds` (the
 * repeats counted once), each by the very code of the single action (set-team-roles.ts,
 * remove-from-team.ts, remove-from-company.ts, suspend-member.ts), so with its rules, its order of
 * refusals and its one audit event; each person's change stands or is refused on its own
 * (inCompanyEach). A team that is not the company's refuses the whole request (NOT_FOUND).
 *
 * - add_to_team: one already in the team is done unchanged (their roles stay; set_team_roles sets them).
 * - set_team_roles: one not in the team is NOT_FOUND, as their removal from it would be.
 * - The removals never take the caller: leaving is done alone, from one's own page (FORBIDDEN).
 */
export async function bulkChangeMembers(ctx: CommandContext, companyId: string, input: BulkInput): Promise<BulkOutcome[]> {
  const userIds = [...new Set(input.userIds)];
  const teamId = 'teamId' in input ? input.teamId : undefined;
  const outcomes = await inCompanyEach(
    ctx,
    companyId,
    userIds,
    (scope) => changeOne(scope, input, ctx.requestId),
    async ({ tx, company }) => {
      if (teamId !== undefined) await requireTeam(tx, company.id, teamId);
    },
  );
  return outcomes.map(({ userId, value, refusal }): BulkOutcome => {
    if (refusal === undefined) return { userId, result: 'done', ...value };
    const contracts = refusal.extra.contracts as BlockingContract[] | undefined;
    return { userId, result: 'refused', code: refusal.code, detail: refusal.message, ...(contracts === undefined ? {} : { contracts }) };
  });
}

async function changeOne(scope: TargetScope, input: BulkInput, requestId: string | undefined): Promise<{ changed: boolean; leftCompany?: boolean }> {
  const { actor, target } = scope;
  switch (input.action) {
    case 'add_to_team':
      if (target.teams.has(input.teamId)) return { changed: false };
      return setTeamRolesOf(scope, input);
    case 'set_team_roles':
      if (!target.teams.has(input.teamId)) throw notFound('Team membership');
      return setTeamRolesOf(scope, input);
    case 'remove_from_team': {
      if (isSelf(actor, target)) throw forbidden('You leave a team from your own page, not in bulk');
      const { leftCompany } = await removeFromTeamOf(scope, input);
      return { changed: true, leftCompany };
    }
    case 'remove_from_company':
      if (isSelf(actor, target)) throw forbidden('You leave the company from your own page, not in bulk');
      await removeFromCompanyOf(scope);
      return { changed: true, leftCompany: true };
    case 'suspend':
      return { changed: (await suspendMemberOf(scope, requestId)).changed };
  }
}
