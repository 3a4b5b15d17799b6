/**
 * The invitation list as a CSV file (docs/API.md "Invitations", "The invitation file"): read by
 * the page and by `roster invitations import` alike, so that a file means the same to both.
 *
 *   email,teams,company_roles
 *   ann@example.com,Engineering (hiring_manager; recruiter),
 *   bob@example.com,"Engineering; Sales (recruiter)",finance
 *
 * A header row names the columns, in any order and case: `email` and `teams` are needed,
 * `company_roles` may be left out, any other column is ignored (so a members export, whose
 * `teams` and `company_roles` columns are written this way, can be read as it is). `teams` holds
 * one or more teams separated by `;`, each a team's name (any case) or id, with its roles in
 * parentheses separated by `,` or `;` (`Engineering (hiring_manager, recruiter)`); a role may be
 * written as listed or as it reads (`Hiring manager`). Blank lines are skipped.
 *
 * Pure: the parser is csv-parse's browser build, which runs in Node as well.
 */
import { parse } from 'csv-parse/browser/esm/sync';
import { z } from 'zod';
import { normalizeEmail, normalizeName, teamNameKey } from './normalize.js';
import { COMPANY_ROLES, isCompanyRole, isTeamRole, sortCompanyRoles, sortTeamRoles, TEAM_ROLES, type CompanyRole, type TeamRole } from './roles.js';

/** A team a file may name, by name or by id. */
export interface CsvTeam {
  id: string;
  name: string;
}

/**
 * Why the file or a row cannot be read: its kind and particulars, which `error` words in English
 * (for the CLI and the server's details) and the page words in its own language.
 */
export type CsvProblem =
  | { kind: 'notCsv'; reason: string }
  | { kind: 'noHeader'; header: string }
  | { kind: 'noEmail' }
  | { kind: 'notAnEmail'; email: string }
  | { kind: 'noTeam' }
  | { kind: 'unknownTeam'; team: string }
  | { kind: 'teamTwice'; team: string }
  | { kind: 'notATeamRole'; written: string; roles: readonly string[] }
  | { kind: 'notACompanyRole'; written: string; roles: readonly string[] };

/** One person of the file: what to invite them to, or why the row cannot be read. */
export type CsvRow =
  | { line: number; email: string; teams: { teamId: string; roles: TeamRole[] }[]; companyRoles: CompanyRole[]; error?: undefined; problem?: undefined }
  | { line: number; email: string; error: string; problem: CsvProblem };

/** The rows of the file, or why the file as a whole cannot be read. */
export type CsvFile = { rows: CsvRow[]; error?: undefined; problem?: undefined } | { error: string; problem: CsvProblem };

/** The invitation file's columns, as its header names them. */
export const INVITATION_CSV_HEADER = 'email,teams,company_roles';

/** A problem of the file in English. */
export function csvProblemText(problem: CsvProblem): string {
  switch (problem.kind) {
    case 'notCsv':
      return `The file is not CSV that can be read: ${problem.reason}`;
    case 'noHeader':
      return `The first line must name the columns, with email and teams among them: ${problem.header}`;
    case 'noEmail':
      return 'No email';
    case 'notAnEmail':
      return `${problem.email} is not an email address`;
    case 'noTeam':
      return 'No team: name at least one';
    case 'unknownTeam':
      return `No team called ${problem.team}`;
    case 'teamTwice':
      return `${problem.team} is named twice`;
    case 'notATeamRole':
      return `${problem.written} is not a team role (${problem.roles.join(', ')})`;
    case 'notACompanyRole':
      return `${problem.written} is not a company role (${problem.roles.join(', ')})`;
  }
}

const fileProblem = (problem: CsvProblem): CsvFile => ({ error: csvProblemText(problem), problem });

const emailAddress = z.email();

