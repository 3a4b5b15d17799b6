import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Api, ApiError, type Me } from '../../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../../errors.js';
import { Field } from '../../field.js';
import { useReauthentication } from '../../reauthenticate.js';
import { Loading } from '../../ui.js';

const time = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One's email: the change to another happens when the link mailed to it is opened. */
export function EmailSection({ me }: { me: Me }) {
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['me', 'email'], queryFn: Api.emailSettings });
  const [email, setEmail] = useState('');
  const { run, dialog } = useReauthentication();
  const change = useMutation({
    mutationFn: () => run(() => Api.changeEmail(email)),
    onSuccess: () => {
      setEmail('');
      return client.invalidateQueries({ queryKey: ['me', 'email'] });
    },
  });
  const cancel = useMutation({
    mutationFn: Api.cancelEmailChange,
    onSuccess: () => client.invalidateQueries({ queryKey: ['me', 'email'] }),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    change.mutate();
  };
  const taken = change.error instanceof ApiError && change.error.code === 'EMAIL_TAKEN';
  const pending = settings.data?.pending ?? null;
  return (
    <>
      <p>
        Your email is <strong>{settings.data?.email ?? me.user.email}</strong>
        {(settings.data?.emailVerified ?? me.user.emailVerified) ? ' (confirmed).' : ' (not confirmed yet).'}
      </p>
      {settings.isPending && <Loading label="Loading your email…" />}
      <ErrorMessage error={settings.error} />
      {pending !== null && (
        <div className="pending-email">
          <p role="status">
            We sent a link to {pending.email}. Open it before {time(pending.expiresAt)} to make it your email; until then your email stays {settings.data?.email}.
          </p>
          <ErrorMessage error={cancel.error} />
          <button type="button" className="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel this change'}
          </button>
        </div>
      )}
      {dialog}
      <form onSubmit={submit} noValidate>
        <h2>Change your email</h2>
        {taken ? (
          <p className="error" role="alert">
            Another account uses this email. Choose another.
          </p>
        ) : (
          <FormError error={change.error} fields={['email']} />
        )}
        <Field
          label="New email"
          type="email"
          autoComplete="email"
          required
          hint="We will send a link to the new address; the change happens when you open it, and your current address is then told."
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldMessage(change.error, 'email')}
        />
        <button type="submit" disabled={change.isPending || email.trim() === ''}>
          {change.isPending ? 'Sending…' : 'Send the confirmation link'}
        </button>
      </form>
    </>
  );
}
