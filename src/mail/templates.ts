import { ROLES, type Role } from '../domain/roles.js';

/** The subject and plain-text body of one message. */
export interface MailContent {
  subject: string;
  text: string;
}

export interface InvitationMessageInput {
  companyName: string;
  inviterName: string;
  teams: readonly { teamName: string; roles: readonly string[] }[];
  /** Company-wide roles the invitation grants (`admin`, `finance`); omitted or empty for none. */
  companyRoles?: readonly string[];
  personalMessage: string | null;
  /** `<BASE_URL>/invitations/<token>`. */
  acceptUrl: string;
  expiresAt: Date | string;
}

export interface VerificationMessageInput {
  name: string;
  verifyUrl: string;
}

/** The invitation mail: who invites, into which teams with which roles, and the accept link. */
export function invitationMessage(input: InvitationMessageInput): MailContent {
  const inviter = oneLine(input.inviterName);
  const company = oneLine(input.companyName);
  const lines = [`Hi,`, ``, `${inviter} has invited you to join ${company} on Roster.`, ``];

  lines.push(input.teams.length === 1 ? 'You will join this team:' : 'You will join these teams:');
  for (const team of input.teams) {
    const roles = team.roles.length > 0 ? team.roles.map(roleLabel).join(', ') : 'member';
    lines.push(`- ${oneLine(team.teamName)} (${roles})`);
  }
  lines.push('');
  const companyRoles = input.companyRoles ?? [];
  if (companyRoles.length > 0) {
    lines.push(`You will also be ${companyRoles.map(roleLabel).join(' and ')} of ${company}.`, '');
  }

  const message = quote(input.personalMessage);
  if (message !== null) lines.push(`${inviter} wrote:`, message, '');

  // The link stands alone on its line (API.md "Mail"): mail clients make it clickable, and
  // scripts find it without parsing prose. Quoting the personal message keeps an inviter from
  // adding a second line that looks like it.
  lines.push('Accept the invitation:', input.acceptUrl, '');
  lines.push(
    `This invitation expires on ${formatUtc(new Date(input.expiresAt))}.`,
    `If you were not expecting it, you can ignore this email.`,
  );
  return {
    subject: `${inviter} invited you to join ${company} on Roster`,
    text: lines.join('\n') + '\n',
  };
}

/** The mail that proves a new account owns its email address. */
export function verificationMessage(input: VerificationMessageInput): MailContent {
  const lines = [
    `Hi ${oneLine(input.name)},`,
    '',
    'Please confirm your email address for Roster by opening this link:',
    input.verifyUrl,
    '',
    'If you did not sign up for Roster, you can ignore this email.',
  ];
  return { subject: 'Confirm your email address for Roster', text: lines.join('\n') + '\n' };
}

function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}

function roleLabel(role: string): string {
  return isRole(role) ? ROLES[role].label : role;
}

/** Names come from users: a line break in one must not start a line of its own in the mail. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

function quote(message: string | null): string | null {
  const text = (message ?? '').replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROL, '').trim();
  if (text === '') return null;
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '>' : `> ${line.trimEnd()}`))
    .join('\n');
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** "January 8, 2025 at 09:30 UTC": spelt out, so that no reader mistakes day for month. */
function formatUtc(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('expiresAt is not a valid time');
  const month = MONTHS[date.getUTCMonth()] ?? '';
  const time = `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
  return `${month} ${date.getUTCDate()}, ${date.getUTCFullYear()} at ${time} UTC`;
}
