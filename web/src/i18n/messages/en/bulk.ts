import type { BulkAction } from '../../../../../src/domain/bulk.js';
import { formatsOf } from '../../format.js';

const f = formatsOf('en');

/** Bulk changes of members: the team and roles to choose, the confirmation, and the report person by person. */
export const bulk = {
  /** Each action's button. */
  actions: {
    add_to_team: 'Add to team',
    set_team_roles: 'Set roles in team',
    remove_from_team: 'Remove from team',
    suspend: 'Suspend',
    remove_from_company: 'Remove from company',
  } satisfies Record<BulkAction, string>,
  /** How many of how many an action changed, as its report's heading says it. */
  outcomes: {
    add_to_team: (changed: number, total: number) => `${f.number(changed)} of ${f.number(total)} added`,
    set_team_roles: (changed: number, total: number) => `${f.number(changed)} of ${f.number(total)} given the new roles`,
    remove_from_team: (changed: number, total: number) => `${f.number(changed)} of ${f.number(total)} removed from the team`,
    suspend: (changed: number, total: number) => `${f.number(changed)} of ${f.number(total)} suspended`,
    remove_from_company: (changed: number, total: number) => `${f.number(changed)} of ${f.number(total)} removed`,
  } satisfies Record<BulkAction, (changed: number, total: number) => string>,
  /** One person picked whose name is not known. */
  theMember: 'the member',
  theTeam: 'the team',
  hiddenTeam: (name: string) => `${name} (hidden)`,

  /** The dialog choosing the team: the action, and for whom. */
  stepTitle: (action: string, whom: string) => `${action}: ${whom}`,
  continue: 'Continue',
  working: 'Working…',
  noTeam: 'There is no team you can do this in.',
  team: 'Team',
  chooseTeam: 'Choose a team',
  noRoleMeansPlain: 'None: a plain member of the team.',
  rolesIn: (team: string) => `Roles in ${team}`,

  removeFromTeamTitle: (whom: string, team: string) => `Remove ${whom} from ${team}?`,
  suspendTitle: (whom: string) => `Suspend ${whom}?`,
  removeFromCompanyTitle: (whom: string, company: string) => `Remove ${whom} from ${company}?`,
  oneLosesTeamRoles: (team: string, company: string) =>
    `They will lose the roles held in ${team}. Anyone for whom it is the last team will no longer be a member of ${company}.`,
  eachLosesTeamRoles: (team: string, company: string) =>
    `Each will lose the roles held in ${team}. Anyone for whom it is the last team will no longer be a member of ${company}.`,
  oneLosesAccess: (company: string) => `They will lose access to ${company} at once, and every team and role there.`,
  manyLoseAccess: (count: number, company: string) =>
    f.count(count, {
      one: `# member will lose access to ${company} at once, and every team and role there.`,
      other: `# members will lose access to ${company} at once, and every team and role there.`,
    }),
  oneInvitationsRevoked: 'Pending invitations they sent will be revoked.',
  eachInvitationsRevoked: 'Pending invitations each sent will be revoked.',
  oneSuspended: (company: string) =>
    `They will lose access to ${company} at once; teams, roles and contracts are kept, and pending invitations they sent are revoked. Reinstating gives back everything.`,
  manySuspended: (count: number, company: string) =>
    f.count(count, {
      one: `# member will lose access to ${company} at once; teams, roles and contracts are kept, and pending invitations they sent are revoked. Reinstating gives back everything.`,
      other: `# members will lose access to ${company} at once; teams, roles and contracts are kept, and pending invitations they sent are revoked. Reinstating gives back everything.`,
    }),
  skipped:
    'Anyone who cannot be changed (the account owner, a contact person of a running contract, someone you do not outrank) is left as they are and listed afterwards.',

  reportHeading: (action: string, team: string | null, outcome: string) => `${action}${team === null ? '' : ` (${team})`}: ${outcome}`,
  alreadySo: (count: number) => f.count(count, { one: '# member already so: nothing to change.', other: '# members already so: nothing to change.' }),
  nobodyRefused: 'Nobody was refused.',
  refusedCount: (count: number) => f.count(count, { one: '# member refused:', other: '# members refused:' }),
  refused: 'Refused.',
  noLongerMember: 'Someone who is no longer a member',
  contractsKeeping: (name: string) => `Contracts that keep ${name}`,
  retryIntro: 'Reassign each to another hiring manager of its team, or end it. Then try again.',
  trying: 'Trying…',
  tryAgainFor: (name: string) => `Try again for ${name}`,
  closeReport: 'Close the report',
};
