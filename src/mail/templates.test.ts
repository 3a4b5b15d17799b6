import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../domain/languages.js';
import { ROLES } from '../domain/roles.js';
import type { MailMessages } from './messages/en.js';
import {
  CATALOGUES,
  emailChangedMessage,
  emailChangeMessage,
  invitationMessage,
  mailLanguage,
  passwordChangedMessage,
  passwordResetMessage,
  verificationMessage,
  webhookDisabledMessage,
} from './templates.js';

const acceptUrl = 'http://localhost:3000/invitations/9sFq1u2T8pXrY0aLkQ3wZb7cVd4eHn6mJ5oPiUgR-_A';

function invitation(overrides: Partial<Parameters<typeof invitationMessage>[1]> = {}, language: Language = 'en') {
  return invitationMessage(language, {
    companyName: 'Acme Hiring',
    inviterName: 'Ada Lovelace',
    teams: [
      { teamName: 'Design', roles: ['hiring_manager', 'recruiter'] },
      { teamName: 'Sales', roles: [] },
    ],
    personalMessage: null,
    acceptUrl,
    expiresAt: '2025-01-08T09:30:00.000Z',
    ...overrides,
  });
}

describe('invitationMessage', () => {
  it('puts the accept link on a line of its own', () => {
    const lines = invitation().text.split('\n');
    expect(lines).toContain(acceptUrl);
    expect(lines.filter((line) => line.includes('/invitations/'))).toEqual([acceptUrl]);
  });

  it('names the inviter, the company, the teams and the roles by their labels', () => {
    const { subject, text } = invitation({ companyRoles: ['admin'] });
    expect(subject).toBe('Ada Lovelace invited you to join Acme Hiring on Roster');
    expect(text).toContain('Ada Lovelace has invited you to join Acme Hiring on Roster.');
    expect(text).toContain('- Design (Hiring manager, Recruiter)\n');
    expect(text).toContain('- Sales (member)\n');
    expect(text).toContain('You will join these teams:\n');
    expect(text).toContain('You will also be Account admin of Acme Hiring.\n');
    expect(text).not.toMatch(/hiring_manager|recruiter|: admin/);
  });

  it('says when the link expires and that the mail can be ignored', () => {
    const { text } = invitation();
    expect(text).toContain('This invitation expires on January 8, 2025 at 09:30 UTC.');
    expect(text).toContain('you can ignore this email');
  });

  it('quotes the personal message, so that none of its lines stands alone', () => {
    const fake = 'http://evil.example/invitations/steal';
    const { text } = invitation({ personalMessage: `Welcome aboard!\r\n\r\n${fake}\n` });
    expect(text).toContain('Ada Lovelace wrote:\n> Welcome aboard!\n>\n> ' + fake + '\n');
    expect(text.split('\n')).not.toContain(fake);
  });

  it.each([
    ['CR', '\r'],
    ['VT', '\v'],
    ['FF', '\f'],
    ['NEL (U+0085)', '\u0085'],
    ['LINE SEPARATOR (U+2028)', '\u2028'],
    ['PARAGRAPH SEPARATOR (U+2029)', '\u2029'],
  ])('quotes a line that %s starts, as a line of its own', (_name, separator) => {
    const fake = 'http://evil.example/invitations/steal';
    const { text } = invitation({ personalMessage: `Welcome aboard!${separator}${fake}` });
    expect(text).toContain('Ada Lovelace wrote:\n> Welcome aboard!\n> ' + fake + '\n');
    expect(text).not.toContain(separator);
  });

  it('puts the accept link before the personal message', () => {
    const lines = invitation({ personalMessage: 'See you Monday' }).text.split('\n');
    expect(lines.indexOf(acceptUrl)).toBeGreaterThan(0);
    expect(lines.indexOf(acceptUrl)).toBeLessThan(lines.indexOf('Ada Lovelace wrote:'));
  });

  it('leaves bidi controls out of the personal message, so that none turns a quoted line around', () => {
    const { text } = invitation({ personalMessage: 'a\u202Eb\u2066c\u2069' });
    expect(text).toContain('> abc\n');
  });

  it('leaves out an empty personal message', () => {
    expect(invitation({ personalMessage: '  \n ' }).text).not.toContain('wrote:');
  });

  it('keeps names on one line, in the subject and in the text', () => {
    const { subject, text } = invitation({ inviterName: 'Mallory\r\nBcc: x@example.com', companyName: 'Acme\nInc' });
    expect(subject).toBe('Mallory Bcc: x@example.com invited you to join Acme Inc on Roster');
    expect(text.split('\n')).not.toContain('Bcc: x@example.com has invited you to join Acme');
  });
});

describe('verificationMessage', () => {
  it('greets by name and puts the link on a line of its own', () => {
    const verifyUrl = 'http://localhost:3000/verify-email/abc';
    const { subject, text } = verificationMessage('en', { name: 'Grace', verifyUrl });
    expect(subject).toBe('Confirm your email address for Roster');
    expect(text.startsWith('Hi Grace,\n')).toBe(true);
    expect(text.split('\n')).toContain(verifyUrl);
    expect(text).toContain('you can ignore this email');
  });
});

