import { useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { TEAM_ROLES, type TeamRole } from '../../../src/domain/roles.js';
import { Api, ApiError, type Company, type CompanyView, type Member, type Team, type TeamPolicy } from '../api.js';
import { describeError, ErrorMessage } from '../errors.js';
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
        ← Teams
      </Link>
    </p>
  );

  if (teams.isPending) return <Loading label="Loading the team…" />;
  const team = teams.data?.items.find((candidate) => candidate.id === teamId);
  const policy = teams.data?.policies.find((candidate) => candidate.teamId === teamId);
  if (team === undefined || policy === undefined) {
    return (
      <section aria-labelledby="team-heading">
        {back}
        <h1 id="team-heading">Team not found</h1>
        {teams.error ? <ErrorMessage error={teams.error} /> : <p>This team does not exist in {company.name}, or it was removed.</p>}
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
              Rename
            </button>
          )}
          {can['team.hide'] === true && !team.isDefault && (
            <button type="button" className="secondary" disabled={visibility.isPending} onClick={() => visibility.mutate(team)}>
              {team.hidden ? 'Show team' : 'Hide team'}
            </button>
          )}
        </div>
      </div>
      <p>
        {team.memberCount} member{team.memberCount === 1 ? '' : 's'}
        {team.isDefault && <span className="badge">Default team</span>}
        {team.hidden && <span className="badge">Hidden</span>}
      </p>
      {team.hidden && <p className="muted">Hidden: it keeps its members and contracts, and takes no new members, invitations or contracts.</p>}
      {notice !== null && <p role="status">{notice}</p>}
      <ErrorMessage error={visibility.error} />

      <div className="heading-row">
        <h2>Members</h2>
        <div className="heading-actions">
          {open && can['member.manage'] === true && (
            <button type="button" onClick={opening(setAdding)}>
              Add members
            </button>
          )}
          {open && can['member.invite'] === true && (
            <button type="button" className="secondary" onClick={opening(setInviting)}>
              Invite people
            </button>
          )}
        </div>
      </div>
      <TeamMembers company={company} team={team} />

      <div className="heading-row">
        <h2>Contracts</h2>
        {open && can['contract.create'] === true && (
          <button type="button" onClick={opening(setCreating)}>
            New contract
          </button>
        )}
      </div>
      <ContractList company={company} filters={{ teamId: team.id }} headingLevel={3} empty={`${team.name} has no contracts.`} />

      {renaming && <TeamNameDialog company={company} team={team} onClose={() => setRenaming(false)} />}
      {adding && (
        <AddMembers
          company={company}
          team={team}
          policy={policy}
          onClose={() => setAdding(false)}
          onAdded={(count) => setNotice(`${count} member${count === 1 ? '' : 's'} added to ${team.name}.`)}
        />
      )}
      {inviting && (
        <InviteMembers
          company={company}
          invitableCompanyRoles={view.invitableCompanyRoles}
          open={inviting}
          onOpenChange={setInviting}
          onSent={(count) => setNotice(`${count} invitation${count === 1 ? '' : 's'} sent.`)}
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
          onCreated={(contract) => setNotice(`The contract “${contract.title}” was created.`)}
        />
      )}
    </section>
  );
}

/** A team's members, by name, each with the roles they hold there; 50 at a time. */
function TeamMembers({ company, team }: { company: Company; team: Team }) {
  const members = usePages(['members', company.id, { teamId: team.id }], (paging) => Api.members(company.id, { teamId: team.id, ...paging }));
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="team-members">
      {members.isPending && <Loading label="Loading members…" />}
      <ErrorMessage error={members.error} />
      {members.isSuccess && items.length === 0 && <p role="status">Nobody is in {team.name}.</p>}
      {items.length > 0 && (
        <ul className="cards" aria-label={`Members of ${team.name}`}>
          {items.map((member) => {
            const roles = member.teams.find((entry) => entry.teamId === team.id)?.roles ?? [];
            return (
              <li key={member.userId} className="card member-row">
                <Link href={`/companies/${company.id}/members/${member.userId}`} className="member-name">
                  {member.name}
                </Link>
                {member.suspendedAt !== null && <span className="badge suspended">Suspended</span>}
                <p className="muted">
                  {member.isOwner ? `${roleLabel('owner')} · ` : ''}
                  {roles.length > 0 ? roles.map(roleLabel).join(', ') : 'Member, no team role'}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      <ShowMore pages={members} what="members" />
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
      title={`Add members to ${team.name}`}
      description="Choose members of the company who are not in this team yet, and the roles they get here."
      onSubmit={() => void submit()}
      submitLabel={chosen.size > 1 ? `Add ${chosen.size} members` : 'Add member'}
      pendingLabel="Adding…"
      pending={pending}
      canSubmit={chosen.size > 0}
    >
      <div className="add-members contract-dialog">
        {added.length > 0 && (
          <p role="status" className="result-done">
            {added.length} added. The others below were refused.
          </p>
        )}
        <div className="field">
          <label htmlFor={searchId}>Search members</label>
          <input id={searchId} type="search" placeholder="Name or email" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <fieldset className="candidates">
          <legend>People to add</legend>
          {people.isPending && <Loading label="Loading members…" />}
          <ErrorMessage error={people.error} />
          {people.isSuccess && outside.length === 0 && chosen.size === 0 && (
            <p role="status">{q === '' ? `Everyone shown is in ${team.name} already.` : `No member outside ${team.name} matches “${q}”.`}</p>
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
                      ? ` You can add only people whose rank in ${team.name} is below yours (an account admin or the owner is added by someone above them).`
                      : ''}
                  </p>
                )}
              </div>
            );
          })}
          <ShowMore pages={people} what="people" />
        </fieldset>
        <fieldset>
          <legend>Roles in {team.name}</legend>
          <p className="hint">None: a plain member of the team.</p>
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
