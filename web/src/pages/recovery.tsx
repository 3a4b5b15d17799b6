import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { Api, ApiError, type Me } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { LanguageSelect } from '../i18n/language-switch.js';
import { useMessages } from '../i18n/messages.js';
import { Link } from '../router.js';
import { Loading } from '../ui.js';

/** A new password typed twice, as a reset and a change ask for it; `mismatch` when the two differ. */
export function NewPasswordFields(props: {
  password: string;
  again: string;
  onPassword: (value: string) => void;
  onAgain: (value: string) => void;
  error: string | undefined;
  mismatch: boolean;
}) {
  const said = useMessages().auth;
  return (
    <>
      <Field
        label={said.newPassword}
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint={said.newPasswordHint}
        value={props.password}
        onChange={(e) => props.onPassword(e.target.value)}
        error={props.error}
      />
      <Field
        label={said.newPasswordAgain}
        type="password"
        autoComplete="new-password"
        required
        value={props.again}
        onChange={(e) => props.onAgain(e.target.value)}
        error={props.mismatch ? said.passwordsDiffer : undefined}
      />
    </>
  );
}

/** "Forgot your password?": asks for a reset link. The answer is the same whether or not the email has an account. */
export function ForgotPassword() {
  const said = useMessages().auth;
  const [email, setEmail] = useState('');
  const ask = useMutation({ mutationFn: () => Api.forgotPassword(email) });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    ask.mutate();
  };
  return (
    <main className="narrow">
      <h1>{said.resetTitle}</h1>
      {ask.isSuccess ? (
        <p role="status">{said.resetLinkSent(email)}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{said.resetIntro}</p>
          <FormError error={ask.error} fields={['email']} />
          <Field label={said.email} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldMessage(ask.error, 'email')} />
          <button type="submit" disabled={ask.isPending}>
            {ask.isPending ? said.sending : said.sendLink}
          </button>
        </form>
      )}
      <p>
        <Link href="/signin">{said.backToSignIn}</Link>
      </p>
      <LanguageSelect />
    </main>
  );
}

/** The page of a reset mail's link: choose the new password. Every session ends; the person then signs in. */
export function ResetPassword({ token }: { token: string }) {
  const client = useQueryClient();
  const said = useMessages().auth;
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
      <h1>{said.chooseTitle}</h1>
      {reset.isSuccess ? (
        <>
          <p role="status">{said.passwordReset}</p>
          <p>
            <Link href="/signin">{said.signInWithNewPassword}</Link>
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
            {reset.isPending ? said.saving : said.setNewPassword}
          </button>
          {reset.error !== null && (
            <p>
              <Link href="/forgot-password">{said.askNewLink}</Link>
            </p>
          )}
        </form>
      )}
      <LanguageSelect />
    </main>
  );
}

/** The page of an email change's link, opened from the new address: makes it the account's email. */
export function ConfirmEmail({ token }: { token: string }) {
  const client = useQueryClient();
  const said = useMessages().auth;
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
      <h1>{said.confirmNewEmailTitle}</h1>
      {confirm.isPending && <Loading label={said.loadingConfirmation} />}
      {confirm.error instanceof ApiError && confirm.error.code === 'EMAIL_TAKEN' ? (
        <p className="error" role="alert">
          {said.emailTakenSince}
        </p>
      ) : (
        <ErrorMessage error={confirm.error} />
      )}
      {confirm.isSuccess && <p role="status">{said.emailNowIs(confirm.data.user.email)}</p>}
      <p>
        <Link href="/">{said.continueToRoster}</Link>
      </p>
    </main>
  );
}
