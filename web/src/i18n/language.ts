import { useSyncExternalStore } from 'react';
import { currentLanguage, onLanguageChange, type PageLanguage } from './languages.js';

export * from './languages.js';

/** The page's language, re-rendering the component when it changes. */
export function useLanguage(): PageLanguage {
  return useSyncExternalStore(onLanguageChange, currentLanguage);
}
