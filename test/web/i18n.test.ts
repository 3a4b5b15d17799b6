import { describe, expect, it } from 'vitest';
import { formatsOf } from '../../web/src/i18n/format.js';
import { languageOfTags, PAGE_LANGUAGES } from '../../web/src/i18n/languages.js';
import { catalogueOf } from '../../web/src/i18n/catalogues.js';

/** Every message of a catalogue by its dotted key: a string, or a function's name. */
function entries(catalogue: object, prefix = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'object' && value !== null) for (const [inner, message] of entries(value, path)) found.set(inner, message);
    else found.set(path, value);
  }
  return found;
}

/** Messages that are the same words in German as in English (names, brands, technical terms). */
const SAME_IN_GERMAN = new Set([
  'account.name',
  'account.token',
  'account.tokensList',
  'bulk.team',
  'common.brand',
  'contracts.freelancer',
  'contracts.status',
  'contracts.team',
  'domains.domain',
  'domains.listLabel',
  'domains.team',
  'domains.title',
  'memberDetails.teams',
  'members.filter',
  'members.name',
  'members.status',
  'members.team',
  'roles.labels.recruiter',
  'shell.nav.domains',
  'shell.nav.scim',
  'shell.nav.teams',
  'shell.nav.webhooks',
  'teams.back',
  'teams.team',
  'teams.title',
  'webhooks.title',
]);

describe('the message catalogues', () => {
  const english = entries(catalogueOf('en'));

  it.each(PAGE_LANGUAGES.filter((language) => language !== 'en'))('%s has every English message and no other, each translated', (language) => {
    const other = entries(catalogueOf(language));
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
    const untranslated = [...other].filter(([key, message]) => typeof message === 'string' && message === english.get(key) && !SAME_IN_GERMAN.has(key));
    expect(untranslated.map(([key]) => key)).toEqual([]);
    for (const [key, message] of other) {
      expect(typeof message, key).toBe(typeof english.get(key));
      if (typeof message === 'string') expect(message.trim(), key).not.toBe('');
    }
  });
});

describe('the page’s language', () => {
  it('is the first of the browser’s languages the page speaks, by its primary tag', () => {
    expect(languageOfTags(['de-AT', 'en-US'])).toBe('de');
    expect(languageOfTags(['fr-FR', 'DE'])).toBe('de');
    expect(languageOfTags(['en-GB', 'de'])).toBe('en');
    expect(languageOfTags(['fr', 'ja'])).toBe('en');
    expect(languageOfTags([])).toBe('en');
  });
});

describe('Intl formats of each language', () => {
  it('counts with the language’s plural and number format', () => {
    const forms = { one: '# member', other: '# members' };
    expect(formatsOf('en').count(1, forms)).toBe('1 member');
    expect(formatsOf('en').count(1234, forms)).toBe('1,234 members');
    expect(formatsOf('de').count(1234, { one: '# Mitglied', other: '# Mitglieder' })).toBe('1.234 Mitglieder');
    expect(catalogueOf('de').common.members(1)).toBe('1 Mitglied');
    expect(catalogueOf('de').common.members(0)).toBe('0 Mitglieder');
  });

  it('joins lists and names days in the language', () => {
    expect(formatsOf('en').and(['Design', 'Sales', 'Support'])).toBe('Design, Sales, and Support');
    expect(formatsOf('de').and(['Design', 'Sales', 'Support'])).toBe('Design, Sales und Support');
    expect(formatsOf('de').or(['A', 'B'])).toBe('A oder B');
    expect(formatsOf('de').day('2026-03-05')).toBe('05.03.2026');
    expect(formatsOf('en').day('2026-03-05')).toBe('Mar 5, 2026');
  });

  it('says a wait as a person says it', () => {
    expect(formatsOf('en').wait(30)).toBe('in 30 seconds');
    expect(formatsOf('en').wait(90)).toBe('in 2 minutes');
    expect(formatsOf('de').wait(3 * 3600)).toBe('in 3 Stunden');
    expect(catalogueOf('de').errors.tryAgainIn(1)).toBe('Versuchen Sie es in 1 Sekunde noch einmal.');
  });
});
