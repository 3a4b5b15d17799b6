import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { chooseTheme, useThemeChoice } from './theme.js';
import { isThemeChoice, THEME_CHOICES, type ThemeChoice } from './theme-choice.js';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** The Theme menu of the top bar: follow the system's setting, or always light, or always dark (web/src/theme.ts). */
export function ThemeMenu() {
  const choice = useThemeChoice();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="secondary">
          Theme
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.RadioGroup
            value={choice}
            onValueChange={(value) => {
              if (isThemeChoice(value)) chooseTheme(value);
            }}
          >
            {THEME_CHOICES.map((option) => (
              <DropdownMenu.RadioItem key={option} value={option} className="menu-item menu-radio">
                <DropdownMenu.ItemIndicator className="menu-check" aria-hidden="true">
                  ✓
                </DropdownMenu.ItemIndicator>
                {LABELS[option]}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
