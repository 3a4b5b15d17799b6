import type { auth as english } from '../en/auth.js';
import { formatsOf } from '../../format.js';

const f = formatsOf('de');

export const auth: typeof english = {
  email: 'E-Mail',
  password: 'Passwort',
  newPasswordHint: 'Mindestens 8 Zeichen, nicht nur Leerzeichen und keines der häufigsten Passwörter.',
  continueToRoster: 'Weiter zu Roster',
  loadingConfirmation: 'Die Bestätigung wird geladen…',

  signInTitle: 'Bei Roster anmelden',
  signIn: 'Anmelden',
  signingIn: 'Anmeldung läuft…',
  continueWithSso: 'Mit Single Sign-on fortfahren',
  signInWithSso: 'Mit Single Sign-on anmelden',
  forgotPassword: 'Passwort vergessen?',
  noAccountYet: 'Noch kein Konto?',
  signUp: 'Registrieren',

  twoFactorTitle: 'Zwei-Faktor-Authentifizierung',
  secondStepEnded:
    'Diese Anmeldung ist beendet (zu viele falsche Codes, oder sie hat länger als 5 Minuten gedauert). Geben Sie Ihre E-Mail-Adresse und Ihr Passwort erneut ein.',
  wrongCode: (left: number) => `Dieser Code ist nicht richtig. ${f.count(left, { one: 'Noch # Versuch', other: 'Noch # Versuche' })}.`,
  recoveryCode: 'Wiederherstellungscode',
  recoveryCodeHint: 'Einer der Wiederherstellungscodes, die Sie beim Einschalten der Zwei-Faktor-Authentifizierung gespeichert haben.',
  authenticationCode: 'Authentifizierungscode',
  authenticationCodeHint: 'Der 6-stellige Code, den Ihre Authenticator-App gerade anzeigt.',
  checking: 'Wird geprüft…',
  verify: 'Bestätigen',
  useAppCode: 'Einen Code aus der App verwenden',
  useRecoveryCode: 'Einen Wiederherstellungscode verwenden',

  yourName: 'Ihr Name',
  creatingAccount: 'Ihr Konto wird angelegt…',
  signUpAndJoin: 'Registrieren und beitreten',
  signUpTitle: 'Ihr Roster-Konto anlegen',
  haveAccount: 'Sie haben schon ein Konto?',

  verifyTitle: 'E-Mail-Adresse bestätigen',
  emailConfirmed: (email: string) => `Ihre E-Mail-Adresse ${email} ist bestätigt.`,

  newPassword: 'Neues Passwort',
  newPasswordAgain: 'Neues Passwort wiederholen',
  passwordsDiffer: 'Die beiden Passwörter stimmen nicht überein.',
  resetTitle: 'Passwort zurücksetzen',
  resetLinkSent: (email: string) =>
    `Falls ein Konto ${email} verwendet, ist ein Link zum Wählen eines neuen Passworts dorthin unterwegs. Er gilt eine Stunde lang.`,
  resetIntro: 'Geben Sie die E-Mail-Adresse Ihres Kontos ein, und wir senden Ihnen einen Link, mit dem Sie ein neues Passwort wählen.',
  sending: 'Wird gesendet…',
  sendLink: 'Link senden',
  backToSignIn: 'Zurück zur Anmeldung',
  chooseTitle: 'Neues Passwort wählen',
  passwordReset: 'Ihr Passwort ist geändert, und jede Sitzung Ihres Kontos ist abgemeldet.',
  signInWithNewPassword: 'Mit dem neuen Passwort anmelden',
  saving: 'Wird gespeichert…',
  setNewPassword: 'Neues Passwort festlegen',
  askNewLink: 'Einen neuen Link anfordern',
  confirmNewEmailTitle: 'Neue E-Mail-Adresse bestätigen',
  emailTakenSince:
    'Ein anderes Konto verwendet diese Adresse inzwischen. Ihre E-Mail-Adresse bleibt, wie sie war; wählen Sie in Ihrem Konto eine andere.',
  emailNowIs: (email: string) => `Die E-Mail-Adresse Ihres Kontos ist jetzt ${email}.`,

  loadingInvitation: 'Die Einladung wird geladen…',
  invitationTitle: 'Einladung',
  goToRoster: 'Zu Roster',
  declinedTitle: 'Einladung abgelehnt',
  declined: (company: string, inviter: string) => `Sie haben die Einladung zu ${company} abgelehnt. ${inviter} wird sehen, dass Sie abgelehnt haben.`,
  joinTitle: (company: string) => `${company} beitreten`,
  invited: (inviter: string, company: string) => ({ before: `${inviter} hat `, after: ` eingeladen, ${company} auf Roster beizutreten.` }),
  teamAs: (team: string, roles: readonly string[]) => (roles.length > 0 ? `${team} als ${f.and(roles)}` : `${team} als Mitglied`),
  companyWide: (roles: readonly string[]) => `Firmenweit: ${f.and(roles)}`,
  loadingAccount: 'Ihr Konto wird geladen…',
  joining: 'Wird beigetreten…',
  accept: 'Einladung annehmen',
  decline: 'Ablehnen',
  otherEmail: (signedIn: string, invited: string) =>
    `Sie sind als ${signedIn} angemeldet, aber diese Einladung gilt für ${invited}. Melden Sie sich ab und öffnen Sie den Link dann erneut.`,
  signOut: 'Abmelden',
  newToRoster: 'Neu bei Roster? Legen Sie Ihr Konto an',
  signInToAccept: 'Zum Annehmen anmelden',
  declineInvitation: 'Einladung ablehnen',
};
