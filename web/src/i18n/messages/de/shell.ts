import type { shell as english } from '../en/shell.js';

export const shell: typeof english = {
  settings: 'Einstellungen',
  nav: {
    members: 'Mitglieder & Berechtigungen',
    teams: 'Teams',
    contracts: 'Verträge',
    security: 'Sicherheit',
    invitations: 'Offene Einladungen',
    domains: 'Domains',
    scim: 'SCIM',
    webhooks: 'Webhooks',
    auditLog: 'Audit-Log',
    joinRequests: 'Beitrittsanfragen',
  },
  noAccessTitle: 'Kein Zugriff',
  noAccess: 'Sie haben keinen Zugriff auf diese Firma. Möglicherweise wurden Sie aus ihr entfernt.',
  goToCompanies: 'Zu Ihren Firmen',
  loadingCompany: 'Die Firma wird geladen…',
  pageNotFound: 'Seite nicht gefunden.',

  createCompanyTitle: 'Firma anlegen',
  createCompanyIntro: 'Das Recruiting-Konto Ihrer Firma: Sie werden sein Kontoinhaber und können dann Ihre Kolleginnen und Kollegen einladen.',
  companyName: 'Name der Firma',
  creating: 'Wird angelegt…',
  createCompany: 'Firma anlegen',

  confirmTitle: 'Bestätigen Sie, dass Sie es sind',
  confirmIntro:
    'Geben Sie für diese Änderung Ihr Passwort erneut ein. Sie werden 10 Minuten lang nicht noch einmal gefragt. Mit Single Sign-on und ohne Passwort angemeldet? Melden Sie sich ab, darüber erneut an und nehmen Sie die Änderung innerhalb von 10 Minuten vor.',
  confirmAndContinue: 'Bestätigen und fortfahren',
  confirming: 'Wird bestätigt…',
  password: 'Passwort',
  authenticationCode: 'Authentifizierungscode',
  authenticationCodeHint: 'Der 6-stellige Code, den Ihre Authenticator-App gerade anzeigt.',

  confirmEmailRegion: 'Bestätigen Sie Ihre E-Mail-Adresse',
  confirmEmailBefore: 'Bestätigen Sie Ihre E-Mail-Adresse (',
  confirmEmailAfter: '), um Personen einzuladen.',
  sending: 'Wird gesendet…',
  sendLinkAgain: 'Link erneut senden',
  linkSentAgain: (email: string) => `Wir haben einen neuen Link an ${email} gesendet. Öffnen Sie ihn, um Ihre Adresse zu bestätigen.`,
  emailConfirmed: 'Ihre E-Mail-Adresse ist bestätigt.',

  copyToken: 'Token kopieren',
  copied: 'Kopiert.',
  copyFailed: 'Das Kopieren hat nicht geklappt: Markieren Sie das Token und kopieren Sie es selbst.',
};
