import { DEFAULT_LANGUAGE, type Language } from '../domain/languages.js';
import { ROLES, type Role } from '../domain/roles.js';
import { de } from './messages/de.js';
import { en, type MailMessages, type Plural } from './messages/en.js';

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

/** Every language's catalogue (API.md "Mail": which language a mail is in). */
export const CATALOGUES: Readonly<Record<Language, MailMessages>> = { en, de };

/**
 * The language of a mail: the recipient's choice (`users.language`) when they have an account and
 * made one, else the language of whoever caused it (the request's Accept-Language, or an inviter's
 * own), else English. `candidates` in that order; null and undefined pass.
 */
export function mailLanguage(...candidates: (Language | null | undefined)[]): Language {
  return candidates.find((language) => language !== null && language !== undefined) ?? DEFAULT_LANGUAGE;
}

/** A catalogue with its Intl formatters: dates, lists and counts as its language writes them. */
interface Speaker {
  m: MailMessages;
  /** "January 8, 2025 at 09:30 UTC", "8. Januar 2025 um 09:30 UTC": the month spelt out, so that no reader mistakes day for month. */
  date: (date: Date) => string;
  /** "A, B, and C": the roles a person will hold together. */
  and: (items: readonly string[]) => string;
  /** "A, B, C": a team's roles, in brackets. */
  list: (items: readonly string[]) => string;
  /** The form of `forms` for `count`. */
  plural: (count: number, forms: Plural) => string;
  /** "60 minutes": the count and its word. */
  count: (count: number, forms: Plural) => string;
  role: (role: string) => string;
}

