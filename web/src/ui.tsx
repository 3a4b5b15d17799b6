import * as AlertDialog from '@radix-ui/react-alert-dialog';
import * as Checkbox from '@radix-ui/react-checkbox';
import * as Dialog from '@radix-ui/react-dialog';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useId, useRef, type ReactNode, type RefObject } from 'react';
import { formats, messages } from './i18n/messages.js';

/**
 * The (…) button whose menu item has just opened a dialog. The dialog mounts while the menu is
 * still closing, so it cannot see that button as the element to give the focus back to; it asks here.
 */
let menuOpener: { element: HTMLElement | null; at: number } | null = null;

/**
 * Focus management of a dialog: on close, back to what opened it: the (…) button of the menu whose
 * choice opened it, or else the control that had the focus when it opened (a button whose click
 * set the dialog's state: Radix returns the focus only to its own Trigger, which these dialogs have not).
 */
function useReturnFocus(): { onOpenAutoFocus: () => void; onCloseAutoFocus: (event: Event) => void } {
  const opener: RefObject<HTMLElement | null> = useRef(null);
  return {
    onOpenAutoFocus: () => {
      // Only a menu choice of this very moment opened this dialog.
      const fromMenu = menuOpener !== null && Date.now() - menuOpener.at < 1000 ? menuOpener.element : null;
      const active = document.activeElement;
      opener.current = fromMenu ?? (active instanceof HTMLElement && active !== document.body ? active : null);
      menuOpener = null;
    },
    onCloseAutoFocus: (event) => {
      const element = opener.current;
      opener.current = null;
      if (element?.isConnected === true) {
        event.preventDefault();
        element.focus();
      }
    },
  };
}

/** A modal dialog (Radix: focus moves in, stays in, and returns to the opener on close). */
function Modal({
  open,
  onOpenChange,
  title,
  description,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  const focus = useReturnFocus();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" {...focus} {...(description === undefined ? { 'aria-describedby': undefined } : {})}>
          <Dialog.Title>{title}</Dialog.Title>
          {description !== undefined && <Dialog.Description>{description}</Dialog.Description>}
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The close button of a Modal. */
const ModalClose = ({ children }: { children: ReactNode }) => (
  <Dialog.Close asChild>
    <button type="button" className="secondary">
      {children}
    </button>
  </Dialog.Close>
);

/** A copy of the set with `item` in it or out of it: the state update of a checkbox in a set of choices. */
export function toggled<T>(set: ReadonlySet<T>, item: T, on: boolean): Set<T> {
  const next = new Set(set);
  if (on) next.add(item);
  else next.delete(item);
  return next;
}

/**
 * A Modal holding one form: its fields (and their errors) as children, then Cancel and a submit
 * button that shows `pendingLabel` while the submission runs. Validation is the server's
 * (`noValidate`), so that every refusal reads the same, as the API words it.
 */
export function FormModal({
  open = true,
  onClose,
  title,
  description,
  onSubmit,
  submitLabel,
  pendingLabel,
  pending,
  canSubmit = true,
  footer,
  hideCancel = false,
  children,
}: {
  open?: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  onSubmit: () => void;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  canSubmit?: boolean;
  /** Shown by the buttons (a refusal), which stay in view however far the form scrolls. */
  footer?: ReactNode;
  /** No Cancel button (when the submit button closes). */
  hideCancel?: boolean;
  children: ReactNode;
}) {
  return (
    <Modal
      open={open}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      title={title}
      {...(description === undefined ? {} : { description })}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
        noValidate
      >
        {children}
        <div className="dialog-footer">
          {footer}
          <div className="actions">
            {!hideCancel && <ModalClose>{messages().common.cancel}</ModalClose>}
            <button type="submit" disabled={pending || !canSubmit}>
              {pending ? pendingLabel : submitLabel}
            </button>
          </div>
        </div>
      </form>
    </Modal>
  );
}

/**
 * A confirmation that names the consequences before anything happens (Radix AlertDialog: focus
 * starts on Cancel, Escape cancels). The dialog stays open while the action runs, and shows its error.
 */
export function Confirm({
  open,
  onOpenChange,
  title,
  consequences,
  confirmLabel,
  onConfirm,
  busy,
  error,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  consequences: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  busy: boolean;
  error?: ReactNode;
}) {
  const focus = useReturnFocus();
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="overlay" />
        <AlertDialog.Content className="dialog" {...focus}>
          <AlertDialog.Title>{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div>{consequences}</div>
          </AlertDialog.Description>
          {error}
          <div className="actions">
            <AlertDialog.Cancel asChild>
              <button type="button" className="secondary">
                {messages().common.cancel}
              </button>
            </AlertDialog.Cancel>
            <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
              {busy ? 'Working…' : confirmLabel}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

/** The (…) menu of a row: a button named after what it acts on, with a keyboard-operable list. */
export function ActionsMenu({ label, items }: { label: string; items: MenuItem[] }) {
  const trigger = useRef<HTMLButtonElement>(null);
  if (items.length === 0) return null;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="icon" aria-label={label} ref={trigger}>
          <span aria-hidden="true">…</span>
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          {items.map((item) => (
            <DropdownMenu.Item
              key={item.label}
              className={item.danger === true ? 'menu-item danger-text' : 'menu-item'}
              onSelect={() => {
                menuOpener = { element: trigger.current, at: Date.now() };
                item.onSelect();
              }}
            >
              {item.label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/** A moment as the page shows it, in the page's language: "5 Jan 2026, 10:00". */
export const shownMoment = (iso: string): string => formats().moment(iso);

/** A day as the page shows it: "5 Jan 2026", of a `YYYY-MM-DD` day or a moment, in UTC (as the server keeps days). */
export const shownDay = (dayOrIso: string): string => formats().day(dayOrIso);

/** A menu of files to download (an export in each format): links, so the browser downloads them itself. */
export function DownloadMenu({ label, links }: { label: string; links: { label: string; href: string }[] }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="secondary">
          {label}
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          {links.map((link) => (
            <DropdownMenu.Item key={link.href} className="menu-item" asChild>
              <a href={link.href} download>
                {link.label}
              </a>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/** A Radix checkbox with its label and, when disabled, the reason read with it. */
export function CheckboxField({
  label,
  checked,
  onCheckedChange,
  disabled = false,
  hint,
}: {
  label: string;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  disabled?: boolean;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="checkbox-field">
      <Checkbox.Root
        id={id}
        className="checkbox"
        checked={checked}
        disabled={disabled}
        onCheckedChange={(value) => onCheckedChange(value === true)}
        {...(hint === undefined ? {} : { 'aria-describedby': `${id}-hint` })}
      >
        <Checkbox.Indicator className="checkbox-indicator" aria-hidden="true">
          ✓
        </Checkbox.Indicator>
      </Checkbox.Root>
      <label htmlFor={id}>{label}</label>
      {hint !== undefined && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

/**
 * Shown while a query loads, announced politely. `label`: the page's own words ("Loading members…"),
 * else the general ones. `reserve`: the rows of a list to come, kept as blank space of their height
 * so that the page does not jump when they arrive.
 */
export const Loading = ({ label, reserve = 0 }: { label?: string; reserve?: number }) => (
  <div className="loading" style={reserve > 0 ? { minHeight: `calc(${reserve} * var(--row-height))` } : undefined}>
    <p className="muted" role="status">
      {label ?? messages().common.loading}
    </p>
  </div>
);
