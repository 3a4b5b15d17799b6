import { formatsOf, type Formats } from './format.js';
import { currentLanguage, type PageLanguage } from './languages.js';
import { de } from './messages/de/index.js';
import { en, type Messages } from './messages/en/index.js';

export type { Messages };

const CATALOGUES: Record<PageLanguage, Messages> = { en, de };

/**
 * The catalogue of the page's language. The page is rendered afresh when the language changes
 * (main.tsx keys it by language), so code run while rendering may call this anywhere.
 */
export const messages = (): Messages => CATALOGUES[currentLanguage()];

/** Intl's formats for the page's language (numbers, counts, days, moments, lists). */
export const formats = (): Formats => formatsOf(currentLanguage());

/** The catalogue of a given language: for tests, and for what speaks another language than the page. */
export const catalogueOf = (language: PageLanguage): Messages => CATALOGUES[language];