function speaker(messages: MailMessages): Speaker {
  const dates = new Intl.DateTimeFormat(messages.locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  const and = new Intl.ListFormat(messages.locale, { type: 'conjunction', style: 'long' });
  const list = new Intl.ListFormat(messages.locale, { type: 'unit', style: 'short' });
  const plurals = new Intl.PluralRules(messages.locale);
  const numbers = new Intl.NumberFormat(messages.locale);
  const plural = (count: number, forms: Plural) => forms[plurals.select(count)] ?? forms.other;
  return {
    m: messages,
    date: (date) => {
      if (Number.isNaN(date.getTime())) throw new RangeError('Not a valid time');
      return dates.format(date);
    },
    and: (items) => and.format(items),
    list: (items) => list.format(items),
    plural,
    count: (count, forms) => `${numbers.format(count)} ${plural(count, forms)}`,
    role: (role) => (isRole(role) ? messages.roles[role] : role),
  };
}

const SPEAKERS: Readonly<Record<Language, Speaker>> = { en: speaker(en), de: speaker(de) };

/** The invitation mail: who invites, into which teams with which roles, and the accept link. */
export function invitationMessage(language: Language, input: InvitationMessageInput): MailContent {
  const say = SPEAKERS[language];
  const { m } = say;
  const inviter = oneLine(input.inviterName);
  const company = oneLine(input.companyName);
  const lines = [m.invitation.greeting, ``, m.invitation.invited(inviter, company), ``];

  lines.push(say.plural(input.teams.length, m.invitation.teams));
  for (const team of input.teams) {
    const roles = team.roles.length > 0 ? say.list(team.roles.map(say.role)) : m.invitation.noRoles;
    lines.push(m.invitation.team(oneLine(team.teamName), roles));
  }
  lines.push('');
  const companyRoles = input.companyRoles ?? [];
  if (companyRoles.length > 0) {
    lines.push(m.invitation.companyRoles(say.and(companyRoles.map(say.role)), company), '');
  }

  // The link stands alone on its line (API.md "Mail"): mail clients make it clickable, and
  // scripts find it without parsing prose. It comes before the personal message, whose every
  // line is quoted, so that an inviter cannot put a line that looks like it first or alone.
  lines.push(m.invitation.accept, input.acceptUrl, '');

  const message = quote(input.personalMessage);
  if (message !== null) lines.push(m.invitation.wrote(inviter), message, '');
  lines.push(m.invitation.expires(say.date(new Date(input.expiresAt))), m.invitation.ignore);
  return { subject: m.invitation.subject(inviter, company), text: lines.join('\n') + '\n' };
}

/** The mail that proves a new account owns its email address. */
export function verificationMessage(language: Language, input: VerificationMessageInput): MailContent {
  const { m } = SPEAKERS[language];
  const lines = [m.greeting(oneLine(input.name)), '', m.verification.open, input.verifyUrl, '', m.verification.ignore];
  return { subject: m.verification.subject, text: lines.join('\n') + '\n' };
}

/** The mail with a link that sets a new password, valid for `validMinutes`. */
export function passwordResetMessage(language: Language, input: { name: string; resetUrl: string; validMinutes: number }): MailContent {
  const say = SPEAKERS[language];
  const { m } = say;
  const lines = [
    m.greeting(oneLine(input.name)),
    '',
    m.passwordReset.open,
    input.resetUrl,
    '',
    m.passwordReset.validity(say.count(input.validMinutes, m.minutes)),
    m.passwordReset.ignore,
  ];
  return { subject: m.passwordReset.subject, text: lines.join('\n') + '\n' };
}

/** The notice that the account's password was changed (`how`: changed signed in, or reset by mail). */
export function passwordChangedMessage(
  language: Language,
  input: { name: string; how: 'changed' | 'reset'; at: Date; resetUrl: string },
): MailContent {
  const say = SPEAKERS[language];
  const { m } = say;
  const at = say.date(input.at);
  const lines = [
    m.greeting(oneLine(input.name)),
    '',
    input.how === 'reset' ? m.passwordChanged.reset(at) : m.passwordChanged.changed(at),
    input.how === 'reset' ? m.passwordChanged.resetSignedOut : m.passwordChanged.changedSignedOut,
    '',
    m.passwordChanged.notYou,
    input.resetUrl,
  ];
  return { subject: m.passwordChanged.subject, text: lines.join('\n') + '\n' };
}

/** The mail to a new address, whose link makes it the account's email. */
export function emailChangeMessage(language: Language, input: { name: string; confirmUrl: string; validHours: number }): MailContent {
  const say = SPEAKERS[language];
  const { m } = say;
  const lines = [
    m.greeting(oneLine(input.name)),
    '',
    m.emailChange.open,
    input.confirmUrl,
    '',
    m.emailChange.validity(say.count(input.validHours, m.hours)),
    m.emailChange.ignore,
  ];
  return { subject: m.emailChange.subject, text: lines.join('\n') + '\n' };
}

/** The notice to an account's former address that its email was changed. */
export function emailChangedMessage(language: Language, input: { name: string; newEmail: string; at: Date }): MailContent {
  const say = SPEAKERS[language];
  const { m } = say;
  const lines = [
    m.greeting(oneLine(input.name)),
    '',
    m.emailChanged.changed(oneLine(input.newEmail), say.date(input.at)),
    m.emailChanged.mailGoesThere,
    '',
    m.emailChanged.notYou,
  ];
  return { subject: m.emailChanged.subject, text: lines.join('\n') + '\n' };
}

/** The notice to a company's owner that the worker turned off a webhook endpoint failing for 3 days. */
export function webhookDisabledMessage(
  language: Language,
  input: { name: string; companyName: string; url: string; failingSince: Date; pageUrl: string },
): MailContent {
  const say = SPEAKERS[language];
  const { m } = say;
  const company = oneLine(input.companyName);
  const lines = [
    m.greeting(oneLine(input.name)),
    '',
    m.webhookDisabled.turnedOff(company, say.date(input.failingSince)),
    '',
    m.webhookDisabled.endpoint(oneLine(input.url)),
    '',
    m.webhookDisabled.next,
    input.pageUrl,
  ];
  return { subject: m.webhookDisabled.subject(company), text: lines.join('\n') + '\n' };
}

function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
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
