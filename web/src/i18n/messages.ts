import { catalogueOf, type Messages } from './catalogues.js';
import { useLanguage } from './language.js';

export * from './catalogues.js';

/** The catalogue, re-rendering the component when the language changes. */
export function useMessages(): Messages {
  return catalogueOf(useLanguage());
}
