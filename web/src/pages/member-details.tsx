import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { COMPANY_ROLES, TEAM_ROLES, type CompanyRole, type TeamRole } from '../../../src/domain/roles.js';
import { Api, ApiError, type Company, type Member, type MemberDetails } from '../api.js';
import { ErrorMessage } from '../errors.js';
import { messages } from '../i18n/messages.js';
import { companyRoleNames, roleLabel, roleLabels } from '../roles.js';
import { Link, navigate } from '../router.js';
import { ActionsMenu, CheckboxField, Confirm, FormModal, Loading, shownMoment, toggled } from '../ui.js';
import { managedTeams, TeamRolesDialog, TeamRolesFieldset } from './bulk-actions.js';
import { ContractList, ReassignContactPerson } from './contracts.js';
import { useTeams } from './members.js';
import { TransferOwnership } from './transfer-ownership.js';

/** The words of a member's page, in the page's language. */
const said = () => messages().memberDetails;

/** Which removal a person asked for; a refused one is retried as it was. */
type Removal = { kind: 'team'; teamId: string; teamName: string } | { kind: 'company' };

/**
 * One member: their teams with roles, and what the viewer may do to them, as the server's `can`,
 * `grantableCompanyRoles` and `teams` say.
 */
export function MemberDetailsPage({ company, userId, viewerId }: { company: Company; userId: string; viewerId: string }) {
  const client = useQueryClient();
  const details = useQuery({ queryKey: ['member', company.id, userId], queryFn: () => Api.member(company.id, userId) });
  const [editing, setEditing] = useState<string | null>(null);
  const [editingCompanyRoles, setEditingCompanyRoles] = useState(false);
  const [confirming, setConfirming] = useState<Removal | null>(null);
  const [blocked, setBlocked] = useState<{ removal: Removal; error: ApiError } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const teams = useTeams(company.id);
  const words = said();

  // A confirmation says what the member holds now, not what the page read a few seconds ago: the
  // member is read again as it opens, and the confirmation waits for that reading.
  const openRemoval = (removal: Removal) => {
    remove.reset();
    setConfirming(removal);
    void client.refetchQueries({ queryKey: ['member', company.id, userId], exact: true });
  };

  const refresh = async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: ['member', company.id] }),
      client.invalidateQueries({ queryKey: ['members', company.id] }),
      client.invalidateQueries({ queryKey: ['teams', company.id] }),
      client.invalidateQueries({ queryKey: ['me'] }),
    ]);
  };

  const remove = useMutation({
    mutationFn: async (removal: Removal) => {
      if (removal.kind === 'company') {
        await Api.removeFromCompany(company.id, userId);
        return { leftCompany: true };
      }
      return Api.removeFromTeam(company.id, userId, removal.teamId);
    },
    onSuccess: async ({ leftCompany }, removal) => {
      setConfirming(null);
      setBlocked(null);
      const name = details.data?.member.name ?? said().theMember;
      if (leftCompany) {
        await refresh();
        navigate(`/companies/${company.id}/members`);
        return;
      }
      setNotice(removal.kind === 'team' ? said().removedFrom(name, removal.teamName) : null);
      await refresh();
    },
    onError: (error, removal) => {
      // A contact person's removal is refused with the contracts that block it (§3.3): show them in place.
      if (error instanceof ApiError && error.code === 'CONTACT_PERSON_ON_ACTIVE_CONTRACT') {
        setConfirming(null);
        setBlocked({ removal, error });
      }
    },
  });

  if (details.isPending) return <Loading label={words.loading} />;
  if (details.error) {
    return (
      <>
        <ErrorMessage error={details.error} />
        <Link href={`/companies/${company.id}/members`}>{words.backToMembers}</Link>
      </>
    );
  }
  const { member, can, grantableCompanyRoles, teams: abilities } = details.data;
  const self = member.userId === viewerId;
  const abilitiesOf = (teamId: string) => abilities.find((entry) => entry.teamId === teamId);
  const editingTeam = member.teams.find((team) => team.teamId === editing);
  const companyWide = companyRoleNames(member);
  // The teams the viewer manages that the member is not in, and not hidden: where they may be added.
  const addable = managedTeams(teams.data?.items ?? [], teams.data?.policies ?? []).filter(
    ({ team }) => !team.hidden && !member.teams.some((held) => held.teamId === team.id),
  );

  return (
    <section aria-labelledby="member-heading">
      <p className="back-link">
        <Link href={`/companies/${company.id}/members`}>{words.members}</Link>
      </p>
      <div className="heading-row">
        <h1 id="member-heading">{member.name}</h1>
        {member.suspendedAt !== null && <span className="badge suspended">{words.suspended}</span>}
      </div>
      {member.email !== undefined && <p className="email">{member.email}</p>}
      <p>{companyWide.length > 0 ? companyWide.join(', ') : words.noCompanyRole}</p>
      {can['member.setCompanyRoles'] === true && (
        <button type="button" className="secondary" onClick={() => setEditingCompanyRoles(true)}>
          {words.editCompanyRoles}
        </button>
      )}
      {notice !== null && <p role="status">{notice}</p>}

      <h2>{words.teams}</h2>
      <ul className="team-list">
        {member.teams.map((team) => {
          const ability = abilitiesOf(team.teamId);
          const items = [
            ...(ability?.canSetRoles === true ? [{ label: words.editRoles, onSelect: () => setEditing(team.teamId) }] : []),
            ...(ability?.canRemove === true
              ? [
                  {
                    label: self ? words.leaveTeam : words.removeFromTeam,
                    danger: true,
                    onSelect: () => openRemoval({ kind: 'team', teamId: team.teamId, teamName: team.teamName }),
                  },
                ]
              : []),
          ];
          return (
            <li key={team.teamId} className="card">
              <div className="card-head">
                <h3>{team.teamName}</h3>
                <ActionsMenu label={words.actionsFor(team.teamName)} items={items} />
              </div>
              <p>{team.roles.length > 0 ? roleLabels(team.roles) : words.plainMember}</p>
            </li>
          );
        })}
      </ul>
      {addable.length > 0 && (!self || member.isOwner) && (
        <button type="button" className="secondary" onClick={() => setAdding(true)}>
          {words.addToTeam}
        </button>
      )}
      {adding && <AddToTeam company={company} member={member} choices={addable} onClose={() => setAdding(false)} onDone={setNotice} />}

      {blocked !== null && (
        <BlockingContracts
          company={company}
          member={member}
          error={blocked.error}
          retrying={remove.isPending}
          retryError={remove.error instanceof ApiError && remove.error.code !== 'CONTACT_PERSON_ON_ACTIVE_CONTRACT' ? remove.error : null}
          onRetry={() => remove.mutate(blocked.removal)}
        />
      )}

      <section aria-labelledby="member-contracts-heading" className="member-contracts">
        <h2 id="member-contracts-heading">{words.contracts}</h2>
        <ContractList
          company={company}
          filters={{ contactPersonId: member.userId }}
          headingLevel={3}
          empty={self ? words.youContactOfNone : words.contactOfNone(member.name)}
        />
      </section>

      {can['ownership.transfer'] === true && <TransferOwnership company={company} member={member} onDone={setNotice} />}

      <Suspension company={company} details={details.data} onDone={setNotice} />

      {(can['member.removeFromCompany'] === true || can['member.leave'] === true) && (
        <div className="danger-zone">
          <h2>{self ? words.leaveCompanyHeading : words.removeFromCompanyHeading}</h2>
          <button
            type="button"
            className="danger"
            onClick={() => openRemoval({ kind: 'company' })}
          >
            {self ? words.leaveCompany : words.removeMember}
          </button>
        </div>
      )}

      {editingTeam !== undefined && (
        <EditRoles
          company={company}
          member={member}
          team={editingTeam}
          grantable={abilitiesOf(editingTeam.teamId)?.grantableRoles ?? []}
          onClose={() => setEditing(null)}
        />
      )}
      {editingCompanyRoles && (
        <EditCompanyRoles company={company} member={member} grantable={grantableCompanyRoles} onClose={() => setEditingCompanyRoles(false)} />
      )}

      <Confirm
        open={confirming !== null}
        onOpenChange={(open) => {
          if (!open) setConfirming(null);
        }}
        title={
          confirming?.kind === 'team'
            ? words.removeFromTeamTitle(member.name, confirming.teamName)
            : self
              ? words.leaveTitle(company.name)
              : words.removeFromCompanyTitle(member.name, company.name)
        }
        consequences={
          details.isFetching ? (
            <p role="status">{self ? words.checkingYours : words.checking(member.name)}</p>
          ) : (
            <RemovalConsequences removal={confirming} details={details.data} companyName={company.name} self={self} />
          )
        }
        confirmLabel={confirming?.kind === 'team' ? words.removeFromTeam : words.confirm}
        busy={remove.isPending || details.isFetching}
        error={<ErrorMessage error={remove.error instanceof ApiError && remove.error.code === 'CONTACT_PERSON_ON_ACTIVE_CONTRACT' ? null : remove.error} />}
        onConfirm={() => {
          if (confirming !== null) remove.mutate(confirming);
        }}
      />
    </section>
  );
}

