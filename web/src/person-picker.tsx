import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { Api } from './api.js';
import { ErrorMessage } from './errors.js';
import { useMessages } from './i18n/messages.js';

/** The most people a search offers at once: a name or a few letters more narrows it. */
const MATCHES_SHOWN = 10;

/** How long the typing rests before the search asks the server (ms). */
const TYPING_PAUSE_MS = 200;

/**
 * One person of the company, found by name or email as one types (the members search of the
 * server, so a company of any size): a combobox with its list of matches, by the WAI-ARIA pattern
 * (arrows move through the matches, Enter chooses, Escape closes the list, then clears).
 * `value`: the chosen person's id, '' for none.
 */
export function PersonPicker({
  companyId,
  label,
  value,
  onChange,
}: {
  companyId: string;
  label: string;
  value: string;
  onChange: (userId: string) => void;
}) {
  const said = useMessages().people;
  const ids = { input: useId(), list: useId() };
  const [text, setText] = useState('');
  const [searched, setSearched] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setSearched(text.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const matches = useQuery({
    queryKey: ['members', companyId, { q: searched, limit: MATCHES_SHOWN, picker: true }],
    queryFn: () => Api.members(companyId, { q: searched, limit: MATCHES_SHOWN }),
    enabled: open,
  });
  const options = matches.data?.items ?? [];

  const choose = (userId: string, name: string) => {
    onChange(userId);
    setText(name);
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (options.length === 0 ? 0 : (index + step + options.length) % options.length));
    } else if (event.key === 'Enter' && open) {
      const option = options[active];
      if (option !== undefined) {
        event.preventDefault();
        choose(option.userId, option.name);
      }
    } else if (event.key === 'Escape') {
      if (open) setOpen(false);
      else {
        setText('');
        onChange('');
      }
    }
  };
  const activeOption = open ? options[active] : undefined;

  return (
    <div className="field person-picker">
      <label htmlFor={ids.input}>{label}</label>
      <input
        id={ids.input}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={ids.list}
        aria-activedescendant={activeOption === undefined ? undefined : `${ids.list}-${activeOption.userId}`}
        placeholder={said.anyone}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
          // Typing anew drops the choice; the list offers the matches of what is typed.
          if (value !== '') onChange('');
        }}
        onFocus={() => setOpen(value === '')}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul id={ids.list} role="listbox" aria-label={label} className="menu picker-list" hidden={!open}>
        {options.map((option, index) => (
          <li
            key={option.userId}
            id={`${ids.list}-${option.userId}`}
            role="option"
            aria-selected={index === active}
            className="menu-item"
            data-highlighted={index === active ? '' : undefined}
            // Chosen on press, before the input's blur closes the list.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(option.userId, option.name);
            }}
          >
            {option.name}
            {option.email !== undefined && <span className="muted"> {option.email}</span>}
          </li>
        ))}
        {matches.isSuccess && options.length === 0 && (
          <li role="option" aria-disabled="true" aria-selected={false} className="menu-item muted">
            {said.noMatch}
          </li>
        )}
      </ul>
      {value !== '' && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setText('');
            onChange('');
          }}
        >
          {said.clear(label)}
        </button>
      )}
      <ErrorMessage error={matches.error} />
    </div>
  );
}
