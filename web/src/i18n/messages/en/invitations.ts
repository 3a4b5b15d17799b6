import { formatsOf } from '../../format.js';

const f = formatsOf('en');

/** The pending invitations, and the Invite dialog. */
export const invitations = {
  // Teams and roles to grant
  cannotInvite: 'You cannot invite into any team.',
  teamsAndRoles: 'Teams and roles',
  addTo: (team: string) => `Add to ${team}`,
  rolesIn: (team: string) => `Roles in ${team}`,
  // Refused emails
  alreadyMember: (emails: string) => `Already a member: ${emails}`,
  alreadyInvited: (emails: string) => `Already invited, waiting for an answer: ${emails}`,
  noMoreToday: (emails: string) => `No more invitations today to: ${emails}`,
  // The Invite dialog
  inviteMembers: 'Invite members',
  inviteDescription: (company: string) => `They will get an email with a link to join ${company}.`,
  send: 'Send invitations',
  sending: 'Sending…',
  howToInvite: 'How to invite',
  sameTeams: 'Emails with the same teams',
  manyPeople: 'Many people (CSV)',
  emails: 'Emails',
  emailsHint: 'One or more, separated by commas or new lines.',
  enterEmail: 'Enter at least one email.',
  loadingTeams: 'Loading teams…',
  chooseTeam: 'Choose at least one team.',
  companyRoles: 'Company-wide roles',
  removedLately: (company: string) => `Removed from ${company} in the last 90 days`,
  giveBackTo: (email: string) => `Give back their previous teams and roles to ${email}`,
  giveBack: (email: string) => `${email}: give back their previous teams and roles`,
  teamGone: 'a team no longer there',
  message: 'Message (optional)',
  // Editing one
  editTitle: (email: string) => `Edit the invitation to ${email}`,
  saveInvitation: 'Save invitation',
  // The list
  aTeam: 'a team',
  actionsFor: (email: string) => `Actions for the invitation to ${email}`,
  resentNotice: (email: string) => `The invitation to ${email} was sent again; the earlier link no longer works.`,
  revokedNotice: (email: string) => `The invitation to ${email} was revoked.`,
  resend: 'Resend',
  edit: 'Edit',
  revoke: 'Revoke',
  expires: 'Expires',
  expired: 'Expired',
  expiresAt: (moment: string) => `Expires ${moment}`,
  expiredAt: (moment: string) => `Expired ${moment}`,
  pending: 'Pending invitations',
  expiredList: 'Expired invitations',
  email: 'Email',
  actions: 'Actions',
  sent: (count: number) => f.count(count, { one: '# invitation sent.', other: '# invitations sent.' }),
  loading: 'Loading invitations…',
  nonePending: 'No invitations are waiting for an answer.',
  showMore: 'Show more invitations',
  expiredHeading: 'Expired',
  loadingExpired: 'Loading expired invitations…',
  noneExpired: 'No expired invitations.',
  showMoreExpired: 'Show more expired invitations',
  revokeTitle: (email: string) => `Revoke the invitation to ${email}?`,
  revokeConsequences: 'The link in the invitation email stops working at once.',
};