/** What a removal will do, said before it is done. */
function RemovalConsequences({
  removal,
  details,
  companyName,
  self,
}: {
  removal: Removal | null;
  details: MemberDetails;
  companyName: string;
  self: boolean;
}) {
  const { member } = details;
  const words = said();
  if (removal === null) return null;
  if (removal.kind === 'team') {
    const last = member.teams.length === 1;
    return (
      <p>
        {self ? words.youLoseTeamRoles(removal.teamName) : words.losesTeamRoles(member.name, removal.teamName)}
        {last ? (self ? words.yourLastTeam(companyName) : words.theirLastTeam(companyName)) : ''}
      </p>
    );
  }
  return (
    <>
      <p>{self ? words.youLoseAccess(companyName) : words.losesAccess(member.name, companyName)}</p>
      <ul>
        {member.teams.map((team) => (
          <li key={team.teamId}>
            {team.teamName}
            {team.roles.length > 0 ? ` (${roleLabels(team.roles)})` : ''}
          </li>
        ))}
        {member.companyRoles.length > 0 && <li>{words.companyRoles(roleLabels(member.companyRoles))}</li>}
      </ul>
      <p>{self ? words.yourInvitationsRevoked : words.theirInvitationsRevoked}</p>
    </>
  );
}

/** Edit member roles in one team: the roles the viewer may grant are enabled, the others say why not. */
function EditRoles({
  company,
  member,
  team,
  grantable,
  onClose,
}: {
  company: Company;
  member: Member;
  team: Member['teams'][number];
  grantable: TeamRole[];
  onClose: () => void;
}) {
  const client = useQueryClient();
  const [roles, setRoles] = useState<Set<TeamRole>>(new Set(team.roles));
  const save = useMutation({
    mutationFn: () => Api.setTeamRoles(company.id, member.userId, team.teamId, TEAM_ROLES.filter((role) => roles.has(role))),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['member', company.id] }),
        client.invalidateQueries({ queryKey: ['members', company.id] }),
      ]);
      onClose();
    },
  });
  return (
    <FormModal
      onClose={onClose}
      title={said().editRolesTitle(member.name, team.teamName)}
      description={said().noRoleMeansPlain}
      onSubmit={() => save.mutate()}
      submitLabel={said().saveRoles}
      pendingLabel={messages().common.saving}
      pending={save.isPending}
    >
      <TeamRolesFieldset teamName={team.teamName} grantable={grantable} roles={roles} onChange={setRoles} />
      <ErrorMessage error={save.error} />
    </FormModal>
  );
}

