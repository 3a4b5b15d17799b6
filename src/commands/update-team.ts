import type { Tx } from '../db/database.js';
import type { Flag, Team } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { storedName, teamNameKey } from '../domain/normalize.js';
import { authorize } from '../domain/policy.js';
import type { AuditEventType } from '../domain/events.js';
import { inCompany, type CommandContext } from './context.js';
import { requireTeam } from '../model/members.js';

/** What PATCH /teams/:teamId may change; at least one of them. */
export interface TeamChanges {
  name?: string;
  hidden?: boolean;
}

/**
 * §1: team names are unique within the company, case-insensitively (the unique index
 * `teams_name_unique` backs this check; the company lock keeps it free of races).
 * `exceptTeamId` lets a team be renamed to another spelling of its own name.
 */
export async function assertTeamNameFree(tx: Tx, companyId: string, name: string, exceptTeamId?: string): Promise<void> {
  let query = tx
    .selectFrom('teams')
    .select('id')
    .where('companyId', '=', companyId)
    .where('nameKey', '=', teamNameKey(name));
  if (exceptTeamId !== undefined) query = query.where('id', '!=', exceptTeamId);
  if (await query.executeTakeFirst()) {
    throw new DomainError('TEAM_NAME_TAKEN', `A team named “${name}” already exists in this company`);
  }
}

async function countTeamMembers(tx: Tx, teamId: string): Promise<number> {
  const { count } = await tx
    .selectFrom('teamMembers')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('teamId', '=', teamId)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/**
 * Renames a team (owner, `admin`, its `team_admin`), hides or shows it (owner only), or both at
 * once with both rights. A request that changes nothing succeeds and records nothing. When both
 * change, the one audit event is `team.hidden` / `team.shown` carrying the rename too: a change
 * of visibility matters more to a reader of the log than a new name.
 */
export async function updateTeam(
  ctx: CommandContext,
  companyId: string,
  teamId: string,
  changes: TeamChanges,
): Promise<{ team: Team; memberCount: number }> {
  if (changes.name === undefined && changes.hidden === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'Give a new name, hidden, or both');
  }
  return inCompany(ctx, companyId, async ({ tx, company, actor, audit }) => {
    const team = await requireTeam(tx, company.id, teamId);
    if (changes.name !== undefined) authorize(actor, 'team.rename', { teamId: team.id });
    if (changes.hidden !== undefined) authorize(actor, 'team.hide', { teamId: team.id });

    const name = changes.name === undefined ? team.name : storedName(changes.name, 'team name');
    const hidden: Flag = changes.hidden === undefined ? team.hidden : changes.hidden ? 1 : 0;
    // §1: the default team cannot be hidden.
    if (hidden === 1 && team.isDefault === 1) {
      throw new DomainError('CONFLICT', 'The default team cannot be hidden');
    }
    const renamed = name !== team.name;
    if (renamed) await assertTeamNameFree(tx, company.id, name, team.id);
    const visibilityChanged = hidden !== team.hidden;
    const memberCount = await countTeamMembers(tx, team.id);
    if (!renamed && !visibilityChanged) return { team, memberCount };

    const updated: Team = { ...team, name, nameKey: teamNameKey(name), hidden };
    await tx
      .updateTable('teams')
      .set({ name: updated.name, nameKey: updated.nameKey, hidden: updated.hidden })
      .where('id', '=', team.id)
      .where('companyId', '=', company.id)
      .execute();

    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (renamed) {
      before.name = team.name;
      after.name = name;
    }
    if (visibilityChanged) {
      before.hidden = team.hidden === 1;
      after.hidden = hidden === 1;
    }
    const type: AuditEventType = visibilityChanged ? (hidden === 1 ? 'team.hidden' : 'team.shown') : 'team.renamed';
    await audit({ type, targetId: team.id, teamId: team.id, data: { before, after } });
    return { team: updated, memberCount };
  });
}
