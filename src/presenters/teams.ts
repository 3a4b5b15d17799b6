import type { Team } from '../db/schema.js';

/** A team row with its member count, in the Team shape of API.md. */
export const presentTeam = (team: Team, memberCount: number) => ({
  id: team.id,
  companyId: team.companyId,
  name: team.name,
  hidden: team.hidden === 1,
  isDefault: team.isDefault === 1,
  memberCount,
});
