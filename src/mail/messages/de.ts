import type { MailMessages } from './en.js';

/**
 * The German words of every mail (formal address, "Sie"). `satisfies MailMessages`: a message
 * missing here, one the English catalogue lacks, or one taking parameters of other types does not compile.
 */
export const de = {
  locale: 'de',
  roles: {
    owner: 'Kontoinhaber',
    admin: 'Kontoadministrator',
    finance: 'Finanzadministrator',
    team_admin: 'Teamadministrator',
    hiring_manager: 'Hiring Manager',
    recruiter: 'Recruiter',
    work_diary: 'Arbeitstagebuch-Leser',
  },
  greeting: (name: string) => `Hallo ${name},`,
  minutes: { one: 'Minute', other: 'Minuten' },
  hours: { one: 'Stunde', other: 'Stunden' },

  invitation: {
    subject: (inviter: string, company: string) => `${inviter} hat Sie eingeladen, ${company} auf Roster beizutreten`,
    greeting: 'Hallo,',
    invited: (inviter: string, company: string) => `${inviter} hat Sie eingeladen, ${company} auf Roster beizutreten.`,
    teams: { one: 'Sie werden Mitglied dieses Teams:', other: 'Sie werden Mitglied dieser Teams:' },
    team: (team: string, roles: string) => `- ${team} (${roles})`,
    noRoles: 'Mitglied',
    companyRoles: (roles: string, company: string) => `Außerdem werden Sie ${roles} bei ${company}.`,
    accept: 'Einladung annehmen:',
    wrote: (inviter: string) => `${inviter} schreibt:`,
    expires: (date: string) => `Diese Einladung läuft am ${date} ab.`,
    ignore: 'Falls Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.',
  },

  verification: {
    subject: 'Bestätigen Sie Ihre E-Mail-Adresse für Roster',
    open: 'Bitte bestätigen Sie Ihre E-Mail-Adresse für Roster, indem Sie diesen Link öffnen:',
    ignore: 'Falls Sie sich nicht bei Roster registriert haben, können Sie diese E-Mail ignorieren.',
  },

  passwordReset: {
    subject: 'Setzen Sie Ihr Roster-Passwort zurück',
    open: 'Jemand (hoffentlich Sie) hat darum gebeten, das Passwort Ihres Roster-Kontos zurückzusetzen. Wählen Sie hier ein neues:',
    validity: (duration: string) => `Der Link gilt einmalig für ${duration}. Mit einem neuen Passwort werden Sie überall abgemeldet.`,
    ignore: 'Falls Sie nicht darum gebeten haben, können Sie diese E-Mail ignorieren: Ihr Passwort bleibt, wie es ist.',
  },

  passwordChanged: {
    subject: 'Ihr Roster-Passwort wurde geändert',
    reset: (date: string) => `Das Passwort Ihres Roster-Kontos wurde am ${date} mit einem an diese Adresse gesendeten Link zurückgesetzt.`,
    changed: (date: string) => `Das Passwort Ihres Roster-Kontos wurde am ${date} geändert.`,
    resetSignedOut: 'Alle Sitzungen Ihres Kontos wurden abgemeldet.',
    changedSignedOut: 'Alle anderen Sitzungen Ihres Kontos wurden abgemeldet.',
    notYou: 'Falls Sie das nicht waren, setzen Sie Ihr Passwort sofort zurück:',
  },

  emailChange: {
    subject: 'Bestätigen Sie Ihre neue E-Mail-Adresse für Roster',
    open: 'Um diese Adresse zur E-Mail-Adresse Ihres Roster-Kontos zu machen, öffnen Sie diesen Link:',
    validity: (duration: string) => `Der Link gilt einmalig für ${duration}. Bis dahin behält Ihr Konto seine bisherige E-Mail-Adresse.`,
    ignore: 'Falls Sie nicht darum gebeten haben, können Sie diese E-Mail ignorieren.',
  },

  emailChanged: {
    subject: 'Die E-Mail-Adresse Ihres Roster-Kontos wurde geändert',
    changed: (newEmail: string, date: string) =>
      `Die E-Mail-Adresse Ihres Roster-Kontos wurde am ${date} von dieser Adresse in ${newEmail} geändert.`,
    mailGoesThere: 'E-Mails zu Ihrem Konto gehen jetzt dorthin, auch die zum Zurücksetzen des Passworts.',
    notYou:
      'Falls Sie das nicht waren, melden Sie sich an, ändern Sie Ihr Passwort und stellen Sie Ihre E-Mail-Adresse wieder her; können Sie sich nicht anmelden, bitten Sie den Inhaber Ihres Unternehmens auf Roster um Hilfe.',
  },

  webhookDisabled: {
    subject: (company: string) => `Ein Webhook-Endpunkt von ${company} wurde abgeschaltet`,
    turnedOff: (company: string, date: string) =>
      `Roster hat einen Webhook-Endpunkt von ${company} abgeschaltet: Jede Zustellung an ihn ist seit dem ${date} fehlgeschlagen.`,
    endpoint: (url: string) => `Endpunkt: ${url}`,
    next: 'Es werden keine Ereignisse mehr an ihn gesendet, und die noch wartenden Zustellungen wurden aufgegeben. Sein Zustellprotokoll zeigt, was er geantwortet hat. Sobald er wieder funktioniert, schalten Sie ihn wieder ein und stellen Sie erneut zu, was er verpasst hat:',
  },
} satisfies MailMessages;
