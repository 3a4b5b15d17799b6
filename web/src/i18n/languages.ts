import { isLanguage, LANGUAGES, languageFrom, type Language } from '../../../src/domain/languages.js';

/** The languages the page speaks: Roster's (src/domain/languages.ts), as its mails. */
export const PAGE_LANGUAGES = LANGUAGES;
export type PageLanguage = Language;

/** Each language by its own name, as a language switch lists them. */
export const LANGUAGE_NAMES: Record<PageLanguage, string> = { en: 'English', de: 'Deutsch' };

const STORAGE_KEY = 'roster.language';

const isPageLanguage = isLanguage;

/** The best of the page's languages for a list of BCP 47 tags in order of preference (`de-AT` → `de`). */
export const languageOfTags = (tags: readonly string[]): PageLanguage => languageFrom(tags);

/**
 * What of the browser this module reads, each absent outside a browser (the page's unit tests run
 * in Node, and type-check without the DOM's types).
 */
const browser = globalThis as {
  navigator?: { languages: readonly string[] };
  localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  document?: { documentElement: { lang: string } };
};

/** The browser's languages in its order of preference. */
const browserLanguages = (): readonly string[] => browser.navigator?.languages ?? [];

function storedChoice(): PageLanguage | null {
  try {
    const stored = browser.localStorage?.getItem(STORAGE_KEY);
    return isPageLanguage(stored) ? stored : null;
  } catch {
    return null; // storage refused (private mode, a sandboxed frame): the browser's language stands
  }
}

/**
 * The language of the page: the one chosen with the switch on this browser, else the account's
 * (adopted once the account is known: `adoptAccountLanguage`), else the browser's own.
 */
let current: PageLanguage = storedChoice() ?? languageOfTags(browserLanguages());
const listeners = new Set<() => void>();

/** Calls `listener` whenever the page's language changes; returns how to stop. */
export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function apply(language: PageLanguage): void {
  current = language;
  setDocumentLanguage(language);
  for (const listener of listeners) listener();
}
/** `<html lang>`: screen readers pronounce the page in its language, and the browser offers no translation of it. */
function setDocumentLanguage(language: PageLanguage): void {
  if (browser.document !== undefined) browser.document.documentElement.lang = language;
}
setDocumentLanguage(current);

/** The page's language now (for code outside components; components use `useLanguage`). */
export const currentLanguage = (): PageLanguage => current;

/** Switches the page's language and remembers the choice on this browser. */
export function chooseLanguage(language: PageLanguage): void {
  try {
    browser.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered: it still holds until the page is reloaded
  }
  apply(language);
}

/** The signed-in account's language, when this browser has no choice of its own. */
export function adoptAccountLanguage(language: string | null | undefined): void {
  if (storedChoice() === null && isPageLanguage(language) && language !== current) apply(language);
}

/**
 * The locale Intl formats with: the browser's own when it speaks the page's language (en-GB
 * dates for a British reader of the English page), else the page's language itself.
 */
export function localeFor(language: PageLanguage): string {
  const browser = browserLanguages().find((tag) => tag.toLowerCase().split('-')[0] === language);
  return browser ?? language;
}
