import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useId, useState, useSyncExternalStore } from 'react';
import { COMPANY_ROLES, TEAM_ROLES } from '../../../src/domain/roles.js';
import { Api, type CompanyView, type Member, type MemberFilters } from '../api.js';
import { ErrorMessage } from '../errors.js';
import { messages } from '../i18n/messages.js';
import { companyRoleNames, roleLabel, roleLabels } from '../roles.js';
import { Link, navigate } from '../router.js';
import { ActionsMenu, DownloadMenu, Loading, shownDay, shownMoment, type MenuItem } from '../ui.js';
import { SelectBox, teamOptions, useBulkChange, type BulkTarget } from './bulk-actions.js';
import { InviteMembers } from './invitations.js';
import { ContractsToReassign } from './member-details.js';

/** The words of the members list, in the page's language. */
const said = () => messages().members;

/** Whether a media query matches now, following changes (the phone layout below 700px). */
export function useMediaQuery(queryText: string): boolean {
  return useSyncExternalStore(
    (listener) => {
      const list = window.matchMedia(queryText);
      list.addEventListener('change', listener);
      return () => list.removeEventListener('change', listener);
    },
    () => window.matchMedia(queryText).matches,
  );
}

/** The teams of a company, shared by every screen of it. */
export const useTeams = (companyId: string) =>
  useQuery({ queryKey: ['teams', companyId], queryFn: () => Api.teams(companyId) });

/** A member's teams with their roles, as short text: "Design (Team admin, Recruiter)". */
function TeamsAndRoles({ member }: { member: Member }) {
  const words = said();
  const companyWide = companyRoleNames(member);
  return (
    <ul className="plain">
      {companyWide.length > 0 && <li className="badge-line">{companyWide.join(', ')}</li>}
      {member.suspendedAt !== null && (
        <li>
          <span className="badge suspended">{words.suspended}</span>
        </li>
      )}
      {member.lacksTwoFactor === true && <li className="badge-line two-factor-missing">{words.twoFactorMissing}</li>}
      {member.teams.map((team) => (
        <li key={team.teamId}>
          <strong>{team.teamName}</strong>
          {` — ${team.roles.length > 0 ? roleLabels(team.roles) : words.plainMember}`}
        </li>
      ))}
    </ul>
  );
}

/** The list's orders: a sort and its direction, as the sort control offers them (named in the catalogue). */
const SORTS = ['name.asc', 'name.desc', 'joined.desc', 'joined.asc'] as const;
type SortChoice = (typeof SORTS)[number];
const sortOf = (choice: SortChoice) => {
  const [sort, order] = choice.split('.') as ['name' | 'joined', 'asc' | 'desc'];
  return { sort, order };
};

/** When a member joined, and, for the owner and admins, the last day they used Roster and whether two-factor is on. */
const joinedWords = (member: Member) => (member.joinedAt === undefined ? '' : shownDay(member.joinedAt));
const lastActiveWords = (member: Member) => (member.lastActiveOn == null ? said().notYetActive : shownDay(member.lastActiveOn));
const twoFactorWords = (member: Member) => (member.twoFactorEnabled === true ? said().twoFactorOn : said().twoFactorOff);

/** The members export with the list's filters as they are on the page (empty ones left out). */
function exportUrl(companyId: string, filters: Record<string, string>): string {
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
  return `/api/v1/companies/${encodeURIComponent(companyId)}/members/export?${query.toString()}`;
}

