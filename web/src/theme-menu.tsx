import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useMessages } from './i18n/messages.js';
import { chooseTheme, useThemeChoice } from './theme.js';
import { isThemeChoice, THEME_CHOICES } from './theme-choice.js';

/** The theme as a group of choices in the account menu: the system's setting, or always light, or always dark (theme.ts). */
export function ThemeMenuItems() {
  const choice = useThemeChoice();
  const said = useMessages().common;
  return (
    <DropdownMenu.Group aria-label={said.theme}>
      <DropdownMenu.Label className="muted account-menu-label">{said.theme}</DropdownMenu.Label>
      <DropdownMenu.RadioGroup
        value={choice}
        onValueChange={(value) => {
          if (isThemeChoice(value)) chooseTheme(value);
        }}
      >
        {THEME_CHOICES.map((option) => (
          <DropdownMenu.RadioItem key={option} value={option} className="menu-item">
            <DropdownMenu.ItemIndicator aria-hidden="true">✓ </DropdownMenu.ItemIndicator>
            {said.themes[option]}
          </DropdownMenu.RadioItem>
        ))}
      </DropdownMenu.RadioGroup>
    </DropdownMenu.Group>
  );
}
