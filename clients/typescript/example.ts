import { createRosterClient } from '@roster/client';

/** Lists a company's members with an API token, then asks for a team whose name is taken: refused, by its code. */
export async function example(baseUrl: string, token: string, companyId: string): Promise<string[]> {
  const roster = createRosterClient({ baseUrl, token });
  const said: string[] = [];

  const members = await roster.GET('/api/v1/companies/{companyId}/members', {
    params: { path: { companyId }, query: { limit: 50 } },
  });
  if (members.error) throw new Error(`${members.error.code}: ${members.error.detail}`);
  for (const member of members.data.items) said.push(`${member.name}${member.isOwner ? ' (owner)' : ''}`);

  const team = await roster.POST('/api/v1/companies/{companyId}/teams', {
    params: { path: { companyId } },
    body: { name: 'General' },
  });
  // `code` is typed: the codes this operation can answer (a misspelt one does not compile).
  if (team.error?.code === 'TEAM_NAME_TAKEN') said.push('A team of that name exists already.');
  else if (team.error) throw new Error(`${team.error.code}: ${team.error.detail}`);
  else said.push(`Made the team ${team.data.team.name}.`);
  return said;
}