/** Add to team (§4 "Add to another team, edit roles"): a team the member is not in, with roles the viewer may grant there. */
function AddToTeam({
  company,
  member,
  choices,
  onClose,
  onDone,
}: {
  company: Company;
  member: Member;
  choices: Parameters<typeof TeamRolesDialog>[0]['choices'];
  onClose: () => void;
  onDone: (notice: string) => void;
}) {
  const client = useQueryClient();
  const add = useMutation({
    mutationFn: ({ teamId, roles }: { teamId: string; roles: TeamRole[] }) => Api.setTeamRoles(company.id, member.userId, teamId, roles),
    onSuccess: async (_answer, { teamId }) => {
      onDone(said().addedTo(member.name, choices.find((choice) => choice.team.id === teamId)?.team.name ?? said().theTeam));
      onClose();
      await Promise.all([
        client.invalidateQueries({ queryKey: ['member', company.id] }),
        client.invalidateQueries({ queryKey: ['members', company.id] }),
        client.invalidateQueries({ queryKey: ['teams', company.id] }),
      ]);
    },
  });
  return (
    <TeamRolesDialog
      title={said().addTitle(member.name)}
      choices={choices}
      withRoles
      submitLabel={said().addToTeam}
      pending={add.isPending}
      error={add.error}
      onClose={onClose}
      onSubmit={(teamId, roles) => add.mutate({ teamId, roles })}
    />
  );
}

