import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useId } from 'react';
import { chooseLanguage, LANGUAGE_NAMES, PAGE_LANGUAGES, useLanguage, type PageLanguage } from './language.js';
import { useMessages } from './messages.js';

/**
 * The languages as a group of choices inside a menu (the account menu): each named in its own
 * language, so that a reader lost in a language they do not read still finds theirs.
 */
export function LanguageMenuItems({ onChosen }: { onChosen?: (language: PageLanguage) => void }) {
  const language = useLanguage();
  const said = useMessages().common;
  return (
    <DropdownMenu.Group aria-label={said.language}>
      <DropdownMenu.Label className="muted account-menu-label">{said.language}</DropdownMenu.Label>
      <DropdownMenu.RadioGroup
        value={language}
        onValueChange={(value) => {
          const chosen = PAGE_LANGUAGES.find((candidate) => candidate === value);
          if (chosen === undefined) return;
          chooseLanguage(chosen);
          onChosen?.(chosen);
        }}
      >
        {PAGE_LANGUAGES.map((candidate) => (
          <DropdownMenu.RadioItem key={candidate} value={candidate} className="menu-item" lang={candidate}>
            <DropdownMenu.ItemIndicator aria-hidden="true">✓ </DropdownMenu.ItemIndicator>
            {LANGUAGE_NAMES[candidate]}
          </DropdownMenu.RadioItem>
        ))}
      </DropdownMenu.RadioGroup>
    </DropdownMenu.Group>
  );
}

/** The language switch of the pages shown before signing in (no account menu there). */
export function LanguageSelect() {
  const language = useLanguage();
  const id = useId();
  return (
    <p className="language-select">
      <label htmlFor={id}>{useMessages().common.language}</label>
      <select
        id={id}
        value={language}
        onChange={(event) => {
          const chosen = PAGE_LANGUAGES.find((candidate) => candidate === event.target.value);
          if (chosen !== undefined) chooseLanguage(chosen);
        }}
      >
        {PAGE_LANGUAGES.map((candidate) => (
          <option key={candidate} value={candidate} lang={candidate}>
            {LANGUAGE_NAMES[candidate]}
          </option>
        ))}
      </select>
    </p>
  );
}
