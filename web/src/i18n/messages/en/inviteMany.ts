import { formatsOf } from '../../format.js';

const f = formatsOf('en');

/** Inviting many people by CSV: the file, the preview the server checked, what is given back to a former member, the result per row. */
export const inviteMany = {
  people: 'People (CSV)',
  /** The hint of the CSV field, around the columns of its header and an example of its teams (each a `<code>` with its key). */
  format: <Part>(header: Part, example: Part): (string | Part)[] => ['A header row, then one person a row: ', header, '; teams as ', example, '.'],
  upload: 'Or upload a CSV file',
  noRows: 'The file has no rows below its header.',
  checkRows: 'Check rows',
  checking: 'Checking…',
  send: (count: number) => f.count(count, { one: 'Send # invitation', other: 'Send # invitations' }),
  sending: 'Sending…',

  rowsToInvite: 'Rows to invite',
  whatEachRowDid: 'What each row did',
  scrollable: (caption: string) => `${caption}, scrollable`,
  line: 'Line',
  email: 'Email',
  teamsAndRoles: 'Teams and roles',
  check: 'Check',
  result: 'Result',
  noEmail: '(none)',
  ready: 'Ready',
  invited: 'Invited',
  notSent: 'Not sent',
  notSentBecause: (reason: string) => `Not sent: ${reason}`,
  refused: (reason: string) => `Refused: ${reason}`,
  summary: (invited: number, notInvited: number) => `${f.number(invited)} invited, ${f.number(notInvited)} not.`,

  giveBack: 'Give back their previous teams and roles',
  giveBackTo: (email: string) => `Give back their previous teams and roles to ${email}`,
  removed: (moment: string, held: string) => `Removed ${moment}: ${held}`,
  notGivenBack: (what: string) => `Not given back, as you may not grant it: ${what}`,
  goneTeam: 'a team no longer there',
  hiddenTeam: (name: string) => `${name} (hidden)`,
  roleIn: (role: string, team: string) => `${role} in ${team}`,

  /** Why the file or one of its rows cannot be read (the reader's problems, of src/domain/invitation-csv.ts). */
  problems: {
    notCsv: (reason: string) => `The file is not CSV that can be read: ${reason}`,
    noHeader: (header: string) => `The first line must name the columns, with email and teams among them: ${header}`,
    noEmail: 'No email',
    notAnEmail: (email: string) => `${email} is not an email address`,
    noTeam: 'No team: name at least one',
    unknownTeam: (team: string) => `No team called ${team}`,
    teamTwice: (team: string) => `${team} is named twice`,
    notATeamRole: (written: string, roles: string) => `${written} is not a team role (${roles})`,
    notACompanyRole: (written: string, roles: string) => `${written} is not a company role (${roles})`,
  },
};
