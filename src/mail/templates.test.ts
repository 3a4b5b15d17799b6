import { describe, expect, it } from 'vitest';
import { emailChangedMessage, emailChangeMessage, invitationMessage, passwordChangedMessage, passwordResetMessage, verificationMessage } from './templates.js';

const acceptUrl = 'http://localhost:3000/invitations/9sFq1u2T8pXrY0aLkQ3wZb7cVd4eHn6mJ5oPiUgR-_A';

function invitation(overrides: Partial<Parameters<typeof invitationMessage>[0]> = {}) {
  return invitationMessage({
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
    const { subject, text } = verificationMessage({ name: 'Grace', verifyUrl });
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
    const reset = passwordResetMessage({ name: 'Ada\u2028Lovelace', resetUrl, validMinutes: 60 });
    expect(reset.text.split('\n')).toContain(resetUrl);
    expect(reset.text.split('\n')[0]).toBe('Hi Ada Lovelace,');
    expect(reset.text).toContain('for 60 minutes');
    const confirmUrl = 'http://roster.test/confirm-email/XyZ';
    const change = emailChangeMessage({ name: 'Ada', confirmUrl, validHours: 24 });
    expect(change.text.split('\n')).toContain(confirmUrl);
  });

  it('tell what changed and when, and carry no secret link', () => {
    const reset = passwordChangedMessage({ name: 'Ada', how: 'reset', at, resetUrl: 'http://roster.test/forgot-password' });
    expect(reset.text).toContain('was reset with a link sent to this address on January 5, 2026 at 10:00 UTC.');
    expect(reset.text).toContain('Every session of your account was signed out.');
    const changed = passwordChangedMessage({ name: 'Ada', how: 'changed', at, resetUrl: 'http://roster.test/forgot-password' });
    expect(changed.text).toContain('Every other session of your account was signed out.');
    const email = emailChangedMessage({ name: 'Ada', newEmail: 'ada@new.example\nBcc: x@example.com', at });
    // The new address comes from a person: it cannot start a line of its own.
    expect(email.text.split('\n').some((line) => line.startsWith('Bcc:'))).toBe(false);
    expect(email.subject).toBe('The email of your Roster account was changed');
  });
});
