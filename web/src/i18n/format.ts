import { localeFor, type PageLanguage } from './languages.js';

/** The plural forms a message names; Intl.PluralRules picks one for a count (`other` when a form is missing). */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * Intl's formatting for one language: numbers, counts with their plural, dates, moments, lists.
 * Made once per language (Intl's formatters are costly to make, cheap to use).
 */
export class Formats {
  readonly locale: string;
  private readonly numbers: Intl.NumberFormat;
  private readonly plurals: Intl.PluralRules;
  private readonly days: Intl.DateTimeFormat;
  private readonly moments: Intl.DateTimeFormat;
  private readonly conjunctions: Intl.ListFormat;
  private readonly disjunctions: Intl.ListFormat;
  private readonly relative: Intl.RelativeTimeFormat;

  constructor(language: PageLanguage) {
    this.locale = localeFor(language);
    this.numbers = new Intl.NumberFormat(this.locale);
    this.plurals = new Intl.PluralRules(this.locale);
    // Days are kept in UTC by the server (a day of activity, a contract's dates).
    this.days = new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: 'UTC' });
    this.moments = new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' });
    this.conjunctions = new Intl.ListFormat(this.locale, { type: 'conjunction' });
    this.disjunctions = new Intl.ListFormat(this.locale, { type: 'disjunction' });
    this.relative = new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' });
  }

  /** 1,234 / 1.234 */
  number(value: number): string {
    return this.numbers.format(value);
  }

  /** The form for `count`, with `#` replaced by the count as a number: `count(3, { one: '# member', other: '# members' })`. */
  count(count: number, forms: PluralForms): string {
    return this.plural(count, forms).replaceAll('#', this.number(count));
  }

  /** The form for `count` as it is (no number put in). */
  plural(count: number, forms: PluralForms): string {
    return forms[this.plurals.select(count)] ?? forms.other;
  }

  /** "5 Jan 2026" of a `YYYY-MM-DD` day or a moment, in UTC. */
  day(dayOrIso: string | Date): string {
    const date = typeof dayOrIso === 'string' ? new Date(dayOrIso.length === 10 ? `${dayOrIso}T00:00:00.000Z` : dayOrIso) : dayOrIso;
    return this.days.format(date);
  }

  /** "5 Jan 2026, 10:00" in the reader's time zone. */
  moment(iso: string | Date): string {
    return this.moments.format(typeof iso === 'string' ? new Date(iso) : iso);
  }

  /** "Design, Sales and Support" */
  and(items: readonly string[]): string {
    return this.conjunctions.format(items);
  }

  /** "Design, Sales or Support" */
  or(items: readonly string[]): string {
    return this.disjunctions.format(items);
  }

  /** "in 3 minutes", "2 days ago", "tomorrow" */
  relativeTime(value: number, unit: Intl.RelativeTimeFormatUnit): string {
    return this.relative.format(value, unit);
  }

  /** How long until a wait ends, as a person says it: "in 30 seconds", "in 2 minutes", "in 3 hours". */
  wait(seconds: number): string {
    if (seconds < 60) return this.relativeTime(Math.max(1, Math.ceil(seconds)), 'second');
    if (seconds < 2 * 60 * 60) return this.relativeTime(Math.ceil(seconds / 60), 'minute');
    return this.relativeTime(Math.ceil(seconds / 3600), 'hour');
  }
}

const made = new Map<PageLanguage, Formats>();

/** The formats of a language (made on first use). */
export function formatsOf(language: PageLanguage): Formats {
  let formats = made.get(language);
  if (formats === undefined) {
    formats = new Formats(language);
    made.set(language, formats);
  }
  return formats;
}