/** The owner grants or revokes Account admin and Finance admin (§2.2). */
function EditCompanyRoles({
  company,
  member,
  grantable,
  onClose,
}: {
  company: Company;
  member: Member;
  /** The company roles the viewer may grant or revoke them (the server's `grantableCompanyRoles`). */
  grantable: CompanyRole[];
  onClose: () => void;
}) {
  const client = useQueryClient();
  const [roles, setRoles] = useState<Set<CompanyRole>>(new Set(member.companyRoles));
  const save = useMutation({
    mutationFn: () => Api.setCompanyRoles(company.id, member.userId, COMPANY_ROLES.filter((role) => roles.has(role))),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['member', company.id] }),
        client.invalidateQueries({ queryKey: ['members', company.id] }),
      ]);
      onClose();
    },
  });
  return (
    <FormModal
      onClose={onClose}
      title={said().editCompanyRolesTitle(member.name)}
      onSubmit={() => save.mutate()}
      submitLabel={said().saveRoles}
      pendingLabel={messages().common.saving}
      pending={save.isPending}
    >
      <fieldset>
        <legend>{said().companyWideRoles}</legend>
        {COMPANY_ROLES.map((role) => (
          <CheckboxField
            key={role}
            label={roleLabel(role)}
            checked={roles.has(role)}
            disabled={!grantable.includes(role)}
            {...(grantable.includes(role) ? {} : { hint: messages().roles.onlyOwnerGrantsCompanyRoles })}
            onCheckedChange={(on) => setRoles((current) => toggled(current, role, on))}
          />
        ))}
      </fieldset>
      <ErrorMessage error={save.error} />
    </FormModal>
  );
}

/**
 * A refused removal (§3.3): the contracts that block it, each with Reassign contact person and End
 * contract, and the removal retried in place once they are dealt with.
 */
function BlockingContracts({
  company,
  member,
  error,
  retrying,
  retryError,
  onRetry,
}: {
  company: Company;
  member: Member;
  error: ApiError;
  retrying: boolean;
  retryError: ApiError | null;
  onRetry: () => void;
}) {
  return (
    <ContractsToReassign
      company={company}
      member={member}
      contracts={error.contracts}
      heading={said().blockedHeading(member.name)}
      intro={said().blockedIntro}
      focusOnShow
      className="blocked"
    >
      {retryError !== null && <ErrorMessage error={retryError} />}
      <button type="button" onClick={onRetry} disabled={retrying}>
        {retrying ? said().trying : said().tryRemovalAgain}
      </button>
    </ContractsToReassign>
  );
}

/**
 * Contracts that name a member as their contact person, each with Reassign contact person and End
 * contract in place: what blocks a removal (§3.3), and what a suspended member still holds (§4
 * "Suspend and reinstate"), on their page and on the members list.
 */
