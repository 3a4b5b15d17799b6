import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Api, type Company, type CompanyView, type Team } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { messages } from '../i18n/messages.js';
import { Link } from '../router.js';
import { ActionsMenu, FormModal, Loading } from '../ui.js';
import { useMediaQuery, useTeams } from './members.js';

/** Create a team, or rename one: the same form. */
export function TeamNameDialog({ company, team, onClose }: { company: Company; team: Team | null; onClose: () => void }) {
  const client = useQueryClient();
  const said = messages().teams;
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
      title={team === null ? said.create : said.renameTitle(team.name)}
      onSubmit={() => save.mutate()}
      submitLabel={team === null ? said.create : said.renameTeam}
      pendingLabel={messages().common.saving}
      pending={save.isPending}
    >
      <FormError error={save.error} fields={['name']} />
      <Field label={said.teamName} required value={name} onChange={(e) => setName(e.target.value)} error={fieldMessage(save.error, 'name')} />
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
        team.hidden ? messages().teams.hiddenNotice(team.name) : messages().teams.shownNotice(team.name),
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
  const said = messages().teams;
  const teams = useTeams(company.id);
  const policyOf = (teamId: string) => teams.data?.policies.find((policy) => policy.teamId === teamId)?.can ?? {};
  const phone = useMediaQuery('(max-width: 700px)');
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const visibility = useTeamVisibility(company.id, setNotice);
  const menuOf = (team: Team) => (
    <ActionsMenu
      label={said.actionsFor(team.name)}
      items={[
        ...(policyOf(team.id)['team.rename'] === true ? [{ label: said.rename, onSelect: () => setEditing(team) }] : []),
        // §1: the default team cannot be hidden.
        ...(policyOf(team.id)['team.hide'] === true && !team.isDefault
          ? [{ label: team.hidden ? said.show : said.hide, onSelect: () => visibility.mutate(team) }]
          : []),
      ]}
    />
  );
  const describe = (team: Team) =>
    [messages().common.members(team.memberCount), team.isDefault ? said.defaultTeamLower : null, team.hidden ? said.hiddenLower : null]
      .filter(Boolean)
      .join(' · ');

  return (
    <section aria-labelledby="teams-heading">
      <div className="heading-row">
        <h1 id="teams-heading">{said.title}</h1>
        {can['team.create'] === true && (
          <button type="button" onClick={() => setEditing('new')}>
            {said.create}
          </button>
        )}
      </div>
      {notice !== null && <p role="status">{notice}</p>}
      <ErrorMessage error={visibility.error} />
      {teams.isPending && <Loading label={said.loading} reserve={5} />}
      <ErrorMessage error={teams.error} />
      {teams.data &&
        (phone ? (
          <ul className="cards" aria-label={said.title}>
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
            <caption className="visually-hidden">{said.title}</caption>
            <thead>
              <tr>
                <th scope="col">{said.team}</th>
                <th scope="col">{said.members}</th>
                <th scope="col">
                  <span className="visually-hidden">{said.actions}</span>
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