describe('the account mails', () => {
  const at = new Date('2026-01-05T10:00:00.000Z');
  it('put each link on a line of its own, and a name on the greeting’s line', () => {
    const resetUrl = 'http://roster.test/reset-password/AbC';
    const reset = passwordResetMessage('en', { name: 'Ada\u2028Lovelace', resetUrl, validMinutes: 60 });
    expect(reset.text.split('\n')).toContain(resetUrl);
    expect(reset.text.split('\n')[0]).toBe('Hi Ada Lovelace,');
    expect(reset.text).toContain('for 60 minutes');
    const confirmUrl = 'http://roster.test/confirm-email/XyZ';
    const change = emailChangeMessage('en', { name: 'Ada', confirmUrl, validHours: 24 });
    expect(change.text.split('\n')).toContain(confirmUrl);
  });

  it('tell what changed and when, and carry no secret link', () => {
    const reset = passwordChangedMessage('en', { name: 'Ada', how: 'reset', at, resetUrl: 'http://roster.test/forgot-password' });
    expect(reset.text).toContain('was reset with a link sent to this address on January 5, 2026 at 10:00 UTC.');
    expect(reset.text).toContain('Every session of your account was signed out.');
    const changed = passwordChangedMessage('en', { name: 'Ada', how: 'changed', at, resetUrl: 'http://roster.test/forgot-password' });
    expect(changed.text).toContain('Every other session of your account was signed out.');
    const email = emailChangedMessage('en', { name: 'Ada', newEmail: 'ada@new.example\nBcc: x@example.com', at });
    // The new address comes from a person: it cannot start a line of its own.
    expect(email.text.split('\n').some((line) => line.startsWith('Bcc:'))).toBe(false);
    expect(email.subject).toBe('The email of your Roster account was changed');
  });
});

