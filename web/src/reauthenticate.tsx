import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Api, ApiError } from './api.js';
import { FormError } from './errors.js';
import { Field } from './field.js';
import { useMessages } from './i18n/messages.js';
import { FormModal } from './ui.js';

/** What a call waiting for the dialog does once the person has signed in again, or given up. */
interface Waiting {
  retry: () => void;
  cancel: () => void;
}

/**
 * Sensitive changes (a new API token, an ownership transfer, turning two-factor off) need a
 * sign-in within the last 10 minutes; otherwise the server answers REAUTHENTICATION_REQUIRED.
 * `run(call)` makes the call; on that answer it asks for the password (and a code, where
 * two-factor is on) in a dialog, signs in again, and makes the call once more, resolving with its
 * answer. Cancelling rejects with the first refusal. Render `dialog` where the form is.
 */
export function useReauthentication(): { run: <T>(call: () => Promise<T>) => Promise<T>; dialog: ReactNode } {
  const [waiting, setWaiting] = useState<Waiting | null>(null);
  // Where the focus was when the dialog opened (the field of the form, or its dialog, that asked
  // for the change): the dialog has no trigger of its own to give the focus back to.
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const element = returnTo.current;
    if (waiting !== null || element === null) return;
    returnTo.current = null;
    // After Radix's own return of the focus, which runs once the dialog is gone.
    const timer = setTimeout(() => {
      if (element.isConnected) element.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [waiting]);
  const run = useCallback(<T,>(call: () => Promise<T>): Promise<T> => {
    return call().catch((error: unknown) => {
      if (!(error instanceof ApiError && error.code === 'REAUTHENTICATION_REQUIRED')) throw error;
      returnTo.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
      return new Promise<T>((resolve, reject) => {
        setWaiting({
          retry: () => {
            setWaiting(null);
            call().then(resolve, reject);
          },
          cancel: () => {
            setWaiting(null);
            reject(error);
          },
        });
      });
    });
  }, []);
  return { run, dialog: waiting === null ? null : <ReauthenticateDialog onDone={waiting.retry} onCancel={waiting.cancel} /> };
}

/** "Confirm it’s you": the password, and a code from the app where two-factor is on. */
function ReauthenticateDialog({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const said = useMessages().shell;
  const status = useQuery({ queryKey: ['two-factor'], queryFn: Api.twoFactor });
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submitting = useRef(false);
  const twoFactor = status.data?.enabled === true;
  const submit = () => {
    if (submitting.current) return;
    submitting.current = true;
    setPending(true);
    setError(null);
    Api.reauthenticate({ password, ...(twoFactor ? { code } : {}) })
      .then(onDone, (refusal: unknown) => setError(refusal))
      .finally(() => {
        submitting.current = false;
        setPending(false);
      });
  };
  return (
    <FormModal
      onClose={onCancel}
      title={said.confirmTitle}
      description={said.confirmIntro}
      onSubmit={submit}
      submitLabel={said.confirmAndContinue}
      pendingLabel={said.confirming}
      pending={pending}
    >
      <FormError error={error} fields={['password', 'code']} />
      <Field label={said.password} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      {twoFactor && (
        <Field
          label={said.authenticationCode}
          hint={said.authenticationCodeHint}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      )}
    </FormModal>
  );
}
