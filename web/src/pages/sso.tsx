import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { SSO_FAILURE_REASONS, type SsoFailureReason } from '../../../src/domain/sso.js';
import { Api, type Sso } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { Link } from '../router.js';
import { Confirm, Loading } from '../ui.js';

/** What each failure of the provider's callback means to the person (API.md "Single sign-on"). */
const FAILURES: Record<SsoFailureReason, string> = {
  denied: 'The sign-in was declined at your identity provider. Nothing changed in Roster.',
  state: 'This sign-in has expired, was used already, or was started in another browser. Nothing changed; start again below.',
  code: 'Your identity provider’s sign-in had expired or was used already by the time it came back. Nothing changed; start again below.',
  unverified: 'Your identity provider does not confirm that your email address is verified, so Roster cannot sign you in with it. Nothing changed; ask your administrator.',
  domain: 'Your identity provider signed you in with an email whose domain this company’s single sign-on does not cover. Nothing changed.',
  unconfirmed:
    'An account with this email exists, but its email was never confirmed. Confirm it with the link we mailed, or reset its password, then sign in here again. Nothing changed.',
  unreachable: 'Your identity provider did not answer. Nothing changed; try again in a moment.',
  invalid: 'Your identity provider’s answer could not be accepted. Nothing changed; start again, or ask your administrator.',
};

const failureOf = (error: string | null): string | null =>
  error === null ? null : (SSO_FAILURE_REASONS as readonly string[]).includes(error) ? FAILURES[error as SsoFailureReason] : FAILURES.invalid;