describe('the German mails', () => {
  const at = new Date('2026-01-05T10:00:00.000Z');

  it('invite in German: the role labels, the lists, the date in UTC, the link alone before the quoted message', () => {
    const { subject, text } = invitation({ companyRoles: ['admin', 'finance'], personalMessage: `Willkommen!\n${acceptUrl}` }, 'de');
    expect(subject).toBe('Ada Lovelace hat Sie eingeladen, Acme Hiring auf Roster beizutreten');
    expect(text.startsWith('Hallo,\n\nAda Lovelace hat Sie eingeladen, Acme Hiring auf Roster beizutreten.\n')).toBe(true);
    expect(text).toContain('Sie werden Mitglied dieser Teams:\n- Design (Hiring Manager, Recruiter)\n- Sales (Mitglied)\n');
    expect(text).toContain('Außerdem werden Sie Kontoadministrator und Finanzadministrator bei Acme Hiring.\n');
    expect(text).toContain('Diese Einladung läuft am 8. Januar 2025 um 09:30 UTC ab.');
    const lines = text.split('\n');
    expect(lines.filter((line) => line === acceptUrl)).toEqual([acceptUrl]);
    expect(lines.indexOf(acceptUrl)).toBeLessThan(lines.indexOf('Ada Lovelace schreibt:'));
    expect(text).toContain('Ada Lovelace schreibt:\n> Willkommen!\n> ' + acceptUrl + '\n');
  });

  it('name one team in the singular, by Intl.PluralRules', () => {
    const teams = [{ teamName: 'Design', roles: ['team_admin'] }];
    expect(invitation({ teams }, 'de').text).toContain('Sie werden Mitglied dieses Teams:\n- Design (Teamadministrator)\n');
    expect(invitation({ teams }).text).toContain('You will join this team:\n- Design (Team admin)\n');
  });

  it('keep names on one line in German too', () => {
    const { subject } = invitation({ inviterName: 'Mallory\r\nBcc: x@example.com' }, 'de');
    expect(subject).toBe('Mallory Bcc: x@example.com hat Sie eingeladen, Acme Hiring auf Roster beizutreten');
  });

  it('verify, in German', () => {
    const verifyUrl = 'http://localhost:3000/verify-email/abc';
    const { subject, text } = verificationMessage('de', { name: 'Grace\nHopper', verifyUrl });
    expect(subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse für Roster');
    expect(text.split('\n')[0]).toBe('Hallo Grace Hopper,');
    expect(text.split('\n')).toContain(verifyUrl);
  });

  it('reset a password, counting the minutes in German', () => {
    const resetUrl = 'http://roster.test/reset-password/AbC';
    const { subject, text } = passwordResetMessage('de', { name: 'Ada', resetUrl, validMinutes: 60 });
    expect(subject).toBe('Setzen Sie Ihr Roster-Passwort zurück');
    expect(text.split('\n')).toContain(resetUrl);
    expect(text).toContain('Der Link gilt einmalig für 60 Minuten.');
    expect(passwordResetMessage('de', { name: 'Ada', resetUrl, validMinutes: 1 }).text).toContain('für 1 Minute.');
    expect(passwordResetMessage('en', { name: 'Ada', resetUrl, validMinutes: 1 }).text).toContain('for 1 minute.');
  });

  it('tell of a changed password, with the date in German', () => {
    const resetUrl = 'http://roster.test/forgot-password';
    const reset = passwordChangedMessage('de', { name: 'Ada', how: 'reset', at, resetUrl });
    expect(reset.subject).toBe('Ihr Roster-Passwort wurde geändert');
    expect(reset.text).toContain('wurde am 5. Januar 2026 um 10:00 UTC mit einem an diese Adresse gesendeten Link zurückgesetzt.');
    expect(reset.text).toContain('Alle Sitzungen Ihres Kontos wurden abgemeldet.');
    expect(reset.text.split('\n')).toContain(resetUrl);
    const changed = passwordChangedMessage('de', { name: 'Ada', how: 'changed', at, resetUrl });
    expect(changed.text).toContain('Das Passwort Ihres Roster-Kontos wurde am 5. Januar 2026 um 10:00 UTC geändert.');
    expect(changed.text).toContain('Alle anderen Sitzungen Ihres Kontos wurden abgemeldet.');
  });

  it('confirm a new email, counting the hours in German', () => {
    const confirmUrl = 'http://roster.test/confirm-email/XyZ';
    const { subject, text } = emailChangeMessage('de', { name: 'Ada', confirmUrl, validHours: 24 });
    expect(subject).toBe('Bestätigen Sie Ihre neue E-Mail-Adresse für Roster');
    expect(text.split('\n')).toContain(confirmUrl);
    expect(text).toContain('Der Link gilt einmalig für 24 Stunden.');
  });

  it('tell the former address of a changed email, in German, the new address on the line', () => {
    const { subject, text } = emailChangedMessage('de', { name: 'Ada', newEmail: 'ada@new.example\nBcc: x@example.com', at });
    expect(subject).toBe('Die E-Mail-Adresse Ihres Roster-Kontos wurde geändert');
    expect(text).toContain('am 5. Januar 2026 um 10:00 UTC von dieser Adresse in ada@new.example Bcc: x@example.com geändert.');
    expect(text.split('\n').some((line) => line.startsWith('Bcc:'))).toBe(false);
  });

  it('tell an owner of a webhook endpoint turned off, in either language', () => {
    const input = { name: 'Olivia', companyName: 'Acme\nInc', url: 'https://hooks.example/x', failingSince: at, pageUrl: 'http://roster.test/c/1/settings/webhooks' };
    const german = webhookDisabledMessage('de', input);
    expect(german.subject).toBe('Ein Webhook-Endpunkt von Acme Inc wurde abgeschaltet');
    expect(german.text).toContain('Jede Zustellung an ihn ist seit dem 5. Januar 2026 um 10:00 UTC fehlgeschlagen.');
    expect(german.text.split('\n')).toContain(input.pageUrl);
    const english = webhookDisabledMessage('en', input);
    expect(english.subject).toBe('A webhook endpoint of Acme Inc was turned off');
    expect(english.text).toContain('every delivery to it has failed since January 5, 2026 at 10:00 UTC.');
  });
});

describe('the catalogues', () => {
  it('label the roles in English as src/domain/roles.ts does', () => {
    expect(CATALOGUES.en.roles).toEqual(Object.fromEntries(Object.entries(ROLES).map(([role, { label }]) => [role, label])));
  });

  it.each(LANGUAGES)('have, in %s, a form of every plural for each category its language uses', (language) => {
    const messages = CATALOGUES[language];
    const categories = new Intl.PluralRules(messages.locale).resolvedOptions().pluralCategories;
    for (const forms of [messages.minutes, messages.hours, messages.invitation.teams]) {
      for (const category of categories) expect(forms[category], `${language} ${category}`).toBeTypeOf('string');
    }
  });

  it('take a catalogue only with exactly the English messages (checked by the compiler)', () => {
    const { passwordReset, ...missing } = CATALOGUES.de;
    // @ts-expect-error -- a message missing does not compile
    const lacking: MailMessages = missing;
    // @ts-expect-error -- nor does one the English catalogue lacks
    const extra = { ...CATALOGUES.de, passwordReset: { ...passwordReset, postscript: 'PS' } } satisfies MailMessages;
    // @ts-expect-error -- nor a message taking parameters of other types
    const otherParameters = { ...CATALOGUES.de, greeting: (name: number) => `Hallo ${name},` } satisfies MailMessages;
    expect([lacking, extra, otherParameters]).toHaveLength(3);
  });
});

describe('mailLanguage', () => {
  it('takes the first language given, else English', () => {
    expect(mailLanguage('de', 'en')).toBe('de');
    expect(mailLanguage(null, 'de')).toBe('de');
    expect(mailLanguage(null, undefined)).toBe('en');
  });
});
