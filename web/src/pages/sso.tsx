import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { SSO_FAILURE_REASONS, type SsoFailureReason } from '../../../src/domain/sso.js';
import { Api, type Sso } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { LanguageSelect } from '../i18n/language-switch.js';
import { messages, useMessages } from '../i18n/messages.js';
import { Link } from '../router.js';
import { Confirm, Loading } from '../ui.js';

/** What a failure of the provider's callback means to the person (API.md "Single sign-on"); an unknown one reads as `invalid`. */
function failureOf(error: string | null): string | null {
  const failures = messages().settings.ssoFailures;
  return error === null ? null : (SSO_FAILURE_REASONS as readonly string[]).includes(error) ? failures[error as SsoFailureReason] : failures.invalid;
}

/** Signing in by single sign-on: the email, then the company's identity provider; and where a failed sign-in ends. */
export function SsoSignIn({ next, error, email: given }: { next: string | null; error: string | null; email: string | null }) {
  const said = useMessages().settings;
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
      <h1>{said.ssoSignInTitle}</h1>
      {failure !== null && (
        <div role="alert" className="notice">
          <h2>{said.ssoFailed}</h2>
          <p>{failure}</p>
        </div>
      )}
      <p>{said.ssoSignInIntro}</p>
      <form onSubmit={submit} noValidate>
        <FormError error={start.error} fields={['email']} />
        <Field label={said.workEmail} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldMessage(start.error, 'email')} />
        <button type="submit" disabled={start.isPending || start.isSuccess}>
          {start.isPending || start.isSuccess ? said.goingToProvider : said.continue}
        </button>
      </form>
      <p>
        <Link href={`/signin${next === null ? '' : `?next=${encodeURIComponent(next)}`}`}>{said.signInWithPassword}</Link>
      </p>
      <LanguageSelect />
    </main>
  );
}

/** Settings › Domains › Single sign-on (the owner): the provider, the covered domains, enforcement. */
export function SsoSettings({ companyId, verifiedDomains }: { companyId: string; verifiedDomains: string[] }) {
  const said = useMessages().settings;
  const settings = useQuery({ queryKey: ['sso', companyId], queryFn: () => Api.sso(companyId) });
  return (
    <section aria-labelledby="sso-heading">
      <h2 id="sso-heading">{said.ssoTitle}</h2>
      {settings.isPending && <Loading label={said.loadingSso} />}
      <ErrorMessage error={settings.error} />
      {settings.data && <SsoForm key={settings.data.sso?.updatedAt ?? 'none'} companyId={companyId} current={settings.data.sso} redirectUri={settings.data.redirectUri} verifiedDomains={verifiedDomains} />}
    </section>
  );
}

function SsoForm({ companyId, current, redirectUri, verifiedDomains }: { companyId: string; current: Sso | null; redirectUri: string; verifiedDomains: string[] }) {
  const client = useQueryClient();
  const said = useMessages().settings;
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
        {current === null ? said.ssoOff : said.ssoOn(current.domains, current.enforced)}
      </p>
      {verifiedDomains.length === 0 ? (
        <p className="muted">{said.verifyDomainFirst}</p>
      ) : (
        <form onSubmit={submit} noValidate aria-labelledby="sso-heading">
          <p>
            {said.registerRoster} 
            <code className="break">{redirectUri}</code>
          </p>
          <FormError error={save.error} fields={['issuer', 'clientId', 'clientSecret', 'domains', 'enforced']} />
          <Field label={said.issuerUrl} type="url" placeholder="https://login.example.com" required value={issuer} onChange={(e) => setIssuer(e.target.value)} error={fieldMessage(save.error, 'issuer')} />
          <Field label={said.clientId} required value={clientId} onChange={(e) => setClientId(e.target.value)} error={fieldMessage(save.error, 'clientId')} />
          <Field
            label={said.clientSecret}
            type="password"
            autoComplete="off"
            hint={current === null ? said.clientSecretNew : said.clientSecretSet}
            value={clientSecret}
            onChange={(e) => setClientSecret(e.target.value)}
            error={fieldMessage(save.error, 'clientSecret')}
          />
          <fieldset>
            <legend>{said.domainsCovered}</legend>
            {verifiedDomains.map((domain) => (
              <label key={domain} className="choice">
                <input type="checkbox" checked={domains.includes(domain)} onChange={() => toggle(domain)} /> {domain}
              </label>
            ))}
          </fieldset>
          <label className="choice">
            <input type="checkbox" checked={enforced} onChange={(e) => setEnforced(e.target.checked)} /> {said.enforce}
          </label>
          {saved && <p role="status">{said.saved}</p>}
          <div className="actions">
            <button type="submit" disabled={save.isPending || domains.length === 0 || issuer.trim() === '' || clientId.trim() === ''}>
              {save.isPending ? said.checkingProvider : said.saveSso}
            </button>
            {current !== null && (
              <button type="button" className="secondary" onClick={() => setConfirming(true)}>
                {said.removeSso}
              </button>
            )}
          </div>
        </form>
      )}
      <Confirm
        open={confirming}
        onOpenChange={setConfirming}
        title={said.removeSsoTitle}
        consequences={<p>{said.removeSsoConsequences}</p>}
        confirmLabel={said.removeSso}
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
        error={<ErrorMessage error={remove.error} />}
      />
    </>
  );
}
