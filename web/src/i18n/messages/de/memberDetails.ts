import type { memberDetails as english } from '../en/memberDetails.js';
import { formatsOf } from '../../format.js';

const f = formatsOf('de');

export const memberDetails: typeof english = {
  loading: 'Das Mitglied wird geladen…',
  backToMembers: 'Zurück zu den Mitgliedern',
  members: '← Mitglieder',
  suspended: 'Gesperrt',
  noCompanyRole: 'Keine firmenweite Rolle',
  editCompanyRoles: 'Firmenrollen bearbeiten',
  teams: 'Teams',
  actionsFor: (team: string) => `Aktionen für ${team}`,
  editRoles: 'Rollen bearbeiten',
  leaveTeam: 'Team verlassen',
  removeFromTeam: 'Aus Team entfernen',
  plainMember: 'Mitglied, keine Teamrolle',
  addToTeam: 'Zu Team hinzufügen',
  contracts: 'Verträge',
  youContactOfNone: 'Sie sind bei keinem Vertrag Ansprechpartner.',
  contactOfNone: (name: string) => `${name} ist bei keinem Vertrag Ansprechpartner.`,

  theMember: 'Das Mitglied',
  removedFrom: (name: string, team: string) => `${name} wurde aus ${team} entfernt.`,
  addedTo: (name: string, team: string) => `${name} wurde zu ${team} hinzugefügt.`,
  theTeam: 'dem Team',

  leaveCompanyHeading: 'Die Firma verlassen',
  removeFromCompanyHeading: 'Aus der Firma entfernen',
  leaveCompany: 'Firma verlassen',
  removeMember: 'Mitglied entfernen',
  removeFromTeamTitle: (name: string, team: string) => `${name} aus ${team} entfernen?`,
  leaveTitle: (company: string) => `${company} verlassen?`,
  removeFromCompanyTitle: (name: string, company: string) => `${name} aus ${company} entfernen?`,
  checkingYours: 'Es wird geprüft, was Sie derzeit haben…',
  checking: (name: string) => `Es wird geprüft, was ${name} derzeit hat…`,
  confirm: 'Bestätigen',
  youLoseTeamRoles: (team: string) => `Sie verlieren die Rollen in ${team}.`,
  losesTeamRoles: (name: string, team: string) => `${name} verliert die Rollen in ${team}.`,
  yourLastTeam: (company: string) => ` Dies ist Ihr letztes Team: Sie sind dann kein Mitglied von ${company} mehr.`,
  theirLastTeam: (company: string) => ` Dies ist das letzte Team dieser Person: Danach ist sie kein Mitglied von ${company} mehr.`,
  youLoseAccess: (company: string) => `Sie verlieren sofort den Zugang zu ${company} und jedes Team und jede Rolle dort:`,
  losesAccess: (name: string, company: string) => `${name} verliert sofort den Zugang zu ${company} und jedes Team und jede Rolle dort:`,
  companyRoles: (roles: string) => `Firmenrollen: ${roles}`,
  yourInvitationsRevoked: 'Offene Einladungen, die Sie gesendet haben, werden zurückgezogen.',
  theirInvitationsRevoked: 'Offene Einladungen, die diese Person gesendet hat, werden zurückgezogen.',

  editRolesTitle: (name: string, team: string) => `Rollen bearbeiten: ${name} in ${team}`,
  noRoleMeansPlain: 'Ein Mitglied ohne Rolle ist ein einfaches Mitglied des Teams.',
  saveRoles: 'Rollen speichern',
  addTitle: (name: string) => `${name} zu einem Team hinzufügen`,
  editCompanyRolesTitle: (name: string) => `Firmenrollen bearbeiten: ${name}`,
  companyWideRoles: 'Firmenweite Rollen',

  blockedHeading: (name: string) => `${name} ist Ansprechpartner laufender Verträge`,
  blockedIntro:
    'Weisen Sie jeden Vertrag einem anderen Hiring Manager seines Teams zu, oder beenden Sie ihn. Versuchen Sie das Entfernen dann noch einmal.',
  trying: 'Wird versucht…',
  tryRemovalAgain: 'Entfernen noch einmal versuchen',

  contractsNaming: (name: string) => `Verträge, die noch ${name} nennen`,
  reassignIntro: 'Weisen Sie jeden einem anderen Hiring Manager seines Teams zu, oder beenden Sie ihn.',
  itsTeam: 'seinem Team',
  inTeam: (team: string) => `in ${team}`,
  reassign: 'Ansprechpartner neu zuweisen',
  endContract: 'Vertrag beenden',
  ended: 'Beendet.',
  reassignedTo: (name: string) => `${name} zugewiesen.`,
  endTitle: (title: string) => `Den Vertrag „${title}“ beenden?`,
  endConsequence: 'Der Vertrag endet jetzt und kann nicht fortgesetzt werden.',

  suspendedNotice: (name: string) => `${name} ist gesperrt.`,
  reinstatedNotice: (name: string) => `${name} ist wiederhergestellt.`,
  suspendedSince: (name: string, moment: string, company: string) =>
    `${name} wurde am ${moment} gesperrt und kann ${company} erst nach der Wiederherstellung wieder nutzen. Teams, Rollen und Verträge bleiben erhalten.`,
  suspendedReassignIntro:
    'Diese Person ist Ansprechpartner dieser Verträge. Weisen Sie jeden einem anderen Hiring Manager seines Teams zu, oder beenden Sie ihn.',
  reinstating: 'Wird wiederhergestellt…',
  reinstate: 'Wiederherstellen',
  suspendHeading: 'Sperren',
  suspendIntro: (company: string) => `Beendet den Zugang zu ${company} sofort; nichts, was die Person hat, wird ihr genommen.`,
  suspendMember: 'Mitglied sperren',
  suspendTitle: (name: string) => `${name} sperren?`,
  suspendLosesAccess: (name: string, company: string) =>
    `${name} verliert sofort den Zugang zu ${company}: Jede Sitzung und jedes API-Token dieser Person funktioniert hier nicht mehr. Andere Firmen der Person sind nicht betroffen.`,
  suspendKeeps: (contracts: number) =>
    contracts === 0
      ? 'Teams, Rollen und Firmenrollen bleiben erhalten. Offene Einladungen, die die Person hier gesendet hat, werden zurückgezogen.'
      : `Teams, Rollen und Firmenrollen bleiben erhalten, und die Person bleibt Ansprechpartner von ${f.count(contracts, { one: '# Vertrag, den', other: '# Verträgen, die' })} Sie neu zuweisen oder beenden können. Offene Einladungen, die die Person hier gesendet hat, werden zurückgezogen.`,
  suspendReversible: 'Durch die Wiederherstellung erhält die Person alles zurück, was sie hatte.',
  suspend: 'Sperren',
};
