import type { ownership as english } from '../en/ownership.js';

export const ownership: typeof english = {
  notYourPassword: 'Das ist nicht Ihr Passwort. Geben Sie das Passwort ein, mit dem Sie sich anmelden.',
  contractsInTheWay:
    'Als ehemaliger Kontoinhaber könnten Sie nicht Ansprechpartner dieser Verträge in Teams bleiben, in denen Sie kein Hiring Manager sind. Ändern Sie den Ansprechpartner oder beenden Sie die Verträge zuerst:',
  confirmFirst: 'Nichts wurde geändert: Bestätigen Sie, dass Sie es sind, um die Inhaberschaft zu übertragen.',
  done: (member: string, company: string) => `${member} ist jetzt Kontoinhaber von ${company}. Sie bleiben Mitglied, mit der Rolle Administrator.`,
  title: 'Inhaberschaft übertragen',
  intro: (member: string, company: string) =>
    `${member} zum Kontoinhaber von ${company} machen. Es gibt nur einen Kontoinhaber; Sie blieben als Administrator Mitglied.`,
  confirmTitle: (member: string, company: string) => `${member} zum Kontoinhaber von ${company} machen?`,
  theyBecome: (member: string) =>
    `${member} wird Kontoinhaber und darf alles, auch die Rollen Administrator und Finanzen vergeben und entziehen, Teams ausblenden und die Inhaberschaft weitergeben. Ist die Person nicht im Standardteam der Firma, tritt sie ihm bei.`,
  youStay: (member: string, company: string) =>
    `Sie bleiben Mitglied von ${company} mit Ihren Teams und Rollen und erhalten zusätzlich die Rolle Administrator. Sie sind nicht mehr Kontoinhaber: Nur ${member} kann Sie wieder dazu machen.`,
  enterPassword: 'Geben Sie zur Bestätigung Ihr Passwort ein.',
  yourPassword: 'Ihr Passwort',
  transferring: 'Wird übertragen…',
};
