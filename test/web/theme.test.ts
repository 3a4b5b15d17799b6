import { describe, expect, it } from 'vitest';
import { applyThemeChoice, storedThemeChoice, THEME_STORAGE_KEY } from '../../web/src/theme-choice.js';

const storage = (value: string | null) => ({ getItem: (key: string) => (key === THEME_STORAGE_KEY ? value : null) });

describe('the theme choice', () => {
  it('reads the remembered choice', () => {
    expect(storedThemeChoice(storage('dark'))).toBe('dark');
    expect(storedThemeChoice(storage('light'))).toBe('light');
    expect(storedThemeChoice(storage('system'))).toBe('system');
  });

  it('follows the system when nothing, something unknown, or no storage is there', () => {
    expect(storedThemeChoice(storage(null))).toBe('system');
    expect(storedThemeChoice(storage('sepia'))).toBe('system');
    expect(storedThemeChoice(undefined)).toBe('system');
    expect(
      storedThemeChoice({
        getItem: () => {
          throw new Error('SecurityError: storage is disabled');
        },
      }),
    ).toBe('system');
  });

  it('sets data-theme for light or dark, and takes it away to follow the system', () => {
    const root: { dataset: Record<string, string | undefined> } = { dataset: {} };
    applyThemeChoice('dark', root);
    expect(root.dataset.theme).toBe('dark');
    applyThemeChoice('light', root);
    expect(root.dataset.theme).toBe('light');
    applyThemeChoice('system', root);
    expect('theme' in root.dataset).toBe(false);
  });
});
