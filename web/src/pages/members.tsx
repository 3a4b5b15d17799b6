import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState, useSyncExternalStore } from 'react';
import { COMPANY_ROLES, TEAM_ROLES } from '../../../src/domain/roles.js';
import { Api, type CompanyView, type Member } from '../api.js';
import { ErrorMessage } from '../errors.js';
import { companyRoleNames, roleLabel } from '../roles.js';
import { Link, navigate } from '../router.js';
import { ActionsMenu, DownloadMenu, Loading, shownDay, shownMoment } from '../ui.js';
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

  const members = useInfiniteQuery({
    queryKey: ['members', company.id, { q, teamId, role, suspended: status, ...order }],
    queryFn: ({ pageParam }) =>
      Api.members(company.id, {
        q,
        teamId,
        role,
        ...(status === '' ? {} : { suspended: status }),
        ...order,
        limit: 50,
        ...(pageParam === null ? {} : { cursor: pageParam }),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  const showEmail = items.some((member) => member.email !== undefined);
  const showManaged = items.some((member) => member.twoFactorEnabled !== undefined);
  const filtered = q !== '' || teamId !== '' || role !== '' || status !== '';
  const detailsOf = (member: Member) => `/companies/${company.id}/members/${member.userId}`;
  const menuOf = (member: Member) => (
    <ActionsMenu label={`Actions for ${member.name}`} items={[{ label: 'View user details', onSelect: () => navigate(detailsOf(member)) }]} />
  );

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
        <div className="field">
          <label htmlFor={teamSelectId}>Team</label>
          <select id={teamSelectId} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">All teams</option>
            {teams.data?.items.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
                {team.hidden ? ' (hidden)' : ''}
              </option>
            ))}
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
      <ErrorMessage error={teams.error} />
      {can['member.suspend'] === true && <SuspendedMembers view={view} />}

      {members.isPending && <Loading what="members" />}
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