/** Reads an invitation file against the company's teams. */
export function parseInvitationCsv(text: string, teams: readonly CsvTeam[]): CsvFile {
  type Read = { record: Record<string, string | undefined>; info: { lines: number } };
  let records: Read[];
  let header: string[] = [];
  try {
    records = parse<Read>(text, {
      bom: true,
      columns: (names: string[]) => (header = names.map((name) => name.trim().toLowerCase().replace(/[\s-]+/g, '_'))),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    });
  } catch (error) {
    return fileProblem({ kind: 'notCsv', reason: error instanceof Error ? error.message : String(error) });
  }
  if (!header.includes('email') || !header.includes('teams')) {
    return fileProblem({ kind: 'noHeader', header: INVITATION_CSV_HEADER });
  }
  const byId = new Map(teams.map((team) => [team.id, team]));
  const byName = new Map(teams.map((team) => [nameKey(team.name), team]));
  return {
    rows: records.map(({ record, info }) => readRow(record, info.lines, byId, byName)),
  };
}

function readRow(
  record: Record<string, string | undefined>,
  line: number,
  byId: ReadonlyMap<string, CsvTeam>,
  byName: ReadonlyMap<string, CsvTeam>,
): CsvRow {
  const email = normalizeEmail(record.email ?? '');
  const refuse = (problem: CsvProblem): CsvRow => ({ line, email, error: csvProblemText(problem), problem });
  if (email === '') return refuse({ kind: 'noEmail' });
  if (!emailAddress.safeParse(email).success) return refuse({ kind: 'notAnEmail', email });
  const cells = (record.teams ?? '').split(';').map((cell) => cell.trim()).filter((cell) => cell !== '');
  // `Sales (recruiter; work_diary)`: a `;` inside parentheses separates roles, not teams.
  const parts = joinParenthesised(cells);
  if (parts.length === 0) return refuse({ kind: 'noTeam' });
  const granted: { teamId: string; roles: TeamRole[] }[] = [];
  for (const part of parts) {
    const match = /^(.*?)\s*(?:\(([^()]*)\))?$/.exec(part);
    const teamName = match?.[1]?.trim() ?? part;
    const team = byId.get(teamName) ?? byName.get(nameKey(teamName));
    if (!team) return refuse({ kind: 'unknownTeam', team: teamName });
    if (granted.some((grant) => grant.teamId === team.id)) return refuse({ kind: 'teamTwice', team: team.name });
    const roles: TeamRole[] = [];
    for (const written of splitList(match?.[2] ?? '')) {
      const role = roleName(written);
      if (!isTeamRole(role)) return refuse({ kind: 'notATeamRole', written, roles: TEAM_ROLES });
      roles.push(role);
    }
    granted.push({ teamId: team.id, roles: sortTeamRoles(new Set(roles)) });
  }
  const companyRoles: CompanyRole[] = [];
  for (const written of splitList(record.company_roles ?? '')) {
    const role = roleName(written);
    if (!isCompanyRole(role)) return refuse({ kind: 'notACompanyRole', written, roles: COMPANY_ROLES });
    companyRoles.push(role);
  }
  return { line, email, teams: granted, companyRoles: sortCompanyRoles(new Set(companyRoles)) };
}

/** A team's name as teams are told apart: ignoring case and spacing (§1). */
const nameKey = (name: string): string => teamNameKey(normalizeName(name));

/** `a; b` or `a, b` as its items, trimmed, without empty ones. */
const splitList = (cell: string): string[] =>
  cell
    .split(/[;,+]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** A role as written (`Hiring manager`, `hiring-manager`) as the roles table names it. */
const roleName = (written: string): string => written.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** The `;`-separated pieces of a teams cell joined again where a `;` fell inside parentheses. */
function joinParenthesised(cells: readonly string[]): string[] {
  const parts: string[] = [];
  let open: string | null = null;
  for (const cell of cells) {
    const joined: string = open === null ? cell : `${open}; ${cell}`;
    const depth = (joined.match(/\(/g) ?? []).length - (joined.match(/\)/g) ?? []).length;
    if (depth > 0) open = joined;
    else {
      parts.push(joined);
      open = null;
    }
  }
  if (open !== null) parts.push(open);
  return parts;
}
