import type { people as english } from '../en/people.js';

export const people: typeof english = {
  anyone: 'Alle (tippen zum Suchen)',
  noMatch: 'Kein Mitglied passt.',
  clear: (label: string) => `„${label}“ leeren`,
};
