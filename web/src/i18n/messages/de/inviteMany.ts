import type { inviteMany as english } from '../en/inviteMany.js';
import { formatsOf } from '../../format.js';

const f = formatsOf('de');

export const inviteMany: typeof english = {
  people: 'Personen (CSV)',
  format: <Part>(header: Part, example: Part): (string | Part)[] => ['Eine Kopfzeile, dann eine Person pro Zeile: ', header, '; Teams in der Form ', example, '.'],
  upload: 'Oder eine CSV-Datei hochladen',
  noRows: 'Die Datei hat unter ihrer Kopfzeile keine Zeilen.',
  checkRows: 'Zeilen prüfen',
  checking: 'Wird geprüft…',
  send: (count: number) => f.count(count, { one: '# Einladung senden', other: '# Einladungen senden' }),
  sending: 'Wird gesendet…',

  rowsToInvite: 'Einzuladende Zeilen',
  whatEachRowDid: 'Ergebnis jeder Zeile',
  scrollable: (caption: string) => `${caption}, scrollbar`,
  line: 'Zeile',
  email: 'E-Mail',
  teamsAndRoles: 'Teams und Rollen',
  check: 'Prüfung',
  result: 'Ergebnis',
  noEmail: '(keine)',
  ready: 'Bereit',
  invited: 'Eingeladen',
  notSent: 'Nicht gesendet',
  notSentBecause: (reason: string) => `Nicht gesendet: ${reason}`,
  refused: (reason: string) => `Abgelehnt: ${reason}`,
  summary: (invited: number, notInvited: number) => `${f.number(invited)} eingeladen, ${f.number(notInvited)} nicht.`,

  giveBack: 'Frühere Teams und Rollen zurückgeben',
  giveBackTo: (email: string) => `Frühere Teams und Rollen an ${email} zurückgeben`,
  removed: (moment: string, held: string) => `Entfernt am ${moment}: ${held}`,
  notGivenBack: (what: string) => `Nicht zurückgegeben, da Sie es nicht vergeben dürfen: ${what}`,
  goneTeam: 'ein nicht mehr vorhandenes Team',
  hiddenTeam: (name: string) => `${name} (ausgeblendet)`,
  roleIn: (role: string, team: string) => `${role} in ${team}`,

  problems: {
    notCsv: (reason: string) => `Die Datei ist keine lesbare CSV-Datei: ${reason}`,
    noHeader: (header: string) => `Die erste Zeile muss die Spalten benennen, darunter email und teams: ${header}`,
    noEmail: 'Keine E-Mail',
    notAnEmail: (email: string) => `${email} ist keine E-Mail-Adresse`,
    noTeam: 'Kein Team: Nennen Sie mindestens eines',
    unknownTeam: (team: string) => `Kein Team namens ${team}`,
    teamTwice: (team: string) => `${team} wird zweimal genannt`,
    notATeamRole: (written: string, roles: string) => `${written} ist keine Teamrolle (${roles})`,
    notACompanyRole: (written: string, roles: string) => `${written} ist keine Firmenrolle (${roles})`,
  },
};
