import { formatsOf } from '../../format.js';

const f = formatsOf('en');

/** Words every page shares: the frame around the pages, and the buttons and states they all have. */
export const common = {
  brand: 'Roster',
  account: 'Account',
  accountMenu: (name: string) => `Account menu of ${name}`,
  signOut: 'Sign out',
  language: 'Language',
  /** The account menu's colour scheme: the system's, or always light or dark. */
  theme: 'Theme',
  themes: { system: 'System', light: 'Light', dark: 'Dark' },
  /** What a Loading shows when the page names nothing more particular. */
  loading: 'Loading…',
  loadingAccount: 'Loading your account…',
  cancel: 'Cancel',
  close: 'Close',
  save: 'Save',
  saving: 'Saving…',
  working: 'Working…',
  done: 'Done',
  /** Counts of people, used across pages. */
  members: (count: number) => f.count(count, { one: '# member', other: '# members' }),
  notFoundTitle: 'Page not found',
  goToCompany: 'Go to your company',
};
