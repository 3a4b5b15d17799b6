import { DomainError } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { requireTeam } from '../model/members.js';
import { inCompany, type CommandContext } from './context.js';

export type JoiningMode = 'off' | 'team' | 'request';

/**
 * Sets whether people whose verified email is at a verified domain of the company may join it by
 * themselves (§4 "Joining by domain"): off, straight into `teamId` with no roles, or by a request
 * into `teamId` that an admin or that team's team admin reviews. The owner alone. Turning it on
 * needs a verified domain and a team that is not hidden (CONFLICT). The same setting again changes
 * nothing. Pending requests stay as they are whatever the setting becomes.
 */
export async function setJoining(
  ctx: CommandContext,
  companyId: string,
  input: { mode: JoiningMode; teamId?: string | null },
): Promise<{ mode: JoiningMode; teamId: string | null }> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    // §4: the team named is the company's (404) before the caller may (403).
    const team = input.mode !== 'off' && input.teamId ? await requireTeam(tx, company.id, input.teamId) : undefined;
    authorize(actor, 'joining.configure', {});
    const before = await tx.selectFrom('companyJoining').select(['mode', 'teamId']).where('companyId', '=', company.id).executeTakeFirst();
    const was = { mode: (before?.mode ?? 'off') as JoiningMode, teamId: before?.teamId ?? null };
    if (input.mode === 'off') {
      if (!before) return was;
      await tx.deleteFrom('companyJoining').where('companyId', '=', company.id).execute();
      await audit({ type: 'joining.changed', data: { before: was, after: { mode: 'off', teamId: null } } });
      return { mode: 'off', teamId: null };
    }
    if (!team) throw new DomainError('VALIDATION_FAILED', 'Name the team people join');
    const after = { mode: input.mode, teamId: team.id };
    if (was.mode === after.mode && was.teamId === after.teamId) return was;
    if (team.hidden === 1) throw new DomainError('CONFLICT', 'A hidden team takes no new members');
    const verified = await tx.selectFrom('companyDomains').select('id').where('companyId', '=', company.id).where('status', '=', 'verified').executeTakeFirst();
    if (!verified) throw new DomainError('CONFLICT', 'Verify a domain first: joining is for people at the company’s verified domains');
    const updatedAt = now.toISOString();
    if (before) {
      await tx.updateTable('companyJoining').set({ mode: after.mode, teamId: after.teamId, updatedAt }).where('companyId', '=', company.id).execute();
    } else {
      await tx.insertInto('companyJoining').values({ companyId: company.id, mode: after.mode, teamId: after.teamId, updatedAt }).execute();
    }
    await audit({ type: 'joining.changed', teamId: team.id, data: { before: was, after } });
    return after;
  });
}
