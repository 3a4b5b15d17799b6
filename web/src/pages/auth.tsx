import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { Api, ApiError, type Me } from '../api.js';
import { describeError, ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
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
      <h1>Sign in to Roster</h1>
      {ended !== null && <p role="alert">{ended}</p>}
      <form onSubmit={submit} noValidate>
        <FormError error={signIn.error} fields={['email', 'password']} credentials />
        <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldMessage(signIn.error, 'email')} />
        <Field label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldMessage(signIn.error, 'password')} />
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {signIn.error instanceof ApiError && signIn.error.code === 'SSO_REQUIRED' && (
        <p>
          <Link href={ssoPath(next, email)}>Continue with single sign-on</Link>
        </p>
      )}
      <p>
        <Link href={ssoPath(next, null)}>Sign in with single sign-on</Link>
      </p>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        No account yet? <Link href={`/signup${next === null ? '' : `?next=${encodeURIComponent(next)}`}`}>Sign up</Link>
      </p>
    </main>
  );
}

/** The second step of a sign-in: a code from the app, or a recovery code; five wrong ones end it. */
function SecondStep({ challenge, onSignedIn, onEnded }: { challenge: string; onSignedIn: () => Promise<void>; onEnded: (why: string) => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: () => Api.logInTwoFactor({ challenge, ...(useRecovery ? { recoveryCode: code } : { code }) }),
    onSuccess: onSignedIn,
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED' && error.extra.attemptsLeft === 0) {
        onEnded('This sign-in has ended (too many wrong codes, or it took over 5 minutes). Enter your email and password again.');
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
      <h1>Two-factor authentication</h1>
      <form onSubmit={submit} noValidate>
        {verify.error !== null && (
          <p role="alert" className="field-error">
            {left !== null ? `That code is not right. ${left} ${left === 1 ? 'try' : 'tries'} left.` : describeError(verify.error, { credentials: true })}
          </p>
        )}
        {useRecovery ? (
          <Field
            key="recovery"
            label="Recovery code"
            hint="One of the recovery codes you saved when you turned on two-factor authentication."
            autoComplete="off"
            autoFocus
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        ) : (
          <Field
            key="code"
            label="Authentication code"
            hint="The 6-digit code your authenticator app shows now."
            inputMode="numeric"
            autoComplete="one-time-code"
            autoFocus
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
        <button type="submit" disabled={verify.isPending}>
          {verify.isPending ? 'Checking…' : 'Verify'}
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
          {useRecovery ? 'Use a code from the app' : 'Use a recovery code'}
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
  const [email, setEmail] = useState(invitation?.email ?? '');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const signUp = useMutation({
    mutationFn: () =>
      Api.signUp({ email, name, password, ...(invitation === undefined ? {} : { invitationToken: invitation.token }) }),
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
        label="Email"
        type="email"
        autoComplete="email"
        required
        value={email}
        readOnly={invitation !== undefined}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldMessage(signUp.error, 'email')}
      />
      <Field label="Your name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldMessage(signUp.error, 'name')} />
      <Field
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        // In step with passwordProblem (src/auth/passwords.ts): 8 to 256 characters, not a common password.
        minLength={8}
        hint="At least 8 characters, not all spaces, and not one of the most common passwords."
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldMessage(signUp.error, 'password')}
      />
      <button type="submit" disabled={signUp.isPending}>
        {signUp.isPending ? 'Creating your account…' : invitation === undefined ? 'Sign up' : 'Sign up and join'}
      </button>
    </form>
  );
}

/** The sign-up page. */
export function SignUp({ next }: { next: string | null }) {
  return (
    <main className="narrow">
      <h1>Create your Roster account</h1>
      <SignUpForm onDone={() => navigate(safeNext(next), { replace: true })} />
      <p>
        Already have an account? <Link href={`/signin${next === null ? '' : `?next=${encodeURIComponent(next)}`}`}>Sign in</Link>
      </p>
    </main>
  );
}

/** Opens the link of the verification email: confirms the address once. */
export function VerifyEmail({ token }: { token: string }) {
  const client = useQueryClient();
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
      <h1>Confirm your email</h1>
      {verify.isPending && <Loading label="Loading the confirmation…" />}
      <ErrorMessage error={verify.error} />
      {verify.isSuccess && <p role="status">Your email {verify.data.user.email} is confirmed.</p>}
      <p>
        <Link href="/">Continue to Roster</Link>
      </p>
    </main>
  );
}
