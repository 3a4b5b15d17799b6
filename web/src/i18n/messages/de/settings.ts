import type { settings as english } from '../en/settings.js';
import { formatsOf } from '../../format.js';

const f = formatsOf('de');

export const settings: typeof english = {
  saved: 'Gespeichert.',

  securityTitle: 'Sicherheit',
  twoFactorRuleLegend: 'Wer die Zwei-Faktor-Authentifizierung verwenden muss',
  twoFactorRules: {
    none: { label: 'Niemand', hint: 'Jede Person entscheidet selbst.' },
    admins: { label: 'Administratoren', hint: 'Der Kontoinhaber und alle, die Administrator, Finanz-Administrator oder Team-Administrator sind.' },
    everyone: { label: 'Alle', hint: 'Jedes Mitglied der Firma.' },
  },
  twoFactorRuleNote:
    'Wer darunter fällt und die Zwei-Faktor-Authentifizierung nicht eingeschaltet hat, wird gebeten, das zu tun, bevor er die Firma nutzen kann. Die Mitgliederliste zeigt, welche Administratoren das nicht getan haben.',

  ssoFailures: {
    denied: 'Die Anmeldung wurde bei Ihrem Identitätsanbieter abgelehnt. In Roster hat sich nichts geändert.',
    state: 'Diese Anmeldung ist abgelaufen, wurde schon verwendet oder in einem anderen Browser begonnen. Nichts hat sich geändert; beginnen Sie unten erneut.',
    code: 'Die Anmeldung Ihres Identitätsanbieters war bei der Rückkehr abgelaufen oder schon verwendet. Nichts hat sich geändert; beginnen Sie unten erneut.',
    unverified:
      'Ihr Identitätsanbieter bestätigt nicht, dass Ihre E-Mail-Adresse verifiziert ist, daher kann Roster Sie damit nicht anmelden. Nichts hat sich geändert; wenden Sie sich an Ihren Administrator.',
    domain: 'Ihr Identitätsanbieter hat Sie mit einer E-Mail-Adresse angemeldet, deren Domain das Single Sign-on dieser Firma nicht abdeckt. Nichts hat sich geändert.',
    unconfirmed:
      'Ein Konto mit dieser E-Mail-Adresse existiert, aber seine E-Mail-Adresse wurde nie bestätigt. Bestätigen Sie sie mit dem zugesandten Link oder setzen Sie das Passwort zurück, und melden Sie sich dann hier erneut an. Nichts hat sich geändert.',
    unreachable: 'Ihr Identitätsanbieter hat nicht geantwortet. Nichts hat sich geändert; versuchen Sie es gleich noch einmal.',
    invalid: 'Die Antwort Ihres Identitätsanbieters konnte nicht angenommen werden. Nichts hat sich geändert; beginnen Sie erneut, oder wenden Sie sich an Ihren Administrator.',
  },
  ssoSignInTitle: 'Mit Single Sign-on anmelden',
  ssoFailed: 'Die Anmeldung ist nicht gelungen',
  ssoSignInIntro: 'Geben Sie Ihre geschäftliche E-Mail-Adresse ein. Meldet Ihre Firma Sie über ihren Identitätsanbieter an, geht es dort weiter.',
  workEmail: 'Geschäftliche E-Mail-Adresse',
  goingToProvider: 'Weiter zu Ihrem Identitätsanbieter…',
  continue: 'Weiter',
  signInWithPassword: 'Stattdessen mit Passwort anmelden',

  ssoTitle: 'Single Sign-on',
  loadingSso: 'Single Sign-on wird geladen…',
  ssoOff: 'Single Sign-on ist ausgeschaltet: Personen melden sich mit ihren Passwörtern an.',
  ssoOn: (domains: readonly string[], enforced: boolean) =>
    `Single Sign-on ist eingeschaltet für ${domains.length === 0 ? 'keine Domain mehr' : f.and(domains)}${
      enforced ? ', erzwungen: Personen dort melden sich nur über den Anbieter an (Sie behalten Ihr Passwort).' : '; Passwörter funktionieren weiterhin.'
    }`,
  verifyDomainFirst: 'Verifizieren Sie zuerst eine Domain: Single Sign-on deckt die verifizierten Domains der Firma ab.',
  registerRoster:
    'Registrieren Sie Roster bei Ihrem OpenID-Connect-Anbieter (Okta, Microsoft Entra ID, Google Workspace, Keycloak …) mit dieser Weiterleitungs-URI:',
  issuerUrl: 'Aussteller-URL (Issuer)',
  clientId: 'Client-ID',
  clientSecret: 'Client-Secret',
  clientSecretNew: 'Das Secret, das Ihr Anbieter ausgestellt hat. Es wird versiegelt aufbewahrt und nie wieder angezeigt.',
  clientSecretSet: 'Ein Secret ist gesetzt. Lassen Sie das Feld leer, um es zu behalten.',
  domainsCovered: 'Abgedeckte Domains',
  enforce: 'Erzwingen: Anmeldung mit Passwort bei diesen Domains ablehnen (Sie als Kontoinhaber behalten Ihr Passwort als Weg zurück)',
  checkingProvider: 'Der Anbieter wird geprüft…',
  saveSso: 'Single Sign-on speichern',
  removeSso: 'Single Sign-on entfernen',
  removeSsoTitle: 'Single Sign-on entfernen?',
  removeSsoConsequences:
    'Personen der abgedeckten Domains melden sich wieder mit Passwörtern an. Durch Single Sign-on angelegte Konten haben keines, bis sie eines zurücksetzen.',
  scimTitle: 'SCIM-Provisionierung',
  scimIntro:
    'Ihr Identitätsanbieter (Okta, Microsoft Entra ID) kann Personen zur Firma hinzufügen, ihre Angaben pflegen, sie sperren und Teams als Gruppen verwalten. Von ihm hinzugefügte Personen treten dem Standardteam ohne Rollen bei und melden sich über Single Sign-on an.',
  scimEndpoint: 'SCIM-Endpunkt:',
  newScimTokenRegion: 'Ihr neues SCIM-Token',
  scimToken: 'SCIM-Token',
  copyScimToken: (name: string) => `Kopieren Sie das SCIM-Token „${name}“ jetzt.`,
  scimTokenNotShownAgain: ' Es wird nicht noch einmal angezeigt. Geben Sie es zusammen mit dem Endpunkt oben an Ihren Identitätsanbieter weiter.',
  scimTokenRevoked: (name: string) => `Das SCIM-Token „${name}“ ist widerrufen: Es funktioniert nicht mehr.`,
  makeScimTokenTitle: 'SCIM-Token erstellen',
  tokenName: 'Name des Tokens',
  scimTokenNameHint: 'Für welchen Identitätsanbieter es ist, etwa „Okta“.',
  making: 'Wird erstellt…',
  makeScimToken: 'SCIM-Token erstellen',
  scimTokens: 'SCIM-Tokens',
  loadingScimTokens: 'SCIM-Tokens werden geladen…',
  noScimTokens: 'Noch keine SCIM-Tokens.',
  revokeNamed: (name: string) => `${name} widerrufen`,
  revoke: 'Widerrufen',
  revoked: 'Widerrufen',
  scimTokenSeen: (made: string, lastUsed: string | null, revoked: string | null) =>
    `Erstellt am ${made} · ${lastUsed === null ? 'nie verwendet' : `zuletzt verwendet am ${lastUsed}`}${revoked === null ? '' : ` · widerrufen am ${revoked}`}`,
  revokeScimTitle: (name: string | null) => (name === null ? 'SCIM-Token widerrufen?' : `${name} widerrufen?`),
  revokeScimConsequences:
    'Ihr Identitätsanbieter kann mit diesem Token ab sofort nichts mehr provisionieren. Von ihm hinzugefügte Personen bleiben. Das lässt sich nicht rückgängig machen.',
  revokeScimToken: 'SCIM-Token widerrufen',
};
