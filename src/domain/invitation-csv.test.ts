import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInvitationCsv } from './invitation-csv.js';

const TEAMS = [
  { id: 't-general', name: 'General' },
  { id: 't-eng', name: 'Engineering' },
  { id: 't-sales', name: 'Sales' },
];

describe('parseInvitationCsv', () => {
  it('reads the fixture: names or ids in any case, roles as listed or as they read, other columns ignored, each bad row with its reason', () => {
    const file = parseInvitationCsv(readFileSync('test/fixtures/invitations.csv', 'utf8'), TEAMS);
    expect(file.error).toBeUndefined();
    const rows = 'rows' in file ? file.rows : [];
    expect(rows.map((row) => [row.line, row.email, row.error ?? 'ok'])).toEqual([
      [2, 'ann@example.com', 'ok'],
      [3, 'bob@example.com', 'ok'],
      [5, 'carol@example.com', 'ok'],
      [6, 'not-an-email', 'not-an-email is not an email address'],
      [7, 'dan@example.com', 'No team: name at least one'],
      [8, 'erin@example.com', 'No team called Marketing'],
      [9, 'frank@example.com', 'boss is not a team role (team_admin, hiring_manager, recruiter, work_diary)'],
      [10, 'gina@example.com', 'owner is not a company role (admin, finance)'],
      [11, 'hal@example.com', 'Sales is named twice'],
      [12, 'ann@example.com', 'ok'],
    ]);
    // The same reasons as kinds and particulars, for the page to word in its own language.
    expect(rows.map((row) => row.problem ?? 'ok')).toEqual([
      'ok',
      'ok',
      'ok',
      { kind: 'notAnEmail', email: 'not-an-email' },
      { kind: 'noTeam' },
      { kind: 'unknownTeam', team: 'Marketing' },
      { kind: 'notATeamRole', written: 'boss', roles: ['team_admin', 'hiring_manager', 'recruiter', 'work_diary'] },
      { kind: 'notACompanyRole', written: 'owner', roles: ['admin', 'finance'] },
      { kind: 'teamTwice', team: 'Sales' },
      'ok',
    ]);
    expect(rows[0]).toMatchObject({ teams: [{ teamId: 't-eng', roles: ['hiring_manager', 'recruiter'] }], companyRoles: [] });
    expect(rows[1]).toMatchObject({ teams: [{ teamId: 't-eng', roles: [] }, { teamId: 't-sales', roles: ['recruiter', 'work_diary'] }] });
    expect(rows[2]).toMatchObject({ teams: [{ teamId: 't-general', roles: [] }], companyRoles: ['finance'] });
  });

  it('reads the sample of the docs, and a team by its id', () => {
    const file = parseInvitationCsv(readFileSync('docs/invitations-sample.csv', 'utf8'), TEAMS);
    expect('rows' in file && file.rows.every((row) => row.error === undefined)).toBe(true);
    const byId = parseInvitationCsv('email,teams\nzoe@example.com,t-sales (Team admin)\n', TEAMS);
    expect(byId).toEqual({ rows: [{ line: 2, email: 'zoe@example.com', teams: [{ teamId: 't-sales', roles: ['team_admin'] }], companyRoles: [] }] });
  });

  it('reads the teams column of a members export as it is written', () => {
    const exported = '\uFEFFuser_id,name,email,owner,company_roles,teams,joined_at,suspended_at\r\nu1,Ann,ann@example.com,no,admin; finance,"Engineering (hiring_manager, recruiter); Sales",2026-01-01,\r\n';
    const file = parseInvitationCsv(exported, TEAMS);
    expect(file).toEqual({
      rows: [
        {
          line: 2,
          email: 'ann@example.com',
          teams: [{ teamId: 't-eng', roles: ['hiring_manager', 'recruiter'] }, { teamId: 't-sales', roles: [] }],
          companyRoles: ['admin', 'finance'],
        },
      ],
    });
  });

  it('refuses a file without the email and teams columns, and one that is not CSV', () => {
    expect(parseInvitationCsv('mail,team\nann@example.com,Sales\n', TEAMS).error).toMatch(/email and teams/);
    expect(parseInvitationCsv('', TEAMS).error).toMatch(/email and teams/);
    expect(parseInvitationCsv('email,teams\n"ann@example.com,Sales\n', TEAMS).error).toMatch(/not CSV/);
    expect(parseInvitationCsv('', TEAMS).problem).toEqual({ kind: 'noHeader', header: 'email,teams,company_roles' });
    expect(parseInvitationCsv('email,teams\n"ann@example.com,Sales\n', TEAMS).problem?.kind).toBe('notCsv');
  });
});
