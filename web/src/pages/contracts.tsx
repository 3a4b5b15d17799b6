import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useId, useRef, useState } from 'react';
import { Api, ApiError, type Company, type CompanyView, type Contract, type Member, type Team, type TeamPolicy } from '../api.js';
import { describeError, ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { messages } from '../i18n/messages.js';
import { Link } from '../router.js';
import { Confirm, FormModal, Loading } from '../ui.js';
import { useTeams } from './members.js';
import './contracts.css';

/** A contract of the list: with its contact person's name, null once they are no member. */
type ListedContract = Contract & { contactPersonName: string | null };
type ContractStatus = Contract['status'];

/** Which contracts a list shows: the API's filters. */
export interface ContractFilters {
  teamId?: string;
  contactPersonId?: string;
  status?: ContractStatus;
}

const STATUSES = ['active', 'paused', 'ended'] as const satisfies readonly ContractStatus[];
/** A status of the address or of the filter, or none. */
const statusOf = (value: string | null): ContractStatus | '' => STATUSES.find((status) => status === value) ?? '';

/** The teams where the viewer may do something with contracts, by the teams' `policies` (hidden teams take no new contracts). */
function teamsAllowing(teams: { items: Team[]; policies: TeamPolicy[] } | undefined, action: 'contract.create' | 'contract.manage'): Team[] {
  if (teams === undefined) return [];
  const allowed = new Set(teams.policies.filter((policy) => policy.can[action] === true).map((policy) => policy.teamId));
  return teams.items.filter((team) => !team.hidden && allowed.has(team.id));
}

/**
 * A list read 50 at a time by the API's cursor (API.md "Conventions"); what is shown stays on screen
 * while another query of it loads, so that nothing jumps.
 */
export function usePages<R extends { nextCursor: string | null }>(
  queryKey: readonly unknown[],
  read: (paging: { limit: number; cursor?: string }) => Promise<R>,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => read({ limit: 50, ...(pageParam === null ? {} : { cursor: pageParam }) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** "Show more …" (`label`) under a list read by pages, while there is more. */
export function ShowMore({
  pages,
  label,
}: {
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  label: string;
}) {
  if (!pages.hasNextPage) return null;
  return (
    <button type="button" className="secondary" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
      {pages.isFetchingNextPage ? messages().common.loading : label}
    </button>
  );
}

/**
 * The focus back on the control that opened a dialog once the dialog is gone (`open` false again):
 * Radix gives it back only to a Dialog.Trigger of its own, and these dialogs open from state.
 * Call the answer in the opener's click handler.
 */
export function useFocusReturn(open: boolean): () => void {
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (open) return;
    const element = opener.current;
    opener.current = null;
    if (element?.isConnected === true) element.focus();
  }, [open]);
  return () => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  };
}

/**
 * Settings › Contracts: every contract of the company, filtered by team and status (kept in the
 * address, so a filtered list can be shared), and New contract for whoever may create one somewhere.
 */
export function ContractsPage({ view, search, viewerId }: { view: CompanyView; search: URLSearchParams; viewerId: string }) {
  const { company } = view;
  const said = messages().contracts;
  const teams = useTeams(company.id);
  // The filters start from the address and are kept there, so that a filtered list can be shared.
  const [teamId, setTeamId] = useState(search.get('team') ?? '');
  const [status, setStatus] = useState(statusOf(search.get('status')));
  const teamSelectId = useId();
  const statusSelectId = useId();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    const text = new URLSearchParams([...(teamId === '' ? [] : [['team', teamId]]), ...(status === '' ? [] : [['status', status]])]).toString();
    window.history.replaceState(null, '', `/companies/${company.id}/contracts${text === '' ? '' : `?${text}`}`);
  }, [company.id, teamId, status]);
  const creatable = teamsAllowing(teams.data, 'contract.create');
  const rememberOpener = useFocusReturn(creating);
  return (
    <section aria-labelledby="contracts-heading" className="contracts-page">
      <div className="heading-row">
        <h1 id="contracts-heading">{said.title}</h1>
        {creatable.length > 0 && (
          <button
            type="button"
            onClick={() => {
              rememberOpener();
              setCreating(true);
            }}
          >
            {said.newContract}
          </button>
        )}
      </div>
      {notice !== null && <p role="status">{notice}</p>}
      <div className="filters" role="search" aria-label={said.filters}>
        <div className="field">
          <label htmlFor={teamSelectId}>{said.team}</label>
          <select id={teamSelectId} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">{said.allTeams}</option>
            {teams.data?.items.map((team) => (
              <option key={team.id} value={team.id}>
                {team.hidden ? said.hiddenTeam(team.name) : team.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={statusSelectId}>{said.status}</label>
          <select id={statusSelectId} value={status} onChange={(e) => setStatus(statusOf(e.target.value))}>
            <option value="">{said.anyStatus}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {said.statuses[value]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={teams.error} />
      <ContractList
        company={company}
        filters={{ ...(teamId === '' ? {} : { teamId }), ...(status === '' ? {} : { status }) }}
        headingLevel={2}
        empty={teamId !== '' || status !== '' ? said.noMatch : said.none}
      />
      {creating && (
        <CreateContract
          company={company}
          teams={creatable}
          viewerId={viewerId}
          onClose={() => setCreating(false)}
          onCreated={(contract) => setNotice(said.created(contract.title))}
        />
      )}
    </section>
  );
}

/** A list of contracts with the actions the server's `policies` allow on each, refusals shown on the contract itself. */
export function ContractList({
  company,
  filters,
  headingLevel,
  empty,
}: {
  company: Company;
  filters: ContractFilters;
  /** The level of each contract's title: below the heading of the list it sits in. */
  headingLevel: 2 | 3;
  empty: string;
}) {
  const client = useQueryClient();
  const said = messages().contracts;
  const teams = useTeams(company.id);
  const contracts = usePages(['contracts', company.id, filters], (paging) => Api.contracts(company.id, { ...filters, ...paging }));
  const [outcome, setOutcome] = useState<Record<string, { text: string; refused: boolean }>>({});
  const [reassigning, setReassigning] = useState<ListedContract | null>(null);
  const [moving, setMoving] = useState<ListedContract | null>(null);
  const [ending, setEnding] = useState<ListedContract | null>(null);
  const items = contracts.data?.pages.flatMap((page) => page.items) ?? [];
  const policies = new Map(contracts.data?.pages.flatMap((page) => page.policies).map((policy) => [policy.contractId, policy.can]));
  const teamName = (teamId: string) => teams.data?.items.find((team) => team.id === teamId)?.name ?? said.itsTeam;
  const movableInto = teamsAllowing(teams.data, 'contract.manage');
  const rememberOpener = useFocusReturn(reassigning !== null || moving !== null || ending !== null);

  const settled = async (contractId: string, text: string) => {
    setOutcome((current) => ({ ...current, [contractId]: { text, refused: false } }));
    await Promise.all([
      client.invalidateQueries({ queryKey: ['contracts', company.id] }),
      client.invalidateQueries({ queryKey: ['member', company.id] }),
    ]);
  };
  const setStatus = useMutation({
    mutationFn: ({ contract, status }: { contract: ListedContract; status: ContractStatus }) =>
      Api.changeContract(company.id, contract.id, { status }),
    onSuccess: async ({ contract }) => {
      setEnding(null);
      await settled(contract.id, contract.status === 'paused' ? said.paused : contract.status === 'ended' ? said.ended : said.resumed);
    },
    onError: async (error, { contract, status }) => {
      // An end is confirmed in a dialog, which shows its own refusal; a pause or resume is refused on the contract.
      if (status !== 'ended') setOutcome((current) => ({ ...current, [contract.id]: { text: describeRefusal(error), refused: true } }));
      // A refusal often means the contract or the viewer's roles changed meanwhile: show them as they are now.
      await client.invalidateQueries({ queryKey: ['contracts', company.id] });
    },
  });
  const Title = headingLevel === 2 ? 'h2' : 'h3';

  return (
    <div className="contract-list" aria-busy={contracts.isFetching}>
      {contracts.isPending && <Loading label={said.loading} reserve={5} />}
      <ErrorMessage error={contracts.error} />
      {contracts.isSuccess && items.length === 0 && <p role="status">{empty}</p>}
      {items.length > 0 && (
        <ul className="cards" aria-label={said.list}>
          {items.map((contract) => {
            const can = policies.get(contract.id) ?? {};
            const manage = can['contract.manage'] === true;
            const targets = movableInto.filter((team) => team.id !== contract.teamId);
            const result = outcome[contract.id];
            const busy = setStatus.isPending && setStatus.variables.contract.id === contract.id;
            return (
              <li key={contract.id} className="card contract" aria-labelledby={`contract-${contract.id}`}>
                <div className="card-head">
                  <Title id={`contract-${contract.id}`}>{contract.title}</Title>
                  <span className={`badge status-${contract.status}`}>{said.statuses[contract.status]}</span>
                </div>
                <dl className="facts">
                  <dt>{said.freelancer}</dt>
                  <dd>{contract.freelancerName}</dd>
                  <dt>{said.team}</dt>
                  <dd>
                    <Link href={`/companies/${company.id}/teams/${contract.teamId}`}>{teamName(contract.teamId)}</Link>
                  </dd>
                  <dt>{said.contactPerson}</dt>
                  <dd>
                    {contract.contactPersonName === null ? (
                      <span className="muted">{said.noLongerMember}</span>
                    ) : (
                      <Link href={`/companies/${company.id}/members/${contract.contactPersonId}`}>{contract.contactPersonName}</Link>
                    )}
                  </dd>
                </dl>
                {(can['contract.reassign'] === true || manage) && (
                  <div className="actions start" role="group" aria-label={said.actionsFor(contract.title)}>
                    {can['contract.reassign'] === true && (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => {
                          rememberOpener();
                          setReassigning(contract);
                        }}
                      >
                        {said.reassignContactPerson}
                      </button>
                    )}
                    {manage && (
                      <button
                        type="button"
                        className="secondary"
                        disabled={busy}
                        onClick={() => setStatus.mutate({ contract, status: contract.status === 'paused' ? 'active' : 'paused' })}
                      >
                        {busy ? messages().common.saving : contract.status === 'paused' ? said.resume : said.pause}
                      </button>
                    )}
                    {manage && targets.length > 0 && (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => {
                          rememberOpener();
                          setMoving(contract);
                        }}
                      >
                        {said.moveToAnotherTeam}
                      </button>
                    )}
                    {manage && (
                      <button
                        type="button"
                        className="secondary danger-text"
                        onClick={() => {
                          rememberOpener();
                          setStatus.reset();
                          setEnding(contract);
                        }}
                      >
                        {said.endContract}
                      </button>
                    )}
                  </div>
                )}
                {result !== undefined &&
                  (result.refused ? (
                    <p className="error" role="alert">
                      {result.text}
                    </p>
                  ) : (
                    <p role="status">{result.text}</p>
                  ))}
              </li>
            );
          })}
        </ul>
      )}
      <ShowMore pages={contracts} label={said.showMore} />

      {reassigning !== null && (
        <ReassignContactPerson
          company={company}
          contract={reassigning}
          teamName={teamName(reassigning.teamId)}
          excludeUserId={reassigning.contactPersonId}
          onClose={() => setReassigning(null)}
          onDone={(name) => {
            setReassigning(null);
            void settled(reassigning.id, said.reassignedTo(name));
          }}
        />
      )}
      {moving !== null && (
        <MoveContract
          company={company}
          contract={moving}
          teams={movableInto.filter((team) => team.id !== moving.teamId)}
          onClose={() => setMoving(null)}
          onDone={(team) => {
            setMoving(null);
            void settled(moving.id, said.movedTo(team));
          }}
        />
      )}
      <Confirm
        open={ending !== null}
        onOpenChange={(open) => {
          if (!open) setEnding(null);
        }}
        title={said.endTitle(ending?.title ?? '')}
        consequences={<p className="contract-dialog">{said.endConsequences(ending?.contactPersonName ?? null)}</p>}
        confirmLabel={said.endContract}
        busy={setStatus.isPending}
        error={<ErrorMessage error={setStatus.error} />}
        onConfirm={() => {
          if (ending !== null) setStatus.mutate({ contract: ending, status: 'ended' });
        }}
      />
    </div>
  );
}

/**
 * Picks a person who may be the contact person of a contract in a team (§3.3): its hiring managers,
 * or the owner if in the team. Who qualifies is the server's to say (`qualifies=contact_person`), by
 * the rule it enforces; it searches the whole team, 50 at a time, so a team of any size can be paged.
 */
export function ContactPersonPicker({
  company,
  teamId,
  teamName,
  excludeUserId,
  chosen,
  onChoose,
  label,
  none,
  prefer,
}: {
  company: Company;
  teamId: string;
  teamName: string;
  excludeUserId?: string;
  chosen: Member | null;
  onChoose: (member: Member | null) => void;
  label: string;
  /** The empty choice's words: "Choose a person", or what choosing nobody means ("Keep Hank"). */
  none: string;
  /** Chosen by itself once loaded, when nobody is chosen yet and they qualify (the viewer, creating a contract). */
  prefer?: string;
}) {
  const said = messages().contracts;
  const searchId = useId();
  const selectId = useId();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const filters = { teamId, q, qualifies: 'contact_person' as const };
  const people = usePages(['members', company.id, { ...filters, picker: true }], (paging) => Api.members(company.id, { ...filters, ...paging }));
  const candidates = (people.data?.pages.flatMap((page) => page.items) ?? []).filter((candidate) => candidate.userId !== excludeUserId);
  // The chosen person stays offered while another search shows others.
  const offered = chosen === null || candidates.some((candidate) => candidate.userId === chosen.userId) ? candidates : [chosen, ...candidates];
  const preferred = prefer === undefined ? undefined : candidates.find((candidate) => candidate.userId === prefer);
  useEffect(() => {
    if (chosen === null && preferred !== undefined) onChoose(preferred);
    // Only when the preferred person first shows up: a later "nobody" stays the person's choice.
  }, [preferred?.userId]);
  return (
    <div className="contact-person-picker contract-dialog">
      <div className="field">
        <label htmlFor={searchId}>{said.searchQualifying(teamName)}</label>
        <input id={searchId} type="search" placeholder={said.nameOrEmail} value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {people.isPending && <Loading label={said.loadingQualifying} />}
      <ErrorMessage error={people.error} />
      {people.isSuccess && offered.length === 0 && (
        <p role="status">
          {q === ''
            ? (excludeUserId === undefined ? said.nobodyQualifies : said.nobodyElseQualifies)(teamName)
            : said.noQualifyingMatch(q)}
        </p>
      )}
      <div className="field">
        <label htmlFor={selectId}>{label}</label>
        <select
          id={selectId}
          value={chosen?.userId ?? ''}
          onChange={(e) => onChoose(offered.find((candidate) => candidate.userId === e.target.value) ?? null)}
        >
          <option value="">{none}</option>
          {offered.map((candidate) => (
            <option key={candidate.userId} value={candidate.userId}>
              {candidate.isOwner ? said.owner(candidate.name) : candidate.name}
            </option>
          ))}
        </select>
      </div>
      <ShowMore pages={people} label={said.showMorePeople} />
    </div>
  );
}

/** Reassign a contract's contact person to someone who qualifies in its team (§3.3). */
export function ReassignContactPerson({
  company,
  contract,
  teamName,
  excludeUserId,
  onClose,
  onDone,
}: {
  company: Company;
  contract: { id: string; title: string; teamId: string };
  teamName: string;
  excludeUserId: string;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const said = messages().contracts;
  const [chosen, setChosen] = useState<Member | null>(null);
  const reassign = useMutation({
    mutationFn: () => Api.changeContract(company.id, contract.id, { contactPersonId: chosen?.userId ?? '' }),
    onSuccess: () => onDone(chosen?.name ?? said.newContactPersonFallback),
  });
  return (
    <FormModal
      onClose={onClose}
      title={said.reassignTitle(contract.title)}
      description={said.reassignDescription(teamName)}
      onSubmit={() => {
        if (chosen !== null) reassign.mutate();
      }}
      submitLabel={said.reassign}
      pendingLabel={said.reassigning}
      pending={reassign.isPending}
      canSubmit={chosen !== null}
    >
      <ContactPersonPicker
        company={company}
        teamId={contract.teamId}
        teamName={teamName}
        excludeUserId={excludeUserId}
        chosen={chosen}
        onChoose={setChosen}
        label={said.newContactPerson}
        none={said.choosePerson}
      />
      {reassign.error !== null && (
        <p className="error" role="alert">
          {describeRefusal(reassign.error)}
        </p>
      )}
    </FormModal>
  );
}

/**
 * Move a contract to another team where the viewer manages contracts (§4 "Contracts"): its contact
 * person must qualify there, so another may be named in the same step.
 */
function MoveContract({
  company,
  contract,
  teams,
  onClose,
  onDone,
}: {
  company: Company;
  contract: ListedContract;
  teams: Team[];
  onClose: () => void;
  onDone: (teamName: string) => void;
}) {
  const said = messages().contracts;
  const selectId = useId();
  const [teamId, setTeamId] = useState(teams[0]?.id ?? '');
  const [contact, setContact] = useState<Member | null>(null);
  const target = teams.find((team) => team.id === teamId);
  const move = useMutation({
    mutationFn: () => Api.changeContract(company.id, contract.id, { teamId, ...(contact === null ? {} : { contactPersonId: contact.userId }) }),
    onSuccess: () => onDone(target?.name ?? said.theTeam),
  });
  const current = contract.contactPersonName ?? said.theContactPerson;
  return (
    <FormModal
      onClose={onClose}
      title={said.moveTitle(contract.title)}
      description={said.moveDescription}
      onSubmit={() => move.mutate()}
      submitLabel={said.moveContract}
      pendingLabel={said.moving}
      pending={move.isPending}
      canSubmit={target !== undefined}
    >
      <div className="field">
        <label htmlFor={selectId}>{said.newTeam}</label>
        <select
          id={selectId}
          value={teamId}
          onChange={(e) => {
            setTeamId(e.target.value);
            setContact(null);
            move.reset();
          }}
        >
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </div>
      {target !== undefined && (
        <ContactPersonPicker
          key={target.id}
          company={company}
          teamId={target.id}
          teamName={target.name}
          chosen={contact}
          onChoose={setContact}
          label={said.contactPersonInNewTeam}
          none={said.keep(current)}
        />
      )}
      {move.error !== null && (
        <p className="error" role="alert">
          {describeRefusal(move.error)}
        </p>
      )}
    </FormModal>
  );
}

/** New contract: in a team where the viewer may create one, with a contact person who qualifies there. */
export function CreateContract({
  company,
  teams,
  teamId: presetTeamId,
  viewerId,
  onClose,
  onCreated,
}: {
  company: Company;
  /** The teams the viewer may create a contract in (not hidden). */
  teams: Team[];
  teamId?: string;
  viewerId?: string;
  onClose: () => void;
  onCreated: (contract: Contract) => void;
}) {
  const client = useQueryClient();
  const said = messages().contracts;
  const teamSelectId = useId();
  const [teamId, setTeamId] = useState(presetTeamId ?? teams[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [freelancerName, setFreelancerName] = useState('');
  const [contact, setContact] = useState<Member | null>(null);
  const team = teams.find((candidate) => candidate.id === teamId);
  const create = useMutation({
    mutationFn: () =>
      Api.createContract(company.id, { teamId, title, freelancerName, ...(contact === null ? {} : { contactPersonId: contact.userId }) }),
    onSuccess: async ({ contract }) => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['contracts', company.id] }),
        client.invalidateQueries({ queryKey: ['member', company.id] }),
      ]);
      onCreated(contract);
      onClose();
    },
  });
  return (
    <FormModal
      onClose={onClose}
      title={said.newContract}
      onSubmit={() => create.mutate()}
      submitLabel={said.createContract}
      pendingLabel={said.creating}
      pending={create.isPending}
      canSubmit={team !== undefined && contact !== null}
    >
      <FormError error={create.error} fields={['title', 'freelancerName']} />
      {presetTeamId === undefined && (
        <div className="field">
          <label htmlFor={teamSelectId}>{said.team}</label>
          <select
            id={teamSelectId}
            value={teamId}
            onChange={(e) => {
              setTeamId(e.target.value);
              setContact(null);
            }}
          >
            {teams.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <Field label={said.contractTitle} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} error={fieldMessage(create.error, 'title')} />
      <Field
        label={said.freelancerName}
        required
        maxLength={200}
        value={freelancerName}
        onChange={(e) => setFreelancerName(e.target.value)}
        error={fieldMessage(create.error, 'freelancerName')}
      />
      {team !== undefined && (
        <ContactPersonPicker
          key={team.id}
          company={company}
          teamId={team.id}
          teamName={team.name}
          chosen={contact}
          onChoose={setContact}
          label={said.contactPerson}
          none={said.choosePerson}
          {...(viewerId === undefined ? {} : { prefer: viewerId })}
        />
      )}
    </FormModal>
  );
}

/**
 * A contract change refused, in words that say what to do: the code's words with the server's
 * particulars (which team, that it has ended or is hidden), and for the guard's refusals (§3.3,
 * §4 "Contracts") the way out.
 */
export function describeRefusal(error: unknown): string {
  const words = describeError(error);
  if (!(error instanceof ApiError)) return words;
  if (error.code === 'NOT_HIRING_MANAGER') return `${words} ${messages().contracts.notHiringManager}`;
  if (error.code === 'FORBIDDEN') return `${words} ${messages().contracts.forbidden}`;
  return words;
}
