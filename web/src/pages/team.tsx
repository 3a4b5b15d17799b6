import { useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { TEAM_ROLES, type TeamRole } from '../../../src/domain/roles.js';
import { Api, ApiError, type Company, type CompanyView, type Member, type Team, type TeamPolicy } from '../api.js';
import { describeError, ErrorMessage } from '../errors.js';
import { messages } from '../i18n/messages.js';
import { roleLabel, whyNotGrantable } from '../roles.js';
import { Link } from '../router.js';
import { CheckboxField, FormModal, Loading, toggled } from '../ui.js';
import { ContractList, CreateContract, ShowMore, useFocusReturn, usePages } from './contracts.js';
import { InviteMembers } from './invitations.js';
import { useTeams } from './members.js';
import { TeamNameDialog, useTeamVisibility } from './teams.js';

/**
 * One team's page: its members with their roles there, its member count and contracts; rename,
 * hide, add existing members and invite new people into it, each as the team's `policies` say.
 */
export function TeamPage({ view, teamId, viewerId }: { view: CompanyView; teamId: string; viewerId: string }) {
  const { company } = view;
  const said = messages().teams;
  const teams = useTeams(company.id);
  const [renaming, setRenaming] = useState(false);
  const [adding, setAdding] = useState(false);
  const [inviting, setInviting] = useState(false);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const visibility = useTeamVisibility(company.id, setNotice);
  const rememberOpener = useFocusReturn(renaming || adding || inviting || creating);
  /** Opens one of the page's dialogs, the focus to come back to the button. */
  const opening = (open: (value: boolean) => void) => () => {
    rememberOpener();
    open(true);
  };
  const back = (
    <p>
      <Link href={`/companies/${company.id}/teams`} className="back-link">
        {said.back}
      </Link>
    </p>
  );

  if (teams.isPending) return <Loading label={said.loadingTeam} />;
  const team = teams.data?.items.find((candidate) => candidate.id === teamId);
  const policy = teams.data?.policies.find((candidate) => candidate.teamId === teamId);
  if (team === undefined || policy === undefined) {
    return (
      <section aria-labelledby="team-heading">
        {back}
        <h1 id="team-heading">{said.notFound}</h1>
        {teams.error ? <ErrorMessage error={teams.error} /> : <p>{said.notFoundText(company.name)}</p>}
      </section>
    );
  }
  const can = policy.can;
  const open = !team.hidden; // §4 "Teams": a hidden team takes no new members, invitations or contracts.

  return (
    <section aria-labelledby="team-heading" className="team-page">
      {back}
      <div className="heading-row">
        <h1 id="team-heading">{team.name}</h1>
        <div className="heading-actions">
          {can['team.rename'] === true && (
            <button type="button" className="secondary" onClick={opening(setRenaming)}>
              {said.rename}
            </button>
          )}
          {can['team.hide'] === true && !team.isDefault && (
            <button type="button" className="secondary" disabled={visibility.isPending} onClick={() => visibility.mutate(team)}>
              {team.hidden ? said.show : said.hide}
            </button>
          )}
        </div>
      </div>
      <p>
        {messages().common.members(team.memberCount)}
        {team.isDefault && <span className="badge">{said.defaultTeam}</span>}
        {team.hidden && <span className="badge">{said.hidden}</span>}
      </p>
      {team.hidden && <p className="muted">{said.hiddenExplained}</p>}
      {notice !== null && <p role="status">{notice}</p>}
      <ErrorMessage error={visibility.error} />

      <div className="heading-row">
        <h2>{said.members}</h2>
        <div className="heading-actions">
          {open && can['member.manage'] === true && (
            <button type="button" onClick={opening(setAdding)}>
              {said.addMembers}
            </button>
          )}
          {open && can['member.invite'] === true && (
            <button type="button" className="secondary" onClick={opening(setInviting)}>
              {said.invitePeople}
            </button>
          )}
        </div>
      </div>
      <TeamMembers company={company} team={team} />

      <div className="heading-row">
        <h2>{said.contracts}</h2>
        {open && can['contract.create'] === true && (
          <button type="button" onClick={opening(setCreating)}>
            {said.newContract}
          </button>
        )}
      </div>
      <ContractList company={company} filters={{ teamId: team.id }} headingLevel={3} empty={said.noContracts(team.name)} />

      {renaming && <TeamNameDialog company={company} team={team} onClose={() => setRenaming(false)} />}
      {adding && (
        <AddMembers
          company={company}
          team={team}
          policy={policy}
          onClose={() => setAdding(false)}
          onAdded={(count) => setNotice(said.added(count, team.name))}
        />
      )}
      {inviting && (
        <InviteMembers
          company={company}
          invitableCompanyRoles={view.invitableCompanyRoles}
          open={inviting}
          onOpenChange={setInviting}
          onSent={(count) => setNotice(said.invitationsSent(count))}
          teamId={team.id}
        />
      )}
      {creating && (
        <CreateContract
          company={company}
          teams={[team]}
          teamId={team.id}
          viewerId={viewerId}
          onClose={() => setCreating(false)}
          onCreated={(contract) => setNotice(said.contractCreated(contract.title))}
        />
      )}
    </section>
  );
}

/** A team's members, by name, each with the roles they hold there; 50 at a time. */
function TeamMembers({ company, team }: { company: Company; team: Team }) {
  const said = messages().teams;
  const members = usePages(['members', company.id, { teamId: team.id }], (paging) => Api.members(company.id, { teamId: team.id, ...paging }));
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="team-members">
      {members.isPending && <Loading label={said.loadingMembers} reserve={Math.min(team.memberCount, 5)} />}
      <ErrorMessage error={members.error} />
      {members.isSuccess && items.length === 0 && <p role="status">{said.nobody(team.name)}</p>}
      {items.length > 0 && (
        <ul className="cards" aria-label={said.membersOf(team.name)}>
          {items.map((member) => {
            const roles = member.teams.find((entry) => entry.teamId === team.id)?.roles ?? [];
            return (
              <li key={member.userId} className="card member-row">
                <Link href={`/companies/${company.id}/members/${member.userId}`} className="member-name">
                  {member.name}
                </Link>
                {member.suspendedAt !== null && <span className="badge suspended">{said.suspended}</span>}
                <p className="muted">
                  {member.isOwner ? `${roleLabel('owner')} · ` : ''}
                  {roles.length > 0 ? roles.map(roleLabel).join(', ') : said.noTeamRole}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      <ShowMore pages={members} label={said.showMoreMembers} />
    </div>
  );
}

/** How adding one person went: done, or refused with the server's reason. */
type Outcome = { name: string; error: unknown };

/**
 * Add existing members of the company to a team, with roles (§4 "add to another team"): one
 * request per person, so that each is judged by the rules on their own (rank, §2.1) and a refusal
 * of one leaves the others added; the refused stay chosen, with their reason beside them.
 */
function AddMembers({
  company,
  team,
  policy,
  onClose,
  onAdded,
}: {
  company: Company;
  team: Team;
  policy: TeamPolicy;
  onClose: () => void;
  onAdded: (count: number) => void;
}) {
  const client = useQueryClient();
  const said = messages().teams;
  const searchId = useId();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const [chosen, setChosen] = useState<Map<string, Member>>(new Map());
  const [roles, setRoles] = useState<Set<TeamRole>>(new Set());
  const [refused, setRefused] = useState<Map<string, Outcome>>(new Map());
  const [added, setAdded] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const people = usePages(['members', company.id, { q, picker: 'add-to-team' }], (paging) => Api.members(company.id, { q, ...paging }));
  const outside = (people.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (member) => !member.teams.some((entry) => entry.teamId === team.id) && !added.includes(member.userId),
  );
  const grantable = new Set(policy.grantableRoles);

  const submit = async () => {
    setPending(true);
    const body = TEAM_ROLES.filter((role) => roles.has(role));
    const done: string[] = [];
    const failed = new Map<string, Outcome>();
    // One at a time: each person's answer stands on its own, and a company's writes run one by one anyway.
    for (const member of chosen.values()) {
      try {
        await Api.setTeamRoles(company.id, member.userId, team.id, body);
        done.push(member.userId);
      } catch (error) {
        failed.set(member.userId, { name: member.name, error });
      }
    }
    setPending(false);
    await Promise.all([
      client.invalidateQueries({ queryKey: ['members', company.id] }),
      client.invalidateQueries({ queryKey: ['teams', company.id] }),
      client.invalidateQueries({ queryKey: ['member', company.id] }),
    ]);
    if (done.length > 0) onAdded(added.length + done.length);
    if (failed.size === 0) {
      onClose();
      return;
    }
    setAdded((current) => [...current, ...done]);
    setRefused(failed);
    setChosen((current) => new Map([...current].filter(([userId]) => failed.has(userId))));
  };

  return (
    <FormModal
      onClose={onClose}
      title={said.addTitle(team.name)}
      description={said.addDescription}
      onSubmit={() => void submit()}
      submitLabel={said.addCount(chosen.size)}
      pendingLabel={said.adding}
      pending={pending}
      canSubmit={chosen.size > 0}
    >
      <div className="add-members contract-dialog">
        {added.length > 0 && (
          <p role="status" className="result-done">
            {said.addedSome(added.length)}
          </p>
        )}
        <div className="field">
          <label htmlFor={searchId}>{said.searchMembers}</label>
          <input id={searchId} type="search" placeholder={said.nameOrEmail} value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <fieldset className="candidates">
          <legend>{said.peopleToAdd}</legend>
          {people.isPending && <Loading label={said.loadingMembers} reserve={5} />}
          <ErrorMessage error={people.error} />
          {people.isSuccess && outside.length === 0 && chosen.size === 0 && (
            <p role="status">{q === '' ? said.everyoneIn(team.name) : said.noneOutside(team.name, q)}</p>
          )}
          {[...chosen.values(), ...outside.filter((member) => !chosen.has(member.userId))].map((member) => {
            const refusal = refused.get(member.userId);
            return (
              <div key={member.userId}>
                <CheckboxField
                  label={member.name}
                  checked={chosen.has(member.userId)}
                  onCheckedChange={(on) =>
                    setChosen((current) => {
                      const next = new Map(current);
                      if (on) next.set(member.userId, member);
                      else next.delete(member.userId);
                      return next;
                    })
                  }
                />
                {refusal !== undefined && (
                  <p className="error" role="alert">
                    {refusal.name}: {describeError(refusal.error)}
                    {refusal.error instanceof ApiError && refusal.error.code === 'FORBIDDEN'
                      ? ` ${said.outranked(team.name)}`
                      : ''}
                  </p>
                )}
              </div>
            );
          })}
          <ShowMore pages={people} label={said.showMorePeople} />
        </fieldset>
        <fieldset>
          <legend>{said.rolesIn(team.name)}</legend>
          <p className="hint">{said.noRoleHint}</p>
          {TEAM_ROLES.map((role) => (
            <CheckboxField
              key={role}
              label={roleLabel(role)}
              checked={roles.has(role)}
              disabled={!grantable.has(role)}
              {...(grantable.has(role) ? {} : { hint: whyNotGrantable(role) })}
              onCheckedChange={(on) => setRoles((current) => toggled(current, role, on))}
            />
          ))}
        </fieldset>
      </div>
    </FormModal>
  );
}
