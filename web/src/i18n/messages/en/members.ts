import { formatsOf } from '../../format.js';

const f = formatsOf('en');

/** Settings › Members & Permissions: the members list, its filters, its selection and the suspended members. */
export const members = {
  title: 'Members & Permissions',
  export: 'Export',
  exportCsv: 'Members as CSV',
  exportJsonLines: 'Members as JSON Lines',
  invite: 'Invite members',
  invitationsSent: (count: number) => f.count(count, { one: '# invitation sent.', other: '# invitations sent.' }),

  search: 'Search members',
  searchPlaceholder: 'Name or email',
  /** The phone's button that shows the filters, with how many are set. */
  filter: 'Filter',
  filtersSet: (count: number) => `Filter (${f.number(count)})`,
  team: 'Team',
  allTeams: 'All teams',
  role: 'Role',
  anyRole: 'Any role',
  status: 'Status',
  everyone: 'Everyone',
  active: 'Active',
  suspended: 'Suspended',
  sortBy: 'Sort by',
  sorts: {
    'name.asc': 'Name, A to Z',
    'name.desc': 'Name, Z to A',
    'joined.desc': 'Joined, newest first',
    'joined.asc': 'Joined, oldest first',
  },
  matching: (count: number) => f.count(count, { one: '# member matches', other: '# members match' }),

  selectMember: (name: string) => `Select ${name}`,
  selectPage: 'Select all on this page',
  selectAllMatching: (total: number) => `Select all ${f.number(total)} matching`,
  bulkActions: 'Bulk actions',
  allMatchingSelected: (total: number) => f.count(total, { one: 'The # matching member selected', other: 'All # matching members selected' }),
  selected: (count: number) => `${f.number(count)} selected`,
  addToTeam: 'Add to team',
  setRolesInTeam: 'Set roles in team',
  removeFromTeam: 'Remove from team',
  suspend: 'Suspend',
  removeFromCompany: 'Remove from company',
  clearSelection: 'Clear selection',

  loading: 'Loading members…',
  loadingMore: 'Loading more members…',
  showMore: 'Show more members',
  noneMatch: 'No members match these filters.',
  none: 'No members yet.',
  /** The list's name (the table's caption, the phone's list). */
  list: 'Members',
  selectedColumn: 'Selected',
  name: 'Name',
  email: 'Email',
  teamsAndRoles: 'Teams and roles',
  joined: 'Joined',
  lastActive: 'Last active',
  twoFactor: 'Two-factor',
  actions: 'Actions',
  joinedOn: (day: string) => `Joined ${day}`,
  /** The owner's and admins' facts on a phone's card, after the day joined. */
  activityAndTwoFactor: (lastActive: string, twoFactor: string) => ` · Last active: ${lastActive} · Two-factor: ${twoFactor}`,
  notYetActive: 'Not yet',
  twoFactorOn: 'On',
  twoFactorOff: 'Off',
  twoFactorMissing: 'Two-factor authentication off',
  /** A team membership without a team role. */
  plainMember: 'Member',

  actionsFor: (name: string) => `Actions for ${name}`,
  viewDetails: 'View user details',
  editRoles: 'Edit member roles',
  suspendMember: 'Suspend member',
  removeMember: 'Remove member',

  suspendedHeading: 'Suspended members',
  suspendedIntro: (company: string) => `They cannot use ${company} until reinstated; their teams, roles and contracts are kept.`,
  moreSuspended: 'More suspended members: choose Status › Suspended below.',
  suspendedOn: (moment: string) => `Suspended on ${moment}`,
  noContractNames: (name: string) => `No contract names ${name}.`,
};
