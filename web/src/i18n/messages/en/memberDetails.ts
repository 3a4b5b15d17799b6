import { formatsOf } from '../../format.js';

const f = formatsOf('en');

/** One member's page: their teams and roles, contracts, suspension and removal; and the contracts to reassign that a removal or a suspension leaves. */
export const memberDetails = {
  loading: 'Loading the member…',
  backToMembers: 'Back to members',
  /** The link back to the list, above the member's name. */
  members: '← Members',
  suspended: 'Suspended',
  noCompanyRole: 'No company-wide role',
  editCompanyRoles: 'Edit company roles',
  teams: 'Teams',
  actionsFor: (team: string) => `Actions for ${team}`,
  editRoles: 'Edit member roles',
  leaveTeam: 'Leave team',
  removeFromTeam: 'Remove from team',
  plainMember: 'Member, no team role',
  addToTeam: 'Add to team',
  contracts: 'Contracts',
  youContactOfNone: 'You are the contact person of no contract.',
  contactOfNone: (name: string) => `${name} is the contact person of no contract.`,

  /** A notice's name for the member while their page is not read. */
  theMember: 'The member',
  removedFrom: (name: string, team: string) => `${name} was removed from ${team}.`,
  addedTo: (name: string, team: string) => `${name} was added to ${team}.`,
  theTeam: 'the team',

  leaveCompanyHeading: 'Leave the company',
  removeFromCompanyHeading: 'Remove from the company',
  leaveCompany: 'Leave company',
  removeMember: 'Remove member',
  removeFromTeamTitle: (name: string, team: string) => `Remove ${name} from ${team}?`,
  leaveTitle: (company: string) => `Leave ${company}?`,
  removeFromCompanyTitle: (name: string, company: string) => `Remove ${name} from ${company}?`,
  checkingYours: 'Checking what you hold now…',
  checking: (name: string) => `Checking what ${name} holds now…`,
  confirm: 'Confirm',
  youLoseTeamRoles: (team: string) => `You will lose the roles held in ${team}.`,
  losesTeamRoles: (name: string, team: string) => `${name} will lose the roles held in ${team}.`,
  yourLastTeam: (company: string) => ` This is your last team: you will no longer be a member of ${company}.`,
  theirLastTeam: (company: string) => ` This is their last team: they will no longer be a member of ${company}.`,
  youLoseAccess: (company: string) => `You will lose access to ${company} at once, and every team and role there:`,
  losesAccess: (name: string, company: string) => `${name} will lose access to ${company} at once, and every team and role there:`,
  companyRoles: (roles: string) => `Company roles: ${roles}`,
  yourInvitationsRevoked: 'Pending invitations you sent will be revoked.',
  theirInvitationsRevoked: 'Pending invitations they sent will be revoked.',

  editRolesTitle: (name: string, team: string) => `Edit member roles: ${name} in ${team}`,
  noRoleMeansPlain: 'A member with no role is a plain member of the team.',
  saveRoles: 'Save roles',
  addTitle: (name: string) => `Add ${name} to a team`,
  editCompanyRolesTitle: (name: string) => `Edit company roles: ${name}`,
  companyWideRoles: 'Company-wide roles',

  blockedHeading: (name: string) => `${name} is the contact person on active contracts`,
  blockedIntro: 'Reassign each contract to another hiring manager of its team, or end it. Then try the removal again.',
  trying: 'Trying…',
  tryRemovalAgain: 'Try the removal again',

  contractsNaming: (name: string) => `Contracts that still name ${name}`,
  reassignIntro: 'Reassign each to another hiring manager of its team, or end it.',
  itsTeam: 'its team',
  inTeam: (team: string) => `in ${team}`,
  reassign: 'Reassign contact person',
  endContract: 'End contract',
  ended: 'Ended.',
  reassignedTo: (name: string) => `Reassigned to ${name}.`,
  endTitle: (title: string) => `End the contract “${title}”?`,
  endConsequence: 'The contract ends now and cannot be resumed.',

  suspendedNotice: (name: string) => `${name} is suspended.`,
  reinstatedNotice: (name: string) => `${name} is reinstated.`,
  suspendedSince: (name: string, moment: string, company: string) =>
    `${name} was suspended on ${moment}: they cannot use ${company} until reinstated. Their teams, roles and contracts are kept.`,
  suspendedReassignIntro: 'They are the contact person of these contracts. Reassign each to another hiring manager of its team, or end it.',
  reinstating: 'Reinstating…',
  reinstate: 'Reinstate',
  suspendHeading: 'Suspend',
  suspendIntro: (company: string) => `Ends their access to ${company} at once; nothing they hold is taken away.`,
  suspendMember: 'Suspend member',
  suspendTitle: (name: string) => `Suspend ${name}?`,
  suspendLosesAccess: (name: string, company: string) =>
    `${name} will lose access to ${company} at once: every session and API token of theirs stops working here. Their other companies are not affected.`,
  suspendKeeps: (contracts: number) =>
    contracts === 0
      ? 'Their teams, roles and company roles are kept. Pending invitations they sent here will be revoked.'
      : `Their teams, roles and company roles are kept, and they stay the contact person of ${f.count(contracts, { one: '# contract', other: '# contracts' })}, which you can reassign or end. Pending invitations they sent here will be revoked.`,
  suspendReversible: 'Reinstating them gives back everything they had.',
  suspend: 'Suspend',
};
