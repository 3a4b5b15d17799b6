import { useSyncExternalStore } from 'react';
import { applyThemeChoice, storedThemeChoice, THEME_STORAGE_KEY, type ThemeChoice } from './theme-choice.js';

/** The browser's localStorage, or none where it is refused (storage turned off, a sandboxed frame). */
function localStorageOrNone(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const listeners = new Set<() => void>();
let current: ThemeChoice = 'system';

function setCurrent(choice: ThemeChoice): void {
  current = choice;
  applyThemeChoice(choice, document.documentElement);
  for (const listener of listeners) listener();
}

/**
 * Applies the remembered choice (theme-choice.ts); main.tsx calls it before the first render, and
 * the bundle's script blocks rendering until it has run (web/vite.config.ts), so the first frame
 * already has the chosen colours. A choice made in another tab of the page applies here too.
 */
export function startTheme(): void {
  setCurrent(storedThemeChoice(localStorageOrNone()));
  window.addEventListener('storage', (event) => {
    // `key` is null when the storage was cleared.
    if (event.key === THEME_STORAGE_KEY || event.key === null) setCurrent(storedThemeChoice(localStorageOrNone()));
  });
}

/** Applies a choice at once and remembers it (for this tab alone when storage is refused). */
export function chooseTheme(choice: ThemeChoice): void {
  setCurrent(choice);
  try {
    localStorageOrNone()?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage full or refused: the choice holds until the page is left.
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current choice, for the account menu's Theme choices. */
export const useThemeChoice = (): ThemeChoice => useSyncExternalStore(subscribe, () => current);
