import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { Api, type Me } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { Link, navigate } from '../router.js';
import { Loading } from '../ui.js';

/** Only paths of this page are followed after signing in (no open redirect to another site). */
const safeNext = (next: string | null): string => (next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/');

/** Sign in with email and password. */
export function SignIn({ next }: { next: string | null }) {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => Api.logIn({ email, password }),
    onSuccess: async () => {
      await client.resetQueries();
      navigate(safeNext(next), { replace: true });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  return (
    <main className="narrow">
      <h1>Sign in to Roster</h1>
      <form onSubmit={submit} noValidate>
        <FormError error={signIn.error} fields={['email', 'password']} />
        <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldMessage(signIn.error, 'email')} />
        <Field label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldMessage(signIn.error, 'password')} />
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        No account yet? <Link href={`/signup${next === null ? '' : `?next=${encodeURIComponent(next)}`}`}>Sign up</Link>
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
      {verify.isPending && <Loading what="the confirmation" />}
      <ErrorMessage error={verify.error} />
      {verify.isSuccess && <p role="status">Your email {verify.data.user.email} is confirmed.</p>}
      <p>
        <Link href="/">Continue to Roster</Link>
      </p>
    </main>
  );
}
