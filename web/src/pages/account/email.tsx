import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Api, ApiError, type Me } from '../../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../../errors.js';
import { Field } from '../../field.js';
import { useMessages } from '../../i18n/messages.js';
import { useReauthentication } from '../../reauthenticate.js';
import { Loading, shownMoment } from '../../ui.js';

/** One's email: the change to another happens when the link mailed to it is opened. */
export function EmailSection({ me }: { me: Me }) {
  const client = useQueryClient();
  const said = useMessages().account;
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
        {said.emailIs}
        <strong>{settings.data?.email ?? me.user.email}</strong>
        {(settings.data?.emailVerified ?? me.user.emailVerified) ? said.emailConfirmed : said.emailNotConfirmed}
      </p>
      {settings.isPending && <Loading label={said.loadingEmail} />}
      <ErrorMessage error={settings.error} />
      {pending !== null && (
        <div className="pending-email">
          <p role="status">
            {said.emailChangePending(pending.email, shownMoment(pending.expiresAt), settings.data?.email ?? me.user.email)}
          </p>
          <ErrorMessage error={cancel.error} />
          <button type="button" className="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
            {cancel.isPending ? said.cancelling : said.cancelEmailChange}
          </button>
        </div>
      )}
      {dialog}
      <form onSubmit={submit} noValidate>
        <h2>{said.changeEmailTitle}</h2>
        {taken ? (
          <p className="error" role="alert">
            {said.emailInUse}
          </p>
        ) : (
          <FormError error={change.error} fields={['email']} />
        )}
        <Field
          label={said.newEmail}
          type="email"
          autoComplete="email"
          required
          hint={said.newEmailHint}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldMessage(change.error, 'email')}
        />
        <button type="submit" disabled={change.isPending || email.trim() === ''}>
          {change.isPending ? said.sending : said.sendConfirmationLink}
        </button>
      </form>
    </>
  );
}
