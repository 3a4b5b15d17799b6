import { ROLES, type Role } from '../../domain/roles.js';

/**
 * The words of a count, by the plural category `Intl.PluralRules` gives the count in the
 * catalogue's language (`one`, `other`, and `few` or `many` where a language has them); `other`
 * always. src/mail/templates.test.ts checks every catalogue has each category its language uses.
 */
export type Plural = { readonly other: string } & Readonly<Partial<Record<Exclude<Intl.LDMLPluralRule, 'other'>, string>>>;

/**
 * The English words of every mail, THE catalogue the other languages follow: each must have
 * exactly these keys and these functions' parameters (`MailMessages`, below). Names, addresses,
 * dates and lists come in formatted (src/mail/templates.ts): a message puts them in its sentence.
 */
export const en = {
  /** The BCP 47 tag Intl formats the catalogue's dates, lists and counts with. */
  locale: 'en',
  /** The roles by their labels in src/domain/roles.ts, the page's too. */
  roles: Object.fromEntries(Object.entries(ROLES).map(([role, { label }]) => [role, label])) as Record<Role, string>,
  greeting: (name: string) => `Hi ${name},`,
  minutes: { one: 'minute', other: 'minutes' } as Plural,
  hours: { one: 'hour', other: 'hours' } as Plural,

  invitation: {
    subject: (inviter: string, company: string) => `${inviter} invited you to join ${company} on Roster`,
    greeting: 'Hi,',
    invited: (inviter: string, company: string) => `${inviter} has invited you to join ${company} on Roster.`,
    teams: { one: 'You will join this team:', other: 'You will join these teams:' } as Plural,
    team: (team: string, roles: string) => `- ${team} (${roles})`,
    /** A team's roles when the invitation grants none there. */
    noRoles: 'member',
    companyRoles: (roles: string, company: string) => `You will also be ${roles} of ${company}.`,
    accept: 'Accept the invitation:',
    wrote: (inviter: string) => `${inviter} wrote:`,
    expires: (date: string) => `This invitation expires on ${date}.`,
    ignore: 'If you were not expecting it, you can ignore this email.',
  },

  verification: {
    subject: 'Confirm your email address for Roster',
    open: 'Please confirm your email address for Roster by opening this link:',
    ignore: 'If you did not sign up for Roster, you can ignore this email.',
  },

  passwordReset: {
    subject: 'Reset your Roster password',
    open: 'Someone (we hope you) asked to reset the password of your Roster account. Choose a new one here:',
    validity: (duration: string) => `The link works once, for ${duration}. Setting a new password signs you out everywhere.`,
    ignore: 'If you did not ask for it, you can ignore this email: your password stays as it is.',
  },

  passwordChanged: {
    subject: 'Your Roster password was changed',
    reset: (date: string) => `The password of your Roster account was reset with a link sent to this address on ${date}.`,
    changed: (date: string) => `The password of your Roster account was changed on ${date}.`,
    resetSignedOut: 'Every session of your account was signed out.',
    changedSignedOut: 'Every other session of your account was signed out.',
    notYou: 'If this was not you, reset your password at once:',
  },

  emailChange: {
    subject: 'Confirm your new email address for Roster',
    open: 'To make this address the email of your Roster account, open this link:',
    validity: (duration: string) => `The link works once, for ${duration}. Until then your account keeps its current email.`,
    ignore: 'If you did not ask for this, you can ignore this email.',
  },

  emailChanged: {
    subject: 'The email of your Roster account was changed',
    changed: (newEmail: string, date: string) => `The email of your Roster account was changed from this address to ${newEmail} on ${date}.`,
    mailGoesThere: 'Mail about your account now goes there, password resets included.',
    notYou:
      'If this was not you, sign in, change your password and set your email back; if you cannot sign in, ask your company’s owner on Roster for help.',
  },

  webhookDisabled: {
    subject: (company: string) => `A webhook endpoint of ${company} was turned off`,
    turnedOff: (company: string, date: string) =>
      `Roster has turned off a webhook endpoint of ${company}: every delivery to it has failed since ${date}.`,
    endpoint: (url: string) => `Endpoint: ${url}`,
    next: 'No more events are sent to it, and the deliveries still waiting were given up. Its delivery log says what it answered. Once it works again, turn it back on, and redeliver what it missed:',
  },
};

/** What every language's catalogue is: the English one's keys, and its functions' parameters. */
export type MailMessages = typeof en;
