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

  // The link stands alone on its line (API.md "Mail"): mail clients make it clickable, and
  // scripts find it without parsing prose. It comes before the personal message, whose every
  // line is quoted, so that an inviter cannot put a line that looks like it first or alone.
  lines.push('Accept the invitation:', input.acceptUrl, '');

  const message = quote(input.personalMessage);
  if (message !== null) lines.push(`${inviter} wrote:`, message, '');
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

/** The mail with a link that sets a new password, valid for `validMinutes`. */
export function passwordResetMessage(input: { name: string; resetUrl: string; validMinutes: number }): MailContent {
  const lines = [
    `Hi ${oneLine(input.name)},`,
    '',
    'Someone (we hope you) asked to reset the password of your Roster account. Choose a new one here:',
    input.resetUrl,
    '',
    `The link works once, for ${input.validMinutes} minutes. Setting a new password signs you out everywhere.`,
    'If you did not ask for it, you can ignore this email: your password stays as it is.',
  ];
  return { subject: 'Reset your Roster password', text: lines.join('\n') + '\n' };
}

/** The notice that the account's password was changed (`how`: changed signed in, or reset by mail). */
export function passwordChangedMessage(input: { name: string; how: 'changed' | 'reset'; at: Date; resetUrl: string }): MailContent {
  const what =
    input.how === 'reset'
      ? 'The password of your Roster account was reset with a link sent to this address'
      : 'The password of your Roster account was changed';
  const lines = [
    `Hi ${oneLine(input.name)},`,
    '',
    `${what} on ${formatUtc(input.at)}.`,
    input.how === 'reset' ? 'Every session of your account was signed out.' : 'Every other session of your account was signed out.',
    '',
    'If this was not you, reset your password at once:',
    input.resetUrl,
  ];
  return { subject: 'Your Roster password was changed', text: lines.join('\n') + '\n' };
}

/** The mail to a new address, whose link makes it the account's email. */
export function emailChangeMessage(input: { name: string; confirmUrl: string; validHours: number }): MailContent {
  const lines = [
    `Hi ${oneLine(input.name)},`,
    '',
    'To make this address the email of your Roster account, open this link:',
    input.confirmUrl,
    '',
    `The link works once, for ${input.validHours} hours. Until then your account keeps its current email.`,
    'If you did not ask for this, you can ignore this email.',
  ];
  return { subject: 'Confirm your new email address for Roster', text: lines.join('\n') + '\n' };
}

/** The notice to an account's former address that its email was changed. */
export function emailChangedMessage(input: { name: string; newEmail: string; at: Date }): MailContent {
  const lines = [
    `Hi ${oneLine(input.name)},`,
    '',
    `The email of your Roster account was changed from this address to ${oneLine(input.newEmail)} on ${formatUtc(input.at)}.`,
    'Mail about your account now goes there, password resets included.',
    '',
    'If this was not you, sign in, change your password and set your email back; if you cannot sign in, ask your company’s owner on Roster for help.',
  ];
  return { subject: 'The email of your Roster account was changed', text: lines.join('\n') + '\n' };
}

/** The notice to a company's owner that the worker turned off a webhook endpoint failing for 3 days. */
export function webhookDisabledMessage(input: { name: string; companyName: string; url: string; failingSince: Date; pageUrl: string }): MailContent {
  const company = oneLine(input.companyName);
  const lines = [
    `Hi ${oneLine(input.name)},`,
    '',
    `Roster has turned off a webhook endpoint of ${company}: every delivery to it has failed since ${formatUtc(input.failingSince)}.`,
    '',
    `Endpoint: ${oneLine(input.url)}`,
    '',
    'No more events are sent to it, and the deliveries still waiting were given up. Its delivery log says what it answered. Once it works again, turn it back on, and redeliver what it missed:',
    input.pageUrl,
  ];
  return { subject: `A webhook endpoint of ${company} was turned off`, text: lines.join('\n') + '\n' };
}

function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}

function roleLabel(role: string): string {
  return isRole(role) ? ROLES[role].label : role;
}

/**
 * Every character that some reader takes for the end of a line: CR LF, CR, LF, VT, FF, NEL
 * (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029).
 */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
/** What is left out of a message: the other control characters (C0, DEL, C1) and the bidi controls that reorder a line. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const HIDDEN = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Names come from users: a line break in one must not start a line of its own in the mail. */
function oneLine(value: string): string {
  return value.replace(LINE_BREAK, ' ').replace(HIDDEN, '').replace(/\s+/g, ' ').trim();
}

/** The personal message, every line of it behind "> ", whatever its line separators were. */
function quote(message: string | null): string | null {
  const text = (message ?? '').replace(LINE_BREAK, '\n').replace(/\t/g, ' ').replace(HIDDEN, '').trim();
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
