import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Api, type Company, type CompanyView, type Team } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { Link } from '../router.js';
import { ActionsMenu, FormModal, Loading } from '../ui.js';
import { useMediaQuery, useTeams } from './members.js';

/** Create a team, or rename one: the same form. */
export function TeamNameDialog({ company, team, onClose }: { company: Company; team: Team | null; onClose: () => void }) {
  const client = useQueryClient();
  const [name, setName] = useState(team?.name ?? '');
  const save = useMutation({
    mutationFn: () => (team === null ? Api.createTeam(company.id, name) : Api.updateTeam(company.id, team.id, { name })),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['teams', company.id] }),
        client.invalidateQueries({ queryKey: ['members', company.id] }),
        client.invalidateQueries({ queryKey: ['me'] }),
      ]);
      onClose();
    },
  });
  return (
    <FormModal
      onClose={onClose}
      title={team === null ? 'Create team' : `Rename ${team.name}`}
      onSubmit={() => save.mutate()}
      submitLabel={team === null ? 'Create team' : 'Rename team'}
      pendingLabel="Saving…"
      pending={save.isPending}
    >
      <FormError error={save.error} fields={['name']} />
      <Field label="Team name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldMessage(save.error, 'name')} />
    </FormModal>
  );
}

/** Hide a team or show it again (the owner, §4 "Teams and ownership"), saying what that means once done. */
export function useTeamVisibility(companyId: string, onDone: (notice: string) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (team: Team) => Api.updateTeam(companyId, team.id, { hidden: !team.hidden }),
    onSuccess: async ({ team }) => {
      onDone(
        team.hidden
          ? `${team.name} is hidden: it keeps its members and contracts, and takes no new invitations, members or contracts.`
          : `${team.name} is shown again.`,
      );
      await client.invalidateQueries({ queryKey: ['teams', companyId] });
    },
  });
}

/**
 * The company's teams: create (owner, admin), rename (and a team's own admins), hide and show
 * (owner), as the server's `can` and the teams' `policies` say.
 */
export function TeamsPage({ view }: { view: CompanyView }) {
  const { company, can } = view;
  const teams = useTeams(company.id);
  const policyOf = (teamId: string) => teams.data?.policies.find((policy) => policy.teamId === teamId)?.can ?? {};
  const phone = useMediaQuery('(max-width: 700px)');
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const visibility = useTeamVisibility(company.id, setNotice);
  const menuOf = (team: Team) => (
    <ActionsMenu
      label={`Actions for team ${team.name}`}
      items={[
        ...(policyOf(team.id)['team.rename'] === true ? [{ label: 'Rename', onSelect: () => setEditing(team) }] : []),
        // §1: the default team cannot be hidden.
        ...(policyOf(team.id)['team.hide'] === true && !team.isDefault
          ? [{ label: team.hidden ? 'Show team' : 'Hide team', onSelect: () => visibility.mutate(team) }]
          : []),
      ]}
    />
  );
  const describe = (team: Team) =>
    [`${team.memberCount} member${team.memberCount === 1 ? '' : 's'}`, team.isDefault ? 'default team' : null, team.hidden ? 'hidden' : null]
      .filter(Boolean)
      .join(' · ');

  return (
    <section aria-labelledby="teams-heading">
      <div className="heading-row">
        <h1 id="teams-heading">Teams</h1>
        {can['team.create'] === true && (
          <button type="button" onClick={() => setEditing('new')}>
            Create team
          </button>
        )}
      </div>
      {notice !== null && <p role="status">{notice}</p>}
      <ErrorMessage error={visibility.error} />
      {teams.isPending && <Loading label="Loading teams…" />}
      <ErrorMessage error={teams.error} />
      {teams.data &&
        (phone ? (
          <ul className="cards" aria-label="Teams">
            {teams.data.items.map((team) => (
              <li key={team.id} className="card">
                <div className="card-head">
                  <Link href={`/companies/${company.id}/teams/${team.id}`} className="team-name">
                    {team.name}
                  </Link>
                  {menuOf(team)}
                </div>
                <p className="muted">{describe(team)}</p>
              </li>
            ))}
          </ul>
        ) : (
          <table>
            <caption className="visually-hidden">Teams</caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Members</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {teams.data.items.map((team) => (
                <tr key={team.id}>
                  <th scope="row">
                    <Link href={`/companies/${company.id}/teams/${team.id}`}>{team.name}</Link>
                  </th>
                  <td>{describe(team)}</td>
                  <td className="row-actions">{menuOf(team)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {editing !== null && <TeamNameDialog company={company} team={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </section>
  );
}
