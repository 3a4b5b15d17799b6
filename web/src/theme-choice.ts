/**
 * The page's theme: the system's setting (`prefers-color-scheme`), or always light or always dark,
 * as chosen in the account menu and remembered in this browser. The palette of styles.css gives every
 * colour for both schemes (`light-dark()`); a choice other than the system's sets `data-theme` on
 * `<html>`, whose `color-scheme` then picks one of the two, form controls and scrollbars with it.
 * This module touches no browser global (test/web runs it in Node); theme.ts applies it.
 */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** Where the choice is kept (localStorage): per browser, not per account, like the system's own setting. */
export const THEME_STORAGE_KEY = 'roster.theme';

export const isThemeChoice = (value: unknown): value is ThemeChoice => THEME_CHOICES.some((choice) => choice === value);

/** The remembered choice: "system" when there is none, it is not one of the three, or storage is refused. */
export function storedThemeChoice(storage: { getItem(key: string): string | null } | undefined): ThemeChoice {
  try {
    const value = storage?.getItem(THEME_STORAGE_KEY);
    return isThemeChoice(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

/** Puts a choice on the document's root: `data-theme="light|dark"`, or no attribute to follow the system. */
export function applyThemeChoice(choice: ThemeChoice, root: { dataset: Record<string, string | undefined> }): void {
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}
