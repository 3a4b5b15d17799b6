import type { people as english } from '../en/people.js';

export const people: typeof english = {
  anyone: 'Alle: Namen oder E-Mail eingeben',
  noMatch: 'Kein Mitglied passt.',
  clear: (label: string) => `„${label}“ leeren`,
};