/** Signing in by single sign-on: the email, then the company's identity provider; and where a failed sign-in ends. */
export function SsoSignIn({ next, error, email: given }: { next: string | null; error: string | null; email: string | null }) {
  const [email, setEmail] = useState(given ?? '');
  const start = useMutation({
    mutationFn: () => Api.startSso({ email, ...(next !== null && next.startsWith('/') && !next.startsWith('//') ? { next } : {}) }),
    onSuccess: ({ redirect }) => window.location.assign(redirect),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    start.mutate();
  };
  const failure = failureOf(error);
  return (
    <main className="narrow">
      <h1>Sign in with single sign-on</h1>
      {failure !== null && (
        <div role="alert" className="notice">
          <h2>The sign-in did not go through</h2>
          <p>{failure}</p>
        </div>
      )}
      <p>Enter your work email. If your company signs you in through its identity provider, you go there next.</p>
      <form onSubmit={submit} noValidate>
        <FormError error={start.error} fields={['email']} />
        <Field label="Work email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldMessage(start.error, 'email')} />
        <button type="submit" disabled={start.isPending || start.isSuccess}>
          {start.isPending || start.isSuccess ? 'Going to your identity provider…' : 'Continue'}
        </button>
      </form>
      <p>
        <Link href={`/signin${next === null ? '' : `?next=${encodeURIComponent(next)}`}`}>Sign in with a password instead</Link>
      </p>
    </main>
  );
}

/** Settings › Domains › Single sign-on (the owner): the provider, the covered domains, enforcement. */
export function SsoSettings({ companyId, verifiedDomains }: { companyId: string; verifiedDomains: string[] }) {
  const settings = useQuery({ queryKey: ['sso', companyId], queryFn: () => Api.sso(companyId) });
  return (
    <section aria-labelledby="sso-heading">
      <h2 id="sso-heading">Single sign-on</h2>
      {settings.isPending && <Loading label="Loading single sign-on…" />}
      <ErrorMessage error={settings.error} />
      {settings.data && <SsoForm key={settings.data.sso?.updatedAt ?? 'none'} companyId={companyId} current={settings.data.sso} redirectUri={settings.data.redirectUri} verifiedDomains={verifiedDomains} />}
    </section>
  );
}

function SsoForm({ companyId, current, redirectUri, verifiedDomains }: { companyId: string; current: Sso | null; redirectUri: string; verifiedDomains: string[] }) {
  const client = useQueryClient();
  const [issuer, setIssuer] = useState(current?.issuer ?? '');
  const [clientId, setClientId] = useState(current?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [domains, setDomains] = useState<string[]>(current?.domains ?? []);
  const [enforced, setEnforced] = useState(current?.enforced ?? false);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['sso', companyId] });
  const save = useMutation({
    mutationFn: () => Api.configureSso(companyId, { issuer, clientId, ...(clientSecret === '' ? {} : { clientSecret }), domains, enforced }),
    onSuccess: async () => {
      setSaved(true);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => Api.removeSso(companyId),
    onSuccess: async () => {
      setConfirming(false);
      await refresh();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const toggle = (domain: string) => setDomains(domains.includes(domain) ? domains.filter((d) => d !== domain) : [...domains, domain]);
  return (
    <>
      <p role="status">
        {current === null
          ? 'Single sign-on is off: people sign in with their passwords.'
          : `Single sign-on is on for ${current.domains.join(', ') || 'no domain any more'}${current.enforced ? ', enforced: people there sign in through the provider only (you keep your password).' : '; passwords still work.'}`}
      </p>
      {verifiedDomains.length === 0 ? (
        <p className="muted">Verify a domain first: single sign-on covers the company’s verified domains.</p>
      ) : (
        <form onSubmit={submit} noValidate aria-labelledby="sso-heading">
          <p>
            Register Roster with your OpenID Connect provider (Okta, Microsoft Entra ID, Google Workspace, Keycloak …) with this redirect URI:{' '}
            <code className="break">{redirectUri}</code>
          </p>
          <FormError error={save.error} fields={['issuer', 'clientId', 'clientSecret', 'domains', 'enforced']} />
          <Field label="Issuer URL" type="url" placeholder="https://login.example.com" required value={issuer} onChange={(e) => setIssuer(e.target.value)} error={fieldMessage(save.error, 'issuer')} />
          <Field label="Client ID" required value={clientId} onChange={(e) => setClientId(e.target.value)} error={fieldMessage(save.error, 'clientId')} />
          <Field
            label="Client secret"
            type="password"
            autoComplete="off"
            hint={current === null ? 'The secret your provider issued. It is kept sealed and never shown again.' : 'A secret is set. Leave this empty to keep it.'}
            value={clientSecret}
            onChange={(e) => setClientSecret(e.target.value)}
            error={fieldMessage(save.error, 'clientSecret')}
          />
          <fieldset>
            <legend>Domains it covers</legend>
            {verifiedDomains.map((domain) => (
              <label key={domain} className="choice">
                <input type="checkbox" checked={domains.includes(domain)} onChange={() => toggle(domain)} /> {domain}
              </label>
            ))}
          </fieldset>
          <label className="choice">
            <input type="checkbox" checked={enforced} onChange={(e) => setEnforced(e.target.checked)} /> Enforce: refuse password sign-in at these domains (you, the owner, keep your password as the way back in)
          </label>
          {saved && <p role="status">Saved.</p>}
          <div className="actions">
            <button type="submit" disabled={save.isPending || domains.length === 0 || issuer.trim() === '' || clientId.trim() === ''}>
              {save.isPending ? 'Checking the provider…' : 'Save single sign-on'}
            </button>
            {current !== null && (
              <button type="button" className="secondary" onClick={() => setConfirming(true)}>
                Remove single sign-on
              </button>
            )}
          </div>
        </form>
      )}
      <Confirm
        open={confirming}
        onOpenChange={setConfirming}
        title="Remove single sign-on?"
        consequences={<p>People at the covered domains will sign in with passwords again. Accounts made by single sign-on have none until they reset one.</p>}
        confirmLabel="Remove single sign-on"
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
        error={<ErrorMessage error={remove.error} />}
      />
    </>
  );
}
