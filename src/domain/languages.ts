/**
 * The languages Roster speaks, on the page and in its mails; shared by the server and the page
 * (no I/O, nothing of Node). A person's choice is `users.language`; until they make one, the
 * page follows the browser's languages and the server the request's Accept-Language header.
 */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of anyone whose languages Roster does not speak, or does not know. */
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The best language Roster speaks for an Accept-Language header (`de-AT,de;q=0.9,en;q=0.8`) or a
 * list of BCP 47 tags in order of preference (the browser's `navigator.languages`): the first, by
 * weight and then by order, whose primary subtag is one of LANGUAGES (`de-AT` → `de`); a tag of
 * weight 0 is one the reader refuses. None, or nothing given: DEFAULT_LANGUAGE.
 */
export function languageFrom(acceptLanguageOrList: string | readonly string[] | null | undefined): Language {
  const ranges = typeof acceptLanguageOrList === 'string' ? weighted(acceptLanguageOrList) : (acceptLanguageOrList ?? []).map((tag) => ({ tag, q: 1 }));
  // Array.prototype.sort is stable: of equal weight, the earlier tag comes first.
  const preferred = ranges.filter((range) => range.q > 0).sort((a, b) => b.q - a.q);
  for (const { tag } of preferred) {
    const primary = tag.trim().split(/[-_]/u)[0]?.toLowerCase();
    if (isLanguage(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}

/** An Accept-Language header's language ranges with their weights (RFC 9110, section 12.5.4); a weight that does not parse counts as 1. */
function weighted(header: string): { tag: string; q: number }[] {
  return header
    .split(',')
    .map((part) => {
      const [tag = '', ...parameters] = part.split(';');
      const q = parameters.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/iu.exec(p)?.[1]).find((value) => value !== undefined);
      const weight = q === undefined ? 1 : Number(q);
      return { tag: tag.trim(), q: Number.isFinite(weight) ? Math.min(weight, 1) : 1 };
    })
    .filter((range) => range.tag !== '');
}
