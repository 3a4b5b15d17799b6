import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useId, useState, useSyncExternalStore } from 'react';
import { COMPANY_ROLES, TEAM_ROLES } from '../../../src/domain/roles.js';
import { Api, type CompanyView, type Member, type MemberFilters } from '../api.js';
import { ErrorMessage } from '../errors.js';
import { companyRoleNames, roleLabel } from '../roles.js';
import { Link, navigate } from '../router.js';
import { ActionsMenu, DownloadMenu, Loading, shownDay, shownMoment, type MenuItem } from '../ui.js';
import { SelectBox, teamOptions, useBulkChange, type BulkTarget } from './bulk-actions.js';
import { InviteMembers } from './invitations.js';
import { ContractsToReassign } from './member-details.js';

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
  const companyWide = companyRoleNames(member);
  return (
    <ul className="plain">
      {companyWide.length > 0 && <li className="badge-line">{companyWide.join(', ')}</li>}
      {member.suspendedAt !== null && (
        <li>
          <span className="badge suspended">Suspended</span>
        </li>
      )}
      {member.lacksTwoFactor === true && <li className="badge-line two-factor-missing">Two-factor authentication off</li>}
      {member.teams.map((team) => (
        <li key={team.teamId}>
          <strong>{team.teamName}</strong>
          {team.roles.length > 0 ? ` — ${team.roles.map(roleLabel).join(', ')}` : ' — Member'}
        </li>
      ))}
    </ul>
  );
}

/** The list's orders: a sort and its direction, as the sort control offers them. */
const SORTS = {
  'name.asc': 'Name, A to Z',
  'name.desc': 'Name, Z to A',
  'joined.desc': 'Joined, newest first',
  'joined.asc': 'Joined, oldest first',
} as const;
type SortChoice = keyof typeof SORTS;
const sortOf = (choice: SortChoice) => {
  const [sort, order] = choice.split('.') as ['name' | 'joined', 'asc' | 'desc'];
  return { sort, order };
};

/** When a member joined, and, for the owner and admins, the last day they used Roster and whether two-factor is on. */
const joinedWords = (member: Member) => (member.joinedAt === undefined ? '' : shownDay(member.joinedAt));
const lastActiveWords = (member: Member) => (member.lastActiveOn == null ? 'Not yet' : shownDay(member.lastActiveOn));
const twoFactorWords = (member: Member) => (member.twoFactorEnabled === true ? 'On' : 'Off');

/** The members export with the list's filters as they are on the page (empty ones left out). */
function exportUrl(companyId: string, filters: Record<string, string>): string {
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
  return `/api/v1/companies/${encodeURIComponent(companyId)}/members/export?${query.toString()}`;
}

