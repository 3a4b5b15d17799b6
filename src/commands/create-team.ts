import { newId } from '../auth/secrets.js';
import type { Team } from '../db/schema.js';
import { storedName, teamNameKey } from '../domain/normalize.js';
import { authorize } from '../domain/policy.js';
import { inCompany, type CommandContext } from './context.js';
import { assertTeamNameFree } from './update-team.js';

/** Creates a team in the company (§4 "Teams and ownership": owner and `admin`). It starts with no members. */
export async function createTeam(
  ctx: CommandContext,
  companyId: string,
  input: { name: string },
): Promise<{ team: Team; memberCount: number }> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    authorize(actor, 'team.create', {});
    const name = storedName(input.name, 'team name');
    await assertTeamNameFree(tx, company.id, name);

    const team: Team = {
      id: newId(),
      companyId: company.id,
      name,
      nameKey: teamNameKey(name),
      hidden: 0,
      isDefault: 0,
      createdAt: now.toISOString(),
    };
    await tx.insertInto('teams').values(team).execute();
    await audit({ type: 'team.created', targetId: team.id, teamId: team.id, data: { name } });
    return { team, memberCount: 0 };
  });
}
