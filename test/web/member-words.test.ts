import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { csvProblemText, parseInvitationCsv } from '../../src/domain/invitation-csv.js';
import { chooseLanguage } from '../../web/src/i18n/languages.js';
import { catalogueOf } from '../../web/src/i18n/catalogues.js';
import { csvProblemWords } from '../../web/src/csv-problems.js';
import { companyRoleNames, roleLabels, whyNotGrantable } from '../../web/src/roles.js';

const TEAMS = [
  { id: 't-general', name: 'General' },
  { id: 't-eng', name: 'Engineering' },
  { id: 't-sales', name: 'Sales' },
];

/** Every problem the reader finds in the fixture, and a file it cannot read at all. */
function problems() {
  const file = parseInvitationCsv(readFileSync('test/fixtures/invitations.csv', 'utf8'), TEAMS);
  const rows = 'rows' in file ? file.rows : [];
  const unreadable = parseInvitationCsv('mail,team\nann@example.com,Sales\n', TEAMS).problem;
  return [...rows.flatMap((row) => (row.problem === undefined ? [] : [row.problem])), ...(unreadable === undefined ? [] : [unreadable])];
}

describe('the words of the members pages', () => {
  afterEach(() => chooseLanguage('en'));

  it('name the roles in the page’s language', () => {
    expect(roleLabels(['hiring_manager', 'recruiter'])).toBe('Hiring manager, Recruiter');
    expect(companyRoleNames({ isOwner: true, companyRoles: ['finance'] })).toEqual(['Account owner', 'Finance admin']);
    chooseLanguage('de');
    expect(roleLabels(['team_admin', 'hiring_manager'])).toBe('Team-Administrator, Hiring Manager');
    expect(companyRoleNames({ isOwner: true, companyRoles: ['admin'] })).toEqual(['Kontoinhaber', 'Kontoadministrator']);
    expect(whyNotGrantable('team_admin')).toBe('Nur ein Kontoadministrator oder der Kontoinhaber kann diese Rolle vergeben.');
  });

  it('word the invitation file’s problems as the reader does in English, and in German', () => {
    const found = problems();
    expect(found.length).toBe(7);
    expect(found.map(csvProblemWords)).toEqual(found.map(csvProblemText));
    chooseLanguage('de');
    expect(found.map(csvProblemWords)).toEqual([
      'not-an-email ist keine E-Mail-Adresse',
      'Kein Team: Nennen Sie mindestens eines',
      'Kein Team namens Marketing',
      'boss ist keine Teamrolle (team_admin, hiring_manager, recruiter, work_diary)',
      'owner ist keine Firmenrolle (admin, finance)',
      'Sales wird zweimal genannt',
      'Die erste Zeile muss die Spalten benennen, darunter email und teams: email,teams,company_roles',
    ]);
  });

  it('count members with the plural of each language', () => {
    const [en, de] = [catalogueOf('en'), catalogueOf('de')];
    expect(en.members.matching(1)).toBe('1 member matches');
    expect(en.members.matching(1234)).toBe('1,234 members match');
    expect(de.members.matching(1)).toBe('1 Mitglied passt');
    expect(de.members.matching(1234)).toBe('1.234 Mitglieder passen');
    expect(en.members.invitationsSent(1)).toBe('1 invitation sent.');
    expect(de.bulk.manyLoseAccess(2, 'Acme')).toBe('2 Mitglieder verlieren sofort den Zugang zu Acme und jedes Team und jede Rolle dort.');
    expect(de.bulk.refusedCount(1)).toBe('1 Mitglied abgelehnt:');
    expect(en.memberDetails.suspendKeeps(1)).toContain('the contact person of 1 contract, which');
    expect(de.memberDetails.suspendKeeps(3)).toContain('Ansprechpartner von 3 Verträgen, die Sie');
  });
});
