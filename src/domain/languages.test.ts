import { describe, expect, it } from 'vitest';
import { DEFAULT_LANGUAGE, isLanguage, languageFrom } from './languages.js';

describe('languageFrom', () => {
  it.each([
    ['de', 'de'],
    ['de-AT', 'de'],
    ['DE_ch', 'de'],
    ['en-GB', 'en'],
    ['fr-FR', 'en'],
    ['', 'en'],
    ['*', 'en'],
  ])('reads the header %j as %s', (header, language) => {
    expect(languageFrom(header)).toBe(language);
  });

  it('takes the supported language of the highest weight, then the earliest', () => {
    expect(languageFrom('fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7')).toBe('de');
    expect(languageFrom('en;q=0.5, de-AT;q=0.8')).toBe('de');
    expect(languageFrom('de;q=0.8, en;q=0.8')).toBe('de');
    expect(languageFrom('en;q=0.8, de;q=0.8')).toBe('en');
  });

  it('passes over a language of weight 0: one the reader refuses', () => {
    expect(languageFrom('de;q=0, en')).toBe('en');
    expect(languageFrom('de;q=0')).toBe(DEFAULT_LANGUAGE);
  });

  it('reads a list of tags in its order, as navigator.languages gives them', () => {
    expect(languageFrom(['fr-FR', 'de-DE', 'en-US'])).toBe('de');
    expect(languageFrom(['en-US', 'de'])).toBe('en');
    expect(languageFrom([])).toBe(DEFAULT_LANGUAGE);
    expect(languageFrom(undefined)).toBe(DEFAULT_LANGUAGE);
  });
});

describe('isLanguage', () => {
  it('holds for the languages Roster speaks alone', () => {
    expect(isLanguage('de')).toBe(true);
    expect(isLanguage('en')).toBe(true);
    expect(isLanguage('de-AT')).toBe(false);
    expect(isLanguage('fr')).toBe(false);
    expect(isLanguage(null)).toBe(false);
  });
});
