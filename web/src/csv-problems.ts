import type { CsvProblem } from '../../src/domain/invitation-csv.js';
import { messages } from './i18n/catalogues.js';

/** Why the file or a row cannot be read, in the page's language. */
export function csvProblemWords(problem: CsvProblem): string {
  const words = messages().inviteMany.problems;
  switch (problem.kind) {
    case 'notCsv':
      return words.notCsv(problem.reason);
    case 'noHeader':
      return words.noHeader(problem.header);
    case 'noEmail':
      return words.noEmail;
    case 'notAnEmail':
      return words.notAnEmail(problem.email);
    case 'noTeam':
      return words.noTeam;
    case 'unknownTeam':
      return words.unknownTeam(problem.team);
    case 'teamTwice':
      return words.teamTwice(problem.team);
    case 'notATeamRole':
      return words.notATeamRole(problem.written, problem.roles.join(', '));
    case 'notACompanyRole':
      return words.notACompanyRole(problem.written, problem.roles.join(', '));
  }
}
