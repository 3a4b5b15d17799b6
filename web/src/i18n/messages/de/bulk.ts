import type { bulk as english } from '../en/bulk.js';
import { formatsOf } from '../../format.js';

const f = formatsOf('de');

export const bulk: typeof english = {
  actions: {
    add_to_team: 'Zu Team hinzufügen',
    set_team_roles: 'Rollen im Team festlegen',
    remove_from_team: 'Aus Team entfernen',
    suspend: 'Sperren',
    remove_from_company: 'Aus Firma entfernen',
  },
  outcomes: {
    add_to_team: (changed: number, total: number) => `${f.number(changed)} von ${f.number(total)} hinzugefügt`,
    set_team_roles: (changed: number, total: number) => `${f.number(changed)} von ${f.number(total)} mit den neuen Rollen`,
    remove_from_team: (changed: number, total: number) => `${f.number(changed)} von ${f.number(total)} aus dem Team entfernt`,
    suspend: (changed: number, total: number) => `${f.number(changed)} von ${f.number(total)} gesperrt`,
    remove_from_company: (changed: number, total: number) => `${f.number(changed)} von ${f.number(total)} entfernt`,
  },
  theMember: 'das Mitglied',
  theTeam: 'dem Team',
  hiddenTeam: (name: string) => `${name} (ausgeblendet)`,

  stepTitle: (action: string, whom: string) => `${action}: ${whom}`,
  continue: 'Weiter',
  working: 'Wird ausgeführt…',
  noTeam: 'Es gibt kein Team, in dem Sie das tun können.',
  team: 'Team',
  chooseTeam: 'Team wählen',
  noRoleMeansPlain: 'Keine: ein einfaches Mitglied des Teams.',
  rolesIn: (team: string) => `Rollen in ${team}`,

  removeFromTeamTitle: (whom: string, team: string) => `${whom} aus ${team} entfernen?`,
  suspendTitle: (whom: string) => `${whom} sperren?`,
  removeFromCompanyTitle: (whom: string, company: string) => `${whom} aus ${company} entfernen?`,
  oneLosesTeamRoles: (team: string, company: string) =>
    `Die Person verliert die Rollen in ${team}. Wer dort sein letztes Team verlässt, ist danach kein Mitglied von ${company} mehr.`,
  eachLosesTeamRoles: (team: string, company: string) =>
    `Jede Person verliert die Rollen in ${team}. Wer dort sein letztes Team verlässt, ist danach kein Mitglied von ${company} mehr.`,
  oneLosesAccess: (company: string) => `Die Person verliert sofort den Zugang zu ${company} und jedes Team und jede Rolle dort.`,
  manyLoseAccess: (count: number, company: string) =>
    f.count(count, {
      one: `# Mitglied verliert sofort den Zugang zu ${company} und jedes Team und jede Rolle dort.`,
      other: `# Mitglieder verlieren sofort den Zugang zu ${company} und jedes Team und jede Rolle dort.`,
    }),
  oneInvitationsRevoked: 'Offene Einladungen, die die Person gesendet hat, werden zurückgezogen.',
  eachInvitationsRevoked: 'Offene Einladungen, die eine dieser Personen gesendet hat, werden zurückgezogen.',
  oneSuspended: (company: string) =>
    `Die Person verliert sofort den Zugang zu ${company}; Teams, Rollen und Verträge bleiben erhalten, offene Einladungen der Person werden zurückgezogen. Durch die Wiederherstellung erhält sie alles zurück.`,
  manySuspended: (count: number, company: string) =>
    f.count(count, {
      one: `# Mitglied verliert sofort den Zugang zu ${company}; Teams, Rollen und Verträge bleiben erhalten, offene Einladungen werden zurückgezogen. Durch die Wiederherstellung kommt alles zurück.`,
      other: `# Mitglieder verlieren sofort den Zugang zu ${company}; Teams, Rollen und Verträge bleiben erhalten, offene Einladungen werden zurückgezogen. Durch die Wiederherstellung kommt alles zurück.`,
    }),
  skipped:
    'Wer nicht geändert werden kann (der Kontoinhaber, ein Ansprechpartner eines laufenden Vertrags, jemand, dem Sie nicht übergeordnet sind), bleibt, wie er ist, und wird anschließend aufgeführt.',

  reportHeading: (action: string, team: string | null, outcome: string) => `${action}${team === null ? '' : ` (${team})`}: ${outcome}`,
  alreadySo: (count: number) =>
    f.count(count, { one: '# Mitglied ist bereits so: nichts zu ändern.', other: '# Mitglieder sind bereits so: nichts zu ändern.' }),
  nobodyRefused: 'Niemand wurde abgelehnt.',
  refusedCount: (count: number) => f.count(count, { one: '# Mitglied abgelehnt:', other: '# Mitglieder abgelehnt:' }),
  refused: 'Abgelehnt.',
  noLongerMember: 'Jemand, der kein Mitglied mehr ist',
  contractsKeeping: (name: string) => `Verträge, die ${name} binden`,
  retryIntro: 'Weisen Sie jeden einem anderen Hiring Manager seines Teams zu, oder beenden Sie ihn. Versuchen Sie es dann noch einmal.',
  trying: 'Wird versucht…',
  tryAgainFor: (name: string) => `Für ${name} noch einmal versuchen`,
  closeReport: 'Bericht schließen',
};
