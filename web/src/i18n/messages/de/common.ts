import type { common as english } from '../en/common.js';
import { formatsOf } from '../../format.js';

const f = formatsOf('de');

export const common: typeof english = {
  brand: 'Roster',
  account: 'Konto',
  accountMenu: (name: string) => `Kontomenü von ${name}`,
  signOut: 'Abmelden',
  language: 'Sprache',
  theme: 'Darstellung',
  themes: { system: 'Systemeinstellung', light: 'Hell', dark: 'Dunkel' },
  loading: 'Wird geladen…',
  loadingAccount: 'Ihr Konto wird geladen…',
  cancel: 'Abbrechen',
  close: 'Schließen',
  save: 'Speichern',
  saving: 'Wird gespeichert…',
  working: 'Wird ausgeführt…',
  done: 'Fertig',
  members: (count: number) => f.count(count, { one: '# Mitglied', other: '# Mitglieder' }),
  notFoundTitle: 'Seite nicht gefunden',
  goToCompany: 'Zu Ihrer Firma',
};