/** Settings › Members & Permissions: the members list, with search, a team selector and a role filter. */
export function MembersPage({ view }: { view: CompanyView }) {
  const { company, can } = view;
  const words = said();
  const [search, setSearch] = useState('');
  const [teamId, setTeamId] = useState('');
  const [role, setRole] = useState('');
  const [status, setStatus] = useState<'' | 'true' | 'false'>('');
  const [sortChoice, setSortChoice] = useState<SortChoice>('name.asc');
  const order = sortOf(sortChoice);
  const [inviting, setInviting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const q = useDeferredValue(search.trim());
  const phone = useMediaQuery('(max-width: 700px)');
  const teams = useTeams(company.id);
  const searchId = useId();
  const teamSelectId = useId();
  const roleSelectId = useId();
  const statusSelectId = useId();
  const sortSelectId = useId();
  const moreFiltersId = useId();
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilters = [teamId, role, status].filter((value) => value !== '').length;

  // The filters set (an empty one is none): the list's, the count's, and those of "all matching".
  const filters: MemberFilters = {
    ...(q === '' ? {} : { q }),
    ...(teamId === '' ? {} : { teamId }),
    // The select offers the filter's own roles alone.
    ...(role === '' ? {} : { role: role as NonNullable<MemberFilters['role']> }),
    ...(status === '' ? {} : { suspended: status }),
  };
  const members = useInfiniteQuery({
    queryKey: ['members', company.id, { q, teamId, role, suspended: status, ...order }],
    queryFn: ({ pageParam }) =>
      Api.members(company.id, {
        ...filters,
        ...order,
        limit: 50,
        ...(pageParam === null ? {} : { cursor: pageParam }),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  // The number of members matching, counted apart so that the list's pages stay as fast.
  const count = useQuery({
    queryKey: ['members-count', company.id, { q, teamId, role, suspended: status }],
    queryFn: () => Api.countMembers(company.id, filters),
  });
  const total = count.data?.total;
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  const policyOf = new Map((members.data?.pages.flatMap((page) => page.policies) ?? []).map((policy) => [policy.userId, policy.can]));
  const showEmail = items.some((member) => member.email !== undefined);
  const showManaged = items.some((member) => member.twoFactorEnabled !== undefined);
  const filtered = q !== '' || teamId !== '' || role !== '' || status !== '';
  const detailsOf = (member: Member) => `/companies/${company.id}/members/${member.userId}`;

  // Selection for bulk changes: members picked one by one, or every member the filters match.
  const [picked, setPicked] = useState<ReadonlyMap<string, string>>(new Map());
  const [allMatching, setAllMatching] = useState(false);
  const clearSelection = () => {
    setPicked(new Map());
    setAllMatching(false);
  };
  const filterKey = JSON.stringify([q, teamId, role, status]);
  useEffect(clearSelection, [filterKey]);
  const bulk = useBulkChange({ company, teams: teams.data?.items ?? [], policies: teams.data?.policies ?? [], onFinished: clearSelection });
  const selecting = bulk.managed.length > 0 || can['member.suspend'] === true;
  const target: BulkTarget | null = allMatching
    ? { kind: 'matching', filters, total: total ?? 0 }
    : picked.size > 0
      ? { kind: 'members', members: picked }
      : null;
  const pick = (member: Member, on: boolean) => {
    setAllMatching(false);
    setPicked((current) => {
      const next = new Map(current);
      if (on) next.set(member.userId, member.name);
      else next.delete(member.userId);
      return next;
    });
  };
  const pageState: boolean | 'indeterminate' =
    allMatching || (items.length > 0 && items.every((member) => picked.has(member.userId)))
      ? true
      : items.some((member) => picked.has(member.userId))
        ? 'indeterminate'
        : false;
  const pickPage = (on: boolean) => {
    setAllMatching(false);
    setPicked(on ? new Map(items.map((member) => [member.userId, member.name])) : new Map());
  };
  const isPicked = (member: Member) => allMatching || picked.has(member.userId);
  const selectBox = (member: Member) =>
    selecting && <SelectBox label={words.selectMember(member.name)} checked={isPicked(member)} onCheckedChange={(on) => pick(member, on)} />;

  // The (…) menu of a row: what the viewer may do to that member, as the server's policies say.
  const menuOf = (member: Member) => {
    const memberCan = policyOf.get(member.userId) ?? {};
    const one: BulkTarget = { kind: 'members', members: new Map([[member.userId, member.name]]) };
    const managedIn = bulk.managed.filter(({ team }) => member.teams.some((held) => held.teamId === team.id));
    const addable = bulk.managed.filter(({ team }) => !team.hidden && !member.teams.some((held) => held.teamId === team.id));
    const items: MenuItem[] = [
      { label: words.viewDetails, onSelect: () => navigate(detailsOf(member)) },
      ...(managedIn.length > 0 && !member.isOwner && memberCan['member.leave'] !== true
        ? [{ label: words.editRoles, onSelect: () => bulk.start({ action: 'set_team_roles', target: one, member }) }]
        : []),
      ...(addable.length > 0 ? [{ label: words.addToTeam, onSelect: () => bulk.start({ action: 'add_to_team', target: one, member }) }] : []),
      ...(managedIn.length > 0 && !member.isOwner && memberCan['member.leave'] !== true
        ? [{ label: words.removeFromTeam, danger: true, onSelect: () => bulk.start({ action: 'remove_from_team', target: one, member }) }]
        : []),
      ...(memberCan['member.suspend'] === true
        ? [{ label: words.suspendMember, danger: true, onSelect: () => bulk.start({ action: 'suspend', target: one, member }) }]
        : []),
      ...(memberCan['member.removeFromCompany'] === true
        ? [{ label: words.removeMember, danger: true, onSelect: () => bulk.start({ action: 'remove_from_company', target: one, member }) }]
        : []),
    ];
    return <ActionsMenu label={words.actionsFor(member.name)} items={items} />;
  };

  return (
    <section aria-labelledby="members-heading">
      <div className="heading-row">
        <h1 id="members-heading">{words.title}</h1>
        <div className="heading-actions">
          {can['member.export'] === true && (
            <DownloadMenu
              label={words.export}
              links={(['csv', 'jsonl'] as const).map((format) => ({
                label: format === 'csv' ? words.exportCsv : words.exportJsonLines,
                href: exportUrl(company.id, { q, teamId, role, suspended: status, ...order, format }),
              }))}
            />
          )}
          {can['member.invite'] === true && (
            <button type="button" onClick={() => setInviting(true)}>
              {words.invite}
            </button>
          )}
        </div>
      </div>
      {inviting && (
        <InviteMembers
          company={company}
          invitableCompanyRoles={view.invitableCompanyRoles}
          open={inviting}
          onOpenChange={setInviting}
          onSent={(count) => setNotice(said().invitationsSent(count))}
        />
      )}
      {notice !== null && <p role="status">{notice}</p>}

      <div className="filters" role="search">
        <div className="field">
          <label htmlFor={searchId}>{words.search}</label>
          <input id={searchId} type="search" placeholder={words.searchPlaceholder} value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        {phone && (
          <button
            type="button"
            className="secondary filter-toggle"
            aria-expanded={filtersOpen}
            aria-controls={moreFiltersId}
            onClick={() => setFiltersOpen((open) => !open)}
          >
            {activeFilters > 0 ? words.filtersSet(activeFilters) : words.filter}
          </button>
        )}
        <div className="filters more-filters" id={moreFiltersId} hidden={phone && !filtersOpen}>
          <div className="field">
            <label htmlFor={teamSelectId}>{words.team}</label>
            <select id={teamSelectId} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">{words.allTeams}</option>
              {teamOptions(teams.data?.items ?? [])}
            </select>
          </div>
          <div className="field">
            <label htmlFor={roleSelectId}>{words.role}</label>
            <select id={roleSelectId} value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="">{words.anyRole}</option>
              {(['owner', ...COMPANY_ROLES, ...TEAM_ROLES] as const).map((value) => (
                <option key={value} value={value}>
                  {roleLabel(value)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={statusSelectId}>{words.status}</label>
            <select id={statusSelectId} value={status} onChange={(e) => setStatus(e.target.value as '' | 'true' | 'false')}>
              <option value="">{words.everyone}</option>
              <option value="false">{words.active}</option>
              <option value="true">{words.suspended}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={sortSelectId}>{words.sortBy}</label>
            <select id={sortSelectId} value={sortChoice} onChange={(e) => setSortChoice(e.target.value as SortChoice)}>
              {SORTS.map((value) => (
                <option key={value} value={value}>
                  {words.sorts[value]}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <p className="muted member-count" aria-live="polite">
        {total === undefined ? '' : filtered ? words.matching(total) : messages().common.members(total)}
      </p>
      <ErrorMessage error={teams.error} />
      {can['member.suspend'] === true && <SuspendedMembers view={view} />}

      {bulk.element}
      {selecting && items.length > 0 && (
        <div className="selection-row">
          <label className="select-all">
            <SelectBox label={words.selectPage} checked={pageState} onCheckedChange={pickPage} />
            <span aria-hidden="true">{words.selectPage}</span>
          </label>
          {pageState === true && !allMatching && total !== undefined && total > items.length && (
            <button type="button" className="secondary" onClick={() => setAllMatching(true)}>
              {words.selectAllMatching(total)}
            </button>
          )}
        </div>
      )}
      {target !== null && (
        <section className="bulk-bar" aria-label={words.bulkActions}>
          <p role="status">
            {allMatching ? words.allMatchingSelected(total ?? 0) : words.selected(picked.size)}
          </p>
          <div className="bulk-buttons">
            {bulk.managed.some(({ team }) => !team.hidden) && (
              <button type="button" className="secondary" onClick={() => bulk.start({ action: 'add_to_team', target })}>
                {words.addToTeam}
              </button>
            )}
            {bulk.managed.length > 0 && (
              <>
                <button type="button" className="secondary" onClick={() => bulk.start({ action: 'set_team_roles', target })}>
                  {words.setRolesInTeam}
                </button>
                <button type="button" className="secondary" onClick={() => bulk.start({ action: 'remove_from_team', target })}>
                  {words.removeFromTeam}
                </button>
              </>
            )}
            {can['member.suspend'] === true && (target.kind === 'matching' || [...picked.keys()].some((id) => policyOf.get(id)?.['member.suspend'] === true)) && (
              <button type="button" className="danger" onClick={() => bulk.start({ action: 'suspend', target })}>
                {words.suspend}
              </button>
            )}
            {(target.kind === 'matching' ? bulk.managed.length > 0 : [...picked.keys()].some((id) => policyOf.get(id)?.['member.removeFromCompany'] === true)) && (
              <button type="button" className="danger" onClick={() => bulk.start({ action: 'remove_from_company', target })}>
                {words.removeFromCompany}
              </button>
            )}
            <button type="button" className="secondary" onClick={clearSelection}>
              {words.clearSelection}
            </button>
          </div>
        </section>
      )}
      {members.isPending && <Loading label={words.loading} reserve={10} />}
      <ErrorMessage error={members.error} />
      {members.isSuccess && items.length === 0 && (
        <p role="status">{filtered ? words.noneMatch : words.none}</p>
      )}
      {items.length > 0 &&
        (phone ? (
          <ul className="cards" aria-label={words.list}>
            {items.map((member) => (
              <li key={member.userId} className="card">
                <div className="card-head">
                  {selectBox(member)}
                  <Link href={detailsOf(member)} className="member-name">
                    {member.name}
                  </Link>
                  {menuOf(member)}
                </div>
                {member.email !== undefined && <p className="muted email">{member.email}</p>}
                <TeamsAndRoles member={member} />
                <p className="muted">
                  {words.joinedOn(joinedWords(member))}
                  {showManaged && words.activityAndTwoFactor(lastActiveWords(member), twoFactorWords(member))}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <table className="members">
            <caption className="visually-hidden">{words.list}</caption>
            <thead>
              <tr>
                {selecting && (
                  <th scope="col" className="select-cell">
                    <span className="visually-hidden">{words.selectedColumn}</span>
                  </th>
                )}
                <th scope="col">{words.name}</th>
                {showEmail && <th scope="col">{words.email}</th>}
                <th scope="col">{words.teamsAndRoles}</th>
                <th scope="col">{words.joined}</th>
                {showManaged && <th scope="col">{words.lastActive}</th>}
                {showManaged && <th scope="col">{words.twoFactor}</th>}
                <th scope="col">
                  <span className="visually-hidden">{words.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((member) => (
                <tr key={member.userId}>
                  {selecting && <td className="select-cell">{selectBox(member)}</td>}
                  <th scope="row">
                    <Link href={detailsOf(member)}>{member.name}</Link>
                  </th>
                  {showEmail && <td className="email">{member.email ?? ''}</td>}
                  <td>
                    <TeamsAndRoles member={member} />
                  </td>
                  <td>{joinedWords(member)}</td>
                  {showManaged && <td>{lastActiveWords(member)}</td>}
                  {showManaged && <td>{twoFactorWords(member)}</td>}
                  <td className="row-actions">{menuOf(member)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {members.hasNextPage && (
        <button type="button" className="secondary" disabled={members.isFetchingNextPage} onClick={() => void members.fetchNextPage()}>
          {members.isFetchingNextPage ? words.loadingMore : words.showMore}
        </button>
      )}
    </section>
  );
}

/**
 * §4 "Suspend and reinstate", for whoever suspends members: the suspended members apart, above the
 * list, each with the contracts that still name them and Reassign and End in place.
 */
function SuspendedMembers({ view }: { view: CompanyView }) {
  const { company } = view;
  const suspended = useQuery({
    queryKey: ['members', company.id, { suspended: 'true', section: true }],
    queryFn: () => Api.members(company.id, { suspended: 'true', limit: 50 }),
  });
  const items = suspended.data?.items ?? [];
  const words = said();
  if (suspended.error) return <ErrorMessage error={suspended.error} />;
  if (items.length === 0) return null;
  return (
    <section className="suspended-members" aria-labelledby="suspended-heading">
      <h2 id="suspended-heading">{words.suspendedHeading}</h2>
      <p>{words.suspendedIntro(company.name)}</p>
      <ul className="plain">
        {items.map((member) => (
          <li key={member.userId} className="card">
            <SuspendedMember company={company} member={member} />
          </li>
        ))}
      </ul>
      {suspended.data?.nextCursor != null && <p className="muted">{words.moreSuspended}</p>}
    </section>
  );
}

/** One suspended member: since when, and the contracts that still name them (from their page's query). */
function SuspendedMember({ company, member }: { company: CompanyView['company']; member: Member }) {
  const details = useQuery({ queryKey: ['member', company.id, member.userId], queryFn: () => Api.member(company.id, member.userId) });
  const contracts = details.data?.contracts ?? [];
  const words = said();
  return (
    <>
      <div className="card-head">
        <h3>
          <Link href={`/companies/${company.id}/members/${member.userId}`}>{member.name}</Link>
        </h3>
      </div>
      <p className="muted">{words.suspendedOn(shownMoment(member.suspendedAt ?? ''))}</p>
      <ErrorMessage error={details.error} />
      {details.isSuccess && contracts.length === 0 && <p role="status">{words.noContractNames(member.name)}</p>}
      {contracts.length > 0 && (
        <ContractsToReassign
          company={company}
          member={member}
          contracts={contracts}
          heading={messages().memberDetails.contractsNaming(member.name)}
          headingLevel={4}
          intro={messages().memberDetails.reassignIntro}
        />
      )}
    </>
  );
}
