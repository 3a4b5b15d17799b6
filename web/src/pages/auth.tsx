import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { Api, ApiError, type Me } from '../api.js';
import { describeError, ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { LanguageSelect } from '../i18n/language-switch.js';
import { currentLanguage } from '../i18n/language.js';
import { useMessages } from '../i18n/messages.js';
import { Link, navigate } from '../router.js';
import { Loading } from '../ui.js';

/** Only paths of this page are followed after signing in (no open redirect to another site). */
const safeNext = (next: string | null): string => (next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/');

/** The page of single sign-on, with where to go after, and the email already typed. */
function ssoPath(next: string | null, email: string | null): string {
  const params = new URLSearchParams();
  if (next !== null) params.set('next', next);
  if (email !== null && email !== '') params.set('email', email);
  return `/signin/sso${params.size > 0 ? `?${params.toString()}` : ''}`;
}

/** Sign in with email and password, then, for an account with two-factor on, a code. */
export function SignIn({ next }: { next: string | null }) {
  const client = useQueryClient();
  const said = useMessages().auth;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const signedIn = async () => {
    await client.resetQueries();
    navigate(safeNext(next), { replace: true });
  };
  const signIn = useMutation({
    mutationFn: () => Api.logIn({ email, password }),
    onSuccess: async (answer) => {
      if (answer.twoFactor) {
        setEnded(null);
        setChallenge(answer.twoFactor.challenge);
        return;
      }
      await signedIn();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  if (challenge !== null) {
    return (
      <SecondStep
        challenge={challenge}
        onSignedIn={signedIn}
        onEnded={(why) => {
          setChallenge(null);
          setPassword('');
          setEnded(why);
        }}
      />
    );
  }
  return (
    <main className="narrow">
      <h1>{said.signInTitle}</h1>
      {ended !== null && <p role="alert">{ended}</p>}
      <form onSubmit={submit} noValidate>
        <FormError error={signIn.error} fields={['email', 'password']} credentials />
        <Field label={said.email} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldMessage(signIn.error, 'email')} />
        <Field label={said.password} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldMessage(signIn.error, 'password')} />
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? said.signingIn : said.signIn}
        </button>
      </form>
      {signIn.error instanceof ApiError && signIn.error.code === 'SSO_REQUIRED' && (
        <p>
          <Link href={ssoPath(next, email)}>{said.continueWithSso}</Link>
        </p>
      )}
      <p>
        <Link href={ssoPath(next, null)}>{said.signInWithSso}</Link>
      </p>
      <p>
        <Link href="/forgot-password">{said.forgotPassword}</Link>
      </p>
      <p>
        {said.noAccountYet} <Link href={`/signup${next === null ? '' : `?next=${encodeURIComponent(next)}`}`}>{said.signUp}</Link>
      </p>
      <LanguageSelect />
    </main>
  );
}

/** The second step of a sign-in: a code from the app, or a recovery code; five wrong ones end it. */
function SecondStep({ challenge, onSignedIn, onEnded }: { challenge: string; onSignedIn: () => Promise<void>; onEnded: (why: string) => void }) {
  const said = useMessages().auth;
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: () => Api.logInTwoFactor({ challenge, ...(useRecovery ? { recoveryCode: code } : { code }) }),
    onSuccess: onSignedIn,
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED' && error.extra.attemptsLeft === 0) {
        onEnded(said.secondStepEnded);
      }
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    verify.mutate();
  };
  const left = verify.error instanceof ApiError && typeof verify.error.extra.attemptsLeft === 'number' ? verify.error.extra.attemptsLeft : null;
  return (
    <main className="narrow">
      <h1>{said.twoFactorTitle}</h1>
      <form onSubmit={submit} noValidate>
        {verify.error !== null && (
          <p role="alert" className="field-error">
            {left !== null ? said.wrongCode(left) : describeError(verify.error, { credentials: true })}
          </p>
        )}
        {useRecovery ? (
          <Field
            key="recovery"
            label={said.recoveryCode}
            hint={said.recoveryCodeHint}
            autoComplete="off"
            autoFocus
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        ) : (
          <Field
            key="code"
            label={said.authenticationCode}
            hint={said.authenticationCodeHint}
            inputMode="numeric"
            autoComplete="one-time-code"
            autoFocus
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
        <button type="submit" disabled={verify.isPending}>
          {verify.isPending ? said.checking : said.verify}
        </button>
      </form>
      <p>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setUseRecovery(!useRecovery);
            setCode('');
            verify.reset();
          }}
        >
          {useRecovery ? said.useAppCode : said.useRecoveryCode}
        </button>
      </p>
    </main>
  );
}

/** Sign up: the form, also used on an invitation's page with the invitation's email and token. */
export function SignUpForm({
  invitation,
  onDone,
}: {
  invitation?: { email: string; token: string };
  onDone: (companyId: string | null) => void;
}) {
  const client = useQueryClient();
  const said = useMessages().auth;
  const [email, setEmail] = useState(invitation?.email ?? '');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const signUp = useMutation({
    mutationFn: () =>
      Api.signUp({ email, name, password, language: currentLanguage(), ...(invitation === undefined ? {} : { invitationToken: invitation.token }) }),
    onSuccess: async ({ companyId }) => {
      await client.resetQueries();
      onDone(companyId);
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    signUp.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormError error={signUp.error} fields={['email', 'name', 'password']} />
      <Field
        label={said.email}
        type="email"
        autoComplete="email"
        required
        value={email}
        readOnly={invitation !== undefined}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldMessage(signUp.error, 'email')}
      />
      <Field label={said.yourName} autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldMessage(signUp.error, 'name')} />
      <Field
        label={said.password}
        type="password"
        autoComplete="new-password"
        required
        // In step with passwordProblem (src/auth/passwords.ts): 8 to 256 characters, not a common password.
        minLength={8}
        hint={said.newPasswordHint}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldMessage(signUp.error, 'password')}
      />
      <button type="submit" disabled={signUp.isPending}>
        {signUp.isPending ? said.creatingAccount : invitation === undefined ? said.signUp : said.signUpAndJoin}
      </button>
    </form>
  );
}

/** The sign-up page. */
export function SignUp({ next }: { next: string | null }) {
  const said = useMessages().auth;
  return (
    <main className="narrow">
      <h1>{said.signUpTitle}</h1>
      <SignUpForm onDone={() => navigate(safeNext(next), { replace: true })} />
      <p>
        {said.haveAccount} <Link href={`/signin${next === null ? '' : `?next=${encodeURIComponent(next)}`}`}>{said.signIn}</Link>
      </p>
      <LanguageSelect />
    </main>
  );
}

/** Opens the link of the verification email: confirms the address once. */
export function VerifyEmail({ token }: { token: string }) {
  const client = useQueryClient();
  const said = useMessages().auth;
  const verify = useMutation({
    mutationFn: () => Api.verifyEmail(token),
    onSuccess: ({ user }) => {
      // The confirmed user at once, so that no page shows the unconfirmed notice while `me` reloads.
      client.setQueryData<Me>(['me'], (me) => (me === undefined ? me : { ...me, user }));
      return client.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const { mutate } = verify;
  // A token works once: React's development double effects must not send it twice.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    mutate();
  }, [mutate]);
  return (
    <main className="narrow">
      <h1>{said.verifyTitle}</h1>
      {verify.isPending && <Loading label={said.loadingConfirmation} />}
      <ErrorMessage error={verify.error} />
      {verify.isSuccess && <p role="status">{said.emailConfirmed(verify.data.user.email)}</p>}
      <p>
        <Link href="/">{said.continueToRoster}</Link>
      </p>
    </main>
  );
}