export function ContractsToReassign({
  company,
  member,
  contracts,
  heading,
  headingLevel = 2,
  intro,
  focusOnShow = false,
  className,
  children,
}: {
  company: Company;
  member: Pick<Member, 'userId' | 'name'>;
  contracts: readonly { id: string; title: string; teamId: string }[];
  heading: string;
  headingLevel?: 2 | 3 | 4;
  intro: string;
  /** Moves the focus to the heading when shown (a refusal that replaces a closed dialog is read at once). */
  focusOnShow?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  const client = useQueryClient();
  const teams = useTeams(company.id);
  const headingId = useId();
  const [done, setDone] = useState<Record<string, string>>({});
  const [reassigning, setReassigning] = useState<{ id: string; title: string; teamId: string } | null>(null);
  const [ending, setEnding] = useState<{ id: string; title: string } | null>(null);
  const words = said();
  const teamName = (teamId: string) => teams.data?.items.find((team) => team.id === teamId)?.name ?? words.itsTeam;
  const heading_ = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnShow) heading_.current?.focus();
  }, [focusOnShow]);
  const settled = async (contractId: string, what: string) => {
    setDone((current) => ({ ...current, [contractId]: what }));
    await Promise.all([
      client.invalidateQueries({ queryKey: ['member', company.id] }),
      client.invalidateQueries({ queryKey: ['contracts', company.id] }),
    ]);
  };
  const end = useMutation({
    mutationFn: (contractId: string) => Api.updateContract(company.id, contractId, { status: 'ended' }),
    onSuccess: async (_answer, contractId) => {
      setEnding(null);
      await settled(contractId, said().ended);
    },
  });
  const Heading = (['h2', 'h3', 'h4'] as const)[headingLevel - 2] ?? 'h2';
  return (
    <section className={className} aria-labelledby={headingId} role="region">
      <Heading id={headingId} ref={heading_} tabIndex={-1}>{heading}</Heading>
      <p>{intro}</p>
      <ul className="plain">
        {contracts.map((contract) => (
          <li key={contract.id} className="card">
            <p>
              <strong>{contract.title}</strong> <span className="muted">{words.inTeam(teamName(contract.teamId))}</span>
            </p>
            {done[contract.id] !== undefined ? (
              <p role="status">{done[contract.id]}</p>
            ) : (
              <div className="actions start">
                <button type="button" className="secondary" onClick={() => setReassigning(contract)}>
                  {words.reassign}
                </button>
                <button type="button" className="secondary" onClick={() => setEnding(contract)}>
                  {words.endContract}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {children}

      {reassigning !== null && (
        <ReassignContactPerson
          company={company}
          contract={reassigning}
          teamName={teamName(reassigning.teamId)}
          excludeUserId={member.userId}
          onClose={() => setReassigning(null)}
          onDone={(name) => {
            setReassigning(null);
            void settled(reassigning.id, words.reassignedTo(name));
          }}
        />
      )}
      <Confirm
        open={ending !== null}
        onOpenChange={(open) => {
          if (!open) setEnding(null);
        }}
        title={words.endTitle(ending?.title ?? '')}
        consequences={<p>{words.endConsequence}</p>}
        confirmLabel={words.endContract}
        busy={end.isPending}
        error={<ErrorMessage error={end.error} />}
        onConfirm={() => {
          if (ending !== null) end.mutate(ending.id);
        }}
      />
    </section>
  );
}

/**
 * §4 "Suspend and reinstate" on a member's page: a suspended member is told apart, with the
 * contracts that still name them (Reassign and End in place) and Reinstate; an active one is offered
 * Suspend, whose confirmation says what happens. Each is offered only as the server's `can` says.
 */
function Suspension({ company, details, onDone }: { company: Company; details: MemberDetails; onDone: (notice: string) => void }) {
  const client = useQueryClient();
  const { member, can, contracts } = details;
  const [confirming, setConfirming] = useState(false);
  const words = said();
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['member', company.id] }),
      client.invalidateQueries({ queryKey: ['members', company.id] }),
    ]);
  const suspend = useMutation({
    mutationFn: () => Api.suspend(company.id, member.userId),
    onSuccess: async () => {
      setConfirming(false);
      onDone(said().suspendedNotice(member.name));
      await refresh();
    },
  });
  const reinstate = useMutation({
    mutationFn: () => Api.reinstate(company.id, member.userId),
    onSuccess: async () => {
      onDone(said().reinstatedNotice(member.name));
      await refresh();
    },
  });
  const suspended = member.suspendedAt !== null;
  if (!suspended && can['member.suspend'] !== true) return null;
  return (
    <div className="suspension">
      {suspended ? (
        <>
          <h2>{words.suspended}</h2>
          <p>{words.suspendedSince(member.name, shownMoment(member.suspendedAt ?? ''), company.name)}</p>
          {contracts.length > 0 && can['member.reinstate'] === true && (
            <ContractsToReassign
              company={company}
              member={member}
              contracts={contracts}
              heading={words.contractsNaming(member.name)}
              headingLevel={3}
              intro={words.suspendedReassignIntro}
            />
          )}
          {can['member.reinstate'] === true && (
            <>
              <ErrorMessage error={reinstate.error} />
              <button type="button" onClick={() => reinstate.mutate()} disabled={reinstate.isPending}>
                {reinstate.isPending ? words.reinstating : words.reinstate}
              </button>
            </>
          )}
        </>
      ) : (
        <>
          <h2>{words.suspendHeading}</h2>
          <p>{words.suspendIntro(company.name)}</p>
          <button
            type="button"
            className="danger"
            onClick={() => {
              suspend.reset();
              setConfirming(true);
            }}
          >
            {words.suspendMember}
          </button>
        </>
      )}
      <Confirm
        open={confirming}
        onOpenChange={setConfirming}
        title={words.suspendTitle(member.name)}
        consequences={
          <>
            <p>{words.suspendLosesAccess(member.name, company.name)}</p>
            <p>{words.suspendKeeps(contracts.length)}</p>
            <p>{words.suspendReversible}</p>
          </>
        }
        confirmLabel={words.suspend}
        busy={suspend.isPending}
        error={<ErrorMessage error={suspend.error} />}
        onConfirm={() => suspend.mutate()}
      />
    </div>
  );
}
