import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Api, ApiError } from '../../api.js';
import { fieldMessage, FormError } from '../../errors.js';
import { Field } from '../../field.js';
import { useMessages } from '../../i18n/messages.js';
import { useReauthentication } from '../../reauthenticate.js';
import { NewPasswordFields } from '../recovery.js';

/** Changing one's password with the current one: every other session is signed out. */
export function PasswordSection() {
  const { account: said, common } = useMessages();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { run, dialog } = useReauthentication();
  const change = useMutation({
    mutationFn: () => run(() => Api.changePassword(current, password)),
    onSuccess: () => {
      setCurrent('');
      setPassword('');
      setAgain('');
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setMismatch(password !== again);
    if (password === again) change.mutate();
  };
  const wrongCurrent = change.error instanceof ApiError && change.error.code === 'FORBIDDEN';
  return (
    <>
      {/* Outside the form: the dialog's own submission must not bubble into this one. */}
      {dialog}
      <form onSubmit={submit} noValidate>
        {change.isSuccess && (
          <p role="status">{said.passwordChanged(change.data.sessionsEnded)}</p>
        )}
        {!wrongCurrent && <FormError error={change.error} fields={['currentPassword', 'newPassword']} />}
        <Field
          label={said.currentPassword}
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={wrongCurrent ? said.notCurrentPassword : fieldMessage(change.error, 'currentPassword')}
        />
        <NewPasswordFields
          password={password}
          again={again}
          onPassword={setPassword}
          onAgain={setAgain}
          error={fieldMessage(change.error, 'newPassword')}
          mismatch={mismatch}
        />
        <p className="muted">{said.passwordChangeSignsOut}</p>
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? common.saving : said.changePassword}
        </button>
      </form>
    </>
  );
}
