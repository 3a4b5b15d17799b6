import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { Api, ApiError, type Me } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { Link } from '../router.js';
import { Loading } from '../ui.js';

/** What a new password must be, as passwordProblem (src/auth/passwords.ts) checks it. */
const NEW_PASSWORD_HINT = 'At least 8 characters, not all spaces, and not one of the most common passwords.';

/** A new password typed twice, as a reset and a change ask for it; `mismatch` when the two differ. */
export function NewPasswordFields(props: {
  password: string;
  again: string;
  onPassword: (value: string) => void;
  onAgain: (value: string) => void;
  error: string | undefined;
  mismatch: boolean;
}) {
  return (
    <>
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint={NEW_PASSWORD_HINT}
        value={props.password}
        onChange={(e) => props.onPassword(e.target.value)}
        error={props.error}
      />
      <Field
        label="New password again"
        type="password"
        autoComplete="new-password"
        required
        value={props.again}
        onChange={(e) => props.onAgain(e.target.value)}
        error={props.mismatch ? 'The two passwords are not the same.' : undefined}
      />
    </>
  );
}

/** "Forgot your password?": asks for a reset link. The answer is the same whether or not the email has an account. */
export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const ask = useMutation({ mutationFn: () => Api.forgotPassword(email) });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    ask.mutate();
  };
  return (
    <main className="narrow">
      <h1>Reset your password</h1>
      {ask.isSuccess ? (
        <p role="status">
          If an account uses {email}, a link to choose a new password is on its way there. It works for one hour.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>Enter the email of your account, and we will mail you a link to choose a new password.</p>
          <FormError error={ask.error} fields={['email']} />
          <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldMessage(ask.error, 'email')} />
          <button type="submit" disabled={ask.isPending}>
            {ask.isPending ? 'Sending…' : 'Send the link'}
          </button>
        </form>
      )}
      <p>
        <Link href="/signin">Back to sign in</Link>
      </p>
    </main>
  );
}

/** The page of a reset mail's link: choose the new password. Every session ends; the person then signs in. */
export function ResetPassword({ token }: { token: string }) {
  const client = useQueryClient();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const reset = useMutation({
    mutationFn: () => Api.resetPassword(token, password),
    // Every session ended, this browser's too: forget what it knew of the account.
    onSuccess: () => client.clear(),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setMismatch(password !== again);
    if (password === again) reset.mutate();
  };
  return (
    <main className="narrow">
      <h1>Choose a new password</h1>
      {reset.isSuccess ? (
        <>
          <p role="status">Your password is changed, and every session of your account is signed out.</p>
          <p>
            <Link href="/signin">Sign in with your new password</Link>
          </p>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <FormError error={reset.error} fields={['password']} />
          <NewPasswordFields
            password={password}
            again={again}
            onPassword={setPassword}
            onAgain={setAgain}
            error={fieldMessage(reset.error, 'password')}
            mismatch={mismatch}
          />
          <button type="submit" disabled={reset.isPending}>
            {reset.isPending ? 'Saving…' : 'Set the new password'}
          </button>
          {reset.error !== null && (
            <p>
              <Link href="/forgot-password">Ask for a new link</Link>
            </p>
          )}
        </form>
      )}
    </main>
  );
}

/** The page of an email change's link, opened from the new address: makes it the account's email. */
export function ConfirmEmail({ token }: { token: string }) {
  const client = useQueryClient();
  const confirm = useMutation({
    mutationFn: () => Api.confirmEmail(token),
    onSuccess: ({ user }) => {
      client.setQueryData<Me>(['me'], (me) => (me === undefined || me.user.id !== user.id ? me : { ...me, user }));
      return client.invalidateQueries();
    },
  });
  const { mutate } = confirm;
  // A token works once: React's development double effects must not send it twice.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    mutate();
  }, [mutate]);
  return (
    <main className="narrow">
      <h1>Confirm your new email</h1>
      {confirm.isPending && <Loading label="Loading the confirmation…" />}
      {confirm.error instanceof ApiError && confirm.error.code === 'EMAIL_TAKEN' ? (
        <p className="error" role="alert">
          Another account has taken this address since you asked. Your email stays as it was; choose another in your account.
        </p>
      ) : (
        <ErrorMessage error={confirm.error} />
      )}
      {confirm.isSuccess && <p role="status">Your account’s email is now {confirm.data.user.email}.</p>}
      <p>
        <Link href="/">Continue to Roster</Link>
      </p>
    </main>
  );
}
