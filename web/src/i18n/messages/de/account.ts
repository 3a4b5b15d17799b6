import type { account as english } from '../en/account.js';
import { formatsOf } from '../../format.js';

const f = formatsOf('de');

export const account: typeof english = {
  sections: {
    profile: 'Profil',
    email: 'E-Mail',
    password: 'Passwort',
    twoFactor: 'Zwei-Faktor-Authentifizierung',
    sessions: 'Sitzungen',
    tokens: 'API-Tokens',
    securityLog: 'Sicherheitsprotokoll',
    companies: 'Firmen, denen Sie beitreten können',
    delete: 'Konto löschen',
  },
  goToAccount: 'Zu Ihrem Konto',
  password: 'Passwort',

  name: 'Name',
  saveName: 'Name speichern',
  nameSaved: 'Ihr Name ist gespeichert.',
  email: 'E-Mail',
  changeEmail: 'E-Mail-Adresse ändern',

  emailIs: 'Ihre E-Mail-Adresse ist ',
  emailConfirmed: ' (bestätigt).',
  emailNotConfirmed: ' (noch nicht bestätigt).',
  loadingEmail: 'Ihre E-Mail-Adresse wird geladen…',
  emailChangePending: (pending: string, until: string, current: string) =>
    `Wir haben einen Link an ${pending} gesendet. Öffnen Sie ihn vor ${until}, um diese Adresse zu Ihrer E-Mail-Adresse zu machen; bis dahin bleibt sie ${current}.`,
  cancelling: 'Wird abgebrochen…',
  cancelEmailChange: 'Diese Änderung abbrechen',
  changeEmailTitle: 'E-Mail-Adresse ändern',
  emailInUse: 'Ein anderes Konto verwendet diese E-Mail-Adresse. Wählen Sie eine andere.',
  newEmail: 'Neue E-Mail-Adresse',
  newEmailHint:
    'Wir senden einen Link an die neue Adresse; die Änderung gilt, sobald Sie ihn öffnen, und Ihre bisherige Adresse wird dann benachrichtigt.',
  sending: 'Wird gesendet…',
  sendConfirmationLink: 'Bestätigungslink senden',

  passwordChanged: (othersEnded: number) =>
    `Ihr Passwort ist geändert. ${
      othersEnded === 0
        ? 'Sie hatten keine anderen Sitzungen.'
        : f.count(othersEnded, { one: '# andere Sitzung wurde abgemeldet.', other: '# andere Sitzungen wurden abgemeldet.' })
    }`,
  currentPassword: 'Aktuelles Passwort',
  notCurrentPassword: 'Das ist nicht Ihr aktuelles Passwort.',
  passwordChangeSignsOut: 'Wenn Sie Ihr Passwort ändern, werden alle anderen Sitzungen Ihres Kontos abgemeldet; diese bleibt angemeldet.',
  changePassword: 'Passwort ändern',

  twoFactorLoading: 'Die Zwei-Faktor-Authentifizierung wird geladen…',
  twoFactorRequired: 'Eine Firma, der Sie angehören, verlangt, dass Sie die Zwei-Faktor-Authentifizierung einschalten, bevor Sie fortfahren.',
  twoFactorIntro:
    'Die Zwei-Faktor-Authentifizierung fragt bei der Anmeldung neben Ihrem Passwort nach einem Code aus einer App auf Ihrem Telefon, damit ein gestohlenes Passwort allein Ihr Konto nicht öffnet.',
  twoFactorIsOff: 'Die Zwei-Faktor-Authentifizierung ist ausgeschaltet.',
  preparing: 'Wird vorbereitet…',
  turnOnTwoFactor: 'Zwei-Faktor-Authentifizierung einschalten',
  setUpApp: 'Authenticator-App einrichten',
  setUpScan: 'Öffnen Sie eine Authenticator-App (Google Authenticator, 1Password, Authy…) und scannen Sie diesen QR-Code.',
  setUpCode: 'Geben Sie den 6-stelligen Code ein, den die App dann anzeigt.',
  qrAlt: 'QR-Code Ihres Zwei-Faktor-Schlüssels, für Ihre Authenticator-App',
  cannotScan: 'Scannen klappt nicht? Geben Sie diesen Schlüssel in der App ein:',
  codeFromApp: 'Code aus der App',
  checking: 'Wird geprüft…',
  turnOn: 'Einschalten',
  recoveryCodesFile: (email: string) =>
    `Roster-Wiederherstellungscodes für ${email}\nJeder Code funktioniert einmal, anstelle eines Codes aus Ihrer App.`,
  codesCopied: 'Die Wiederherstellungscodes sind kopiert.',
  codesCopyRefused: 'Der Browser hat das Kopieren verweigert; markieren und kopieren Sie die Codes selbst, oder laden Sie sie herunter.',
  yourRecoveryCodes: 'Ihre Wiederherstellungscodes',
  keepCodesSafe:
    'Bewahren Sie diese sicher auf. Wenn Sie Ihr Telefon verlieren, meldet Sie jeder Code einmal an, anstelle eines Codes aus der App. Sie werden nur jetzt angezeigt.',
  copyCodes: 'Codes kopieren',
  downloadCodes: 'Codes herunterladen',
  twoFactorIsOn: 'Zwei-Faktor-Authentifizierung eingeschaltet',
  twoFactorOnSince: (day: string, left: number) => ` seit ${day}. Verbleibende Wiederherstellungscodes: ${f.number(left)}.`,
  recoveryCodes: 'Wiederherstellungscodes',
  newCodesReplace: 'Neue Codes ersetzen die alten, ob benutzt oder nicht.',
  makingCodes: 'Neue Codes werden erstellt…',
  makeCodes: 'Neue Wiederherstellungscodes erstellen',
  turnOffTitle: 'Zwei-Faktor-Authentifizierung ausschalten',
  codeOrRecoveryCode: 'Code aus der App oder Wiederherstellungscode',
  turningOff: 'Wird ausgeschaltet…',
  turnOff: 'Ausschalten',

  unknownClient: 'Unbekannter Client',
  signedOutOf: (client: string) => `${client} ist abgemeldet.`,
  noOtherSessions: 'Es gab keine anderen Sitzungen.',
  signedOutOthers: (count: number) => `${f.count(count, { one: '# andere Sitzung ist', other: '# andere Sitzungen sind' })} abgemeldet.`,
  yourSessions: 'Ihre Sitzungen',
  sessionsIntro: 'Die Browser und Programme, die bei Ihrem Konto angemeldet sind. Melden Sie jede ab, die Sie nicht kennen.',
  loadingSessions: 'Sitzungen werden geladen…',
  sessionsList: 'Sitzungen',
  thisSession: ' · diese Sitzung',
  signOutSession: (client: string, since: string, current: boolean) =>
    `${client} abmelden, angemeldet am ${since}${current ? ' (diese Sitzung)' : ''}`,
  signOut: 'Abmelden',
  sessionSeen: (since: string, ip: string | null, lastUsed: string) =>
    `Angemeldet am ${since}${ip === null ? '' : ` von ${ip}`} · zuletzt verwendet am ${lastUsed}`,
  signingOut: 'Wird abgemeldet…',
  signOutOthers: 'Andere Sitzungen abmelden',

  expiry: { days30: '30 Tage', days90: '90 Tage', year: 'Ein Jahr', never: 'Nie (bis zum Widerruf)' },
  newTokenRegion: 'Ihr neues Token',
  token: 'Token',
  copyNewToken: (name: string) => `Kopieren Sie Ihr neues Token „${name}“ jetzt.`,
  notShownAgain: ' Es wird nicht noch einmal angezeigt.',
  tokenRevoked: (name: string) => `Das Token „${name}“ ist widerrufen: Es funktioniert nicht mehr.`,
  tokensIntro: 'Mit einem Token kann ein Skript über die API in Ihrem Namen handeln. Behandeln Sie es wie ein Passwort.',
  makeTokenTitle: 'Token erstellen',
  tokenName: 'Name des Tokens',
  tokenNameHint: 'Wofür es ist, etwa „CI“.',
  expiresAfter: 'Läuft ab nach',
  making: 'Wird erstellt…',
  makeToken: 'Token erstellen',
  yourTokens: 'Ihre Tokens',
  loadingTokens: 'Tokens werden geladen…',
  noTokens: 'Sie haben keine API-Tokens.',
  tokensList: 'Tokens',
  revokeNamed: (name: string) => `${name} widerrufen`,
  revoke: 'Widerrufen',
  tokenSeen: (made: string, lastUsed: string | null, expires: string | null) =>
    `Erstellt am ${made} · ${lastUsed === null ? 'nie verwendet' : `zuletzt verwendet am ${lastUsed}`} · ${
      expires === null ? 'läuft nicht ab' : `läuft ab am ${expires}`
    }`,
  revokeTitle: (name: string | null) => (name === null ? 'Token widerrufen?' : `${name} widerrufen?`),
  revokeConsequences: 'Skripte, die dieses Token verwenden, funktionieren sofort nicht mehr. Das lässt sich nicht rückgängig machen.',
  revokeToken: 'Token widerrufen',

  securityLogIntro: 'Änderungen daran, wie Ihr Konto erreichbar ist, 90 Tage lang aufbewahrt.',
  loadingSecurityLog: 'Das Sicherheitsprotokoll wird geladen…',
  nothingLogged: 'Nichts in den letzten 90 Tagen.',
  securityEvents: 'Sicherheitsereignisse',
  showOlderEvents: 'Ältere Ereignisse anzeigen',
  events: {
    tokenMade: (name: string) => `API-Token „${name}“ erstellt`,
    tokenRevokedByItself: (name: string) => `API-Token „${name}“ hat sich selbst widerrufen`,
    tokenRevoked: (name: string) => `API-Token „${name}“ widerrufen`,
    signedOutEverywhere: (sessions: number, tokens: number | null) =>
      `Überall abgemeldet (${f.count(sessions, { one: '# Sitzung', other: '# Sitzungen' })}${
        tokens === null ? '' : ` und ${f.count(tokens, { one: '# API-Token', other: '# API-Tokens' })}`
      } beendet)`,
    signedOutHere: (client: string) => `Von dieser Sitzung abgemeldet (${client})`,
    signedOutSession: (client: string) => `Eine Sitzung von ${client} abgemeldet`,
    signedOutOthers: (sessions: number) => `Von anderen Sitzungen abgemeldet (${f.count(sessions, { one: '# Sitzung', other: '# Sitzungen' })} beendet)`,
    accountDeleted: 'Konto gelöscht',
    passwordChanged: (ended: number) => `Passwort geändert (${f.count(ended, { one: '# andere Sitzung', other: '# andere Sitzungen' })} beendet)`,
    resetRequested: 'Zurücksetzen des Passworts angefordert',
    passwordReset: (ended: number) => `Passwort per E-Mail zurückgesetzt (${f.count(ended, { one: '# Sitzung', other: '# Sitzungen' })} beendet)`,
    emailChangeRequested: (email: string) => `Änderung der E-Mail-Adresse zu ${email} angefordert`,
    emailChanged: (from: string, to: string) => `E-Mail-Adresse von ${from} zu ${to} geändert`,
    signedInWithCode: 'Mit einem Zwei-Faktor-Code angemeldet',
    signedInWithRecoveryCode: 'Mit einem Wiederherstellungscode angemeldet',
    signedInWithSso: (accountMade: boolean) => `Mit Single Sign-on angemeldet${accountMade ? ' (dabei wurde das Konto angelegt)' : ''}`,
    signedIn: 'Angemeldet',
    wrongPassword: 'Anmeldung fehlgeschlagen: falsches Passwort',
    wrongCode: 'Anmeldung fehlgeschlagen: falscher Zwei-Faktor-Code',
    reauthenticated: 'Erneut angemeldet, um eine Änderung zu bestätigen',
    twoFactorOn: 'Zwei-Faktor-Authentifizierung eingeschaltet',
    twoFactorOff: 'Zwei-Faktor-Authentifizierung ausgeschaltet',
    codesRegenerated: 'Neue Wiederherstellungscodes erstellt',
    recoveryCodeUsed: (left: number) => `Wiederherstellungscode verwendet (${f.count(left, { one: 'noch # Code', other: 'noch # Codes' })})`,
  },

  noJoinableCompanies: (domain: string) =>
    `Keine Firma lässt Personen mit einer E-Mail-Adresse bei ${domain} selbst beitreten. Bitten Sie einen Administrator Ihrer Firma, Sie einzuladen.`,
  verifyToJoin: 'Bestätigen Sie zuerst Ihre E-Mail-Adresse: Firmen lassen Personen nur über die Domain einer bestätigten E-Mail-Adresse beitreten.',

  anotherCompany: 'eine andere Firma',
  contactPersonBlocks: 'Sie sind Ansprechpartner laufender Verträge. Bitten Sie einen Administrator, sie zuerst neu zuzuweisen oder zu beenden:',
  ownerBlocks: (owned: number) =>
    `Sie sind Kontoinhaber ${f.plural(owned, { one: 'einer Firma', other: 'mehrerer Firmen' })}. Übertragen Sie die Inhaberschaft an ein anderes Mitglied, bevor Sie Ihr Konto löschen (auf der Seite dieses Mitglieds, bei den Mitgliedern der Firma):`,
  deleteRegion: 'Ihr Konto löschen',
  deleting: 'Wenn Sie Ihr Konto löschen,',
  deletingLeaves: (companies: readonly string[]) =>
    `verlassen Sie jede Firma, der Sie angehören (${companies.length === 0 ? 'derzeit keine' : f.and(companies)});`,
  deletingSignsOut: 'werden Sie überall abgemeldet und Ihre API-Tokens widerrufen;',
  deletingForgets: 'werden Ihr Name und Ihre E-Mail-Adresse aus Roster entfernt. Die Protokolle der Firmen behalten, was Sie getan haben, als „Gelöschter Benutzer“.',
  deletingFinal: 'Das lässt sich nicht rückgängig machen. Ihre E-Mail-Adresse kann danach für ein neues Konto verwendet werden.',
  deleteTitle: 'Ihr Konto löschen?',
  deleteConfirm: 'Geben Sie zur Bestätigung Ihr Passwort ein. Das lässt sich nicht rückgängig machen.',
  deleteMyAccount: 'Mein Konto löschen',
  deletingNow: 'Wird gelöscht…',
};