/** Settings › Members & Permissions: the members list, with search, a team selector and a role filter. */
export function MembersPage({ view }: { view: CompanyView }) {
  const { company, can } = view;
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
    selecting && <SelectBox label={`Select ${member.name}`} checked={isPicked(member)} onCheckedChange={(on) => pick(member, on)} />;

  // The (…) menu of a row: what the viewer may do to that member, as the server's policies say.
  const menuOf = (member: Member) => {
    const memberCan = policyOf.get(member.userId) ?? {};
    const one: BulkTarget = { kind: 'members', members: new Map([[member.userId, member.name]]) };
    const managedIn = bulk.managed.filter(({ team }) => member.teams.some((held) => held.teamId === team.id));
    const addable = bulk.managed.filter(({ team }) => !team.hidden && !member.teams.some((held) => held.teamId === team.id));
    const items: MenuItem[] = [
      { label: 'View user details', onSelect: () => navigate(detailsOf(member)) },
      ...(managedIn.length > 0 && !member.isOwner && memberCan['member.leave'] !== true
        ? [{ label: 'Edit member roles', onSelect: () => bulk.start({ action: 'set_team_roles', target: one, member }) }]
        : []),
      ...(addable.length > 0 ? [{ label: 'Add to team', onSelect: () => bulk.start({ action: 'add_to_team', target: one, member }) }] : []),
      ...(managedIn.length > 0 && !member.isOwner && memberCan['member.leave'] !== true
        ? [{ label: 'Remove from team', danger: true, onSelect: () => bulk.start({ action: 'remove_from_team', target: one, member }) }]
        : []),
      ...(memberCan['member.suspend'] === true
        ? [{ label: 'Suspend member', danger: true, onSelect: () => bulk.start({ action: 'suspend', target: one, member }) }]
        : []),
      ...(memberCan['member.removeFromCompany'] === true
        ? [{ label: 'Remove member', danger: true, onSelect: () => bulk.start({ action: 'remove_from_company', target: one, member }) }]
        : []),
    ];
    return <ActionsMenu label={`Actions for ${member.name}`} items={items} />;
  };

  return (
    <section aria-labelledby="members-heading">
      <div className="heading-row">
        <h1 id="members-heading">Members &amp; Permissions</h1>
        <div className="heading-actions">
          {can['member.export'] === true && (
            <DownloadMenu
              label="Export"
              links={(['csv', 'jsonl'] as const).map((format) => ({
                label: format === 'csv' ? 'Members as CSV' : 'Members as JSON Lines',
                href: exportUrl(company.id, { q, teamId, role, suspended: status, ...order, format }),
              }))}
            />
          )}
          {can['member.invite'] === true && (
            <button type="button" onClick={() => setInviting(true)}>
              Invite members
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
          onSent={(count) => setNotice(`${count} invitation${count === 1 ? '' : 's'} sent.`)}
        />
      )}
      {notice !== null && <p role="status">{notice}</p>}

      <div className="filters" role="search">
        <div className="field">
          <label htmlFor={searchId}>Search members</label>
          <input id={searchId} type="search" placeholder="Name or email" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        {phone && (
          <button
            type="button"
            className="secondary filter-toggle"
            aria-expanded={filtersOpen}
            aria-controls={moreFiltersId}
            onClick={() => setFiltersOpen((open) => !open)}
          >
            Filter{activeFilters > 0 ? ` (${activeFilters})` : ''}
          </button>
        )}
        <div className="filters more-filters" id={moreFiltersId} hidden={phone && !filtersOpen}>
          <div className="field">
            <label htmlFor={teamSelectId}>Team</label>
            <select id={teamSelectId} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">All teams</option>
              {teamOptions(teams.data?.items ?? [])}
            </select>
          </div>
          <div className="field">
            <label htmlFor={roleSelectId}>Role</label>
            <select id={roleSelectId} value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="">Any role</option>
              {(['owner', ...COMPANY_ROLES, ...TEAM_ROLES] as const).map((value) => (
                <option key={value} value={value}>
                  {roleLabel(value)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={statusSelectId}>Status</label>
            <select id={statusSelectId} value={status} onChange={(e) => setStatus(e.target.value as '' | 'true' | 'false')}>
              <option value="">Everyone</option>
              <option value="false">Active</option>
              <option value="true">Suspended</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={sortSelectId}>Sort by</label>
            <select id={sortSelectId} value={sortChoice} onChange={(e) => setSortChoice(e.target.value as SortChoice)}>
              {Object.entries(SORTS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <p className="muted member-count" aria-live="polite">
        {total === undefined ? '' : filtered ? `${total} member${total === 1 ? '' : 's'} match` : `${total} member${total === 1 ? '' : 's'}`}
      </p>
      <ErrorMessage error={teams.error} />
      {can['member.suspend'] === true && <SuspendedMembers view={view} />}

      {bulk.element}
      {selecting && items.length > 0 && (
        <div className="selection-row">
          <label className="select-all">
            <SelectBox label="Select all on this page" checked={pageState} onCheckedChange={pickPage} />
            <span aria-hidden="true">Select all on this page</span>
          </label>
          {pageState === true && !allMatching && total !== undefined && total > items.length && (
            <button type="button" className="secondary" onClick={() => setAllMatching(true)}>
              Select all {total} matching
            </button>
          )}
        </div>
      )}
      {target !== null && (
        <section className="bulk-bar" aria-label="Bulk actions">
          <p role="status">
            {allMatching ? `All ${total ?? 0} matching members selected` : `${picked.size} selected`}
          </p>
          <div className="bulk-buttons">
            {bulk.managed.some(({ team }) => !team.hidden) && (
              <button type="button" className="secondary" onClick={() => bulk.start({ action: 'add_to_team', target })}>
                Add to team
              </button>
            )}
            {bulk.managed.length > 0 && (
              <>
                <button type="button" className="secondary" onClick={() => bulk.start({ action: 'set_team_roles', target })}>
                  Set roles in team
                </button>
                <button type="button" className="secondary" onClick={() => bulk.start({ action: 'remove_from_team', target })}>
                  Remove from team
                </button>
              </>
            )}
            {can['member.suspend'] === true && (target.kind === 'matching' || [...picked.keys()].some((id) => policyOf.get(id)?.['member.suspend'] === true)) && (
              <button type="button" className="danger" onClick={() => bulk.start({ action: 'suspend', target })}>
                Suspend
              </button>
            )}
            {(target.kind === 'matching' ? bulk.managed.length > 0 : [...picked.keys()].some((id) => policyOf.get(id)?.['member.removeFromCompany'] === true)) && (
              <button type="button" className="danger" onClick={() => bulk.start({ action: 'remove_from_company', target })}>
                Remove from company
              </button>
            )}
            <button type="button" className="secondary" onClick={clearSelection}>
              Clear selection
            </button>
          </div>
        </section>
      )}
      {members.isPending && <Loading label="Loading members…" />}
      <ErrorMessage error={members.error} />
      {members.isSuccess && items.length === 0 && (
        <p role="status">{filtered ? 'No members match these filters.' : 'No members yet.'}</p>
      )}
      {items.length > 0 &&
        (phone ? (
          <ul className="cards" aria-label="Members">
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
                  Joined {joinedWords(member)}
                  {showManaged && ` · Last active: ${lastActiveWords(member)} · Two-factor: ${twoFactorWords(member)}`}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <table className="members">
            <caption className="visually-hidden">Members</caption>
            <thead>
              <tr>
                {selecting && (
                  <th scope="col" className="select-cell">
                    <span className="visually-hidden">Selected</span>
                  </th>
                )}
                <th scope="col">Name</th>
                {showEmail && <th scope="col">Email</th>}
                <th scope="col">Teams and roles</th>
                <th scope="col">Joined</th>
                {showManaged && <th scope="col">Last active</th>}
                {showManaged && <th scope="col">Two-factor</th>}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
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
          {members.isFetchingNextPage ? 'Loading…' : 'Show more members'}
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
  if (suspended.error) return <ErrorMessage error={suspended.error} />;
  if (items.length === 0) return null;
  return (
    <section className="suspended-members" aria-labelledby="suspended-heading">
      <h2 id="suspended-heading">Suspended members</h2>
      <p>They cannot use {company.name} until reinstated; their teams, roles and contracts are kept.</p>
      <ul className="plain">
        {items.map((member) => (
          <li key={member.userId} className="card">
            <SuspendedMember company={company} member={member} />
          </li>
        ))}
      </ul>
      {suspended.data?.nextCursor != null && <p className="muted">More suspended members: choose Status › Suspended below.</p>}
    </section>
  );
}

/** One suspended member: since when, and the contracts that still name them (from their page's query). */
function SuspendedMember({ company, member }: { company: CompanyView['company']; member: Member }) {
  const details = useQuery({ queryKey: ['member', company.id, member.userId], queryFn: () => Api.member(company.id, member.userId) });
  const contracts = details.data?.contracts ?? [];
  return (
    <>
      <div className="card-head">
        <h3>
          <Link href={`/companies/${company.id}/members/${member.userId}`}>{member.name}</Link>
        </h3>
      </div>
      <p className="muted">Suspended on {shownMoment(member.suspendedAt ?? '')}</p>
      <ErrorMessage error={details.error} />
      {details.isSuccess && contracts.length === 0 && <p role="status">No contract names {member.name}.</p>}
      {contracts.length > 0 && (
        <ContractsToReassign
          company={company}
          member={member}
          contracts={contracts}
          heading={`Contracts that still name ${member.name}`}
          headingLevel={4}
          intro="Reassign each to another hiring manager of its team, or end it."
        />
      )}
    </>
  );
}
