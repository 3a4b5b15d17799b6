import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Api, type CompanyToken as ScimToken, type CompanyView, type NewScimToken } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { useReauthentication } from '../reauthenticate.js';
import { SecretShownOnce } from '../secret-shown-once.js';
import { Confirm, Loading, shownMoment } from '../ui.js';

/** A token just made: its secret, shown this once, with a button that copies it. */
function NewSecret({ created, onDone }: { created: NewScimToken; onDone: () => void }) {
  return (
    <SecretShownOnce region="Your new SCIM token" label="SCIM token" secret={created.token} onDone={onDone}>
      <strong>Copy the SCIM token “{created.scimToken.name}” now.</strong> It will not be shown again. Give it to your identity provider with the
      endpoint above.
    </SecretShownOnce>
  );
}

/** Settings › SCIM (the owner): the endpoint, the company's SCIM tokens (made, shown once, revoked). */
export function ScimPage({ view }: { view: CompanyView }) {
  const companyId = view.company.id;
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['scim-tokens', companyId], queryFn: () => Api.scimTokens(companyId) });
  const [name, setName] = useState('');
  const [created, setCreated] = useState<NewScimToken | null>(null);
  const [revoking, setRevoking] = useState<ScimToken | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { run, dialog } = useReauthentication();
  const refresh = () => client.invalidateQueries({ queryKey: ['scim-tokens', companyId] });
  const create = useMutation({
    mutationFn: () => run(() => Api.createScimToken(companyId, name)),
    onSuccess: async (made) => {
      setCreated(made);
      setName('');
      setNotice(null);
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (token: ScimToken) => Api.revokeScimToken(companyId, token.id),
    onSuccess: async (_, token) => {
      setRevoking(null);
      setNotice(`The SCIM token “${token.name}” is revoked: it no longer works.`);
      await refresh();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <section aria-labelledby="scim-heading">
      <h1 id="scim-heading">SCIM provisioning</h1>
      <p>
        Your identity provider (Okta, Microsoft Entra ID) can add people to the company, keep their details, suspend them and manage teams as groups. People
        it adds join the default team with no roles and sign in through single sign-on.
      </p>
      {tokens.data && (
        <p>
          SCIM endpoint: <code>{tokens.data.endpoint}</code>
        </p>
      )}
      <p role="status">{notice}</p>
      {created !== null && <NewSecret created={created} onDone={() => setCreated(null)} />}

      <h2>Make a SCIM token</h2>
      {dialog}
      <form onSubmit={submit} noValidate className="inline-form">
        <FormError error={create.error} fields={['name']} />
        <Field label="Token name" hint="Which identity provider it is for, such as “Okta”." value={name} onChange={(e) => setName(e.target.value)} error={fieldMessage(create.error, 'name')} />
        <button type="submit" disabled={create.isPending || name.trim() === ''}>
          {create.isPending ? 'Making…' : 'Make SCIM token'}
        </button>
      </form>

      <h2>SCIM tokens</h2>
      {tokens.isPending && <Loading label="Loading SCIM tokens…" />}
      <ErrorMessage error={tokens.error} />
      {tokens.data && tokens.data.items.length === 0 && <p className="muted">No SCIM tokens yet.</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <ul className="cards" aria-label="SCIM tokens">
          {tokens.data.items.map((token) => (
            <li key={token.id} className="card">
              <div className="card-head">
                <strong>{token.name}</strong>
                {token.revokedAt === null ? (
                  <button type="button" className="secondary" aria-label={`Revoke ${token.name}`} onClick={() => setRevoking(token)}>
                    Revoke
                  </button>
                ) : (
                  <span className="badge">Revoked</span>
                )}
              </div>
              <p className="muted">
                Made {shownMoment(token.createdAt)} · {token.lastUsedAt === null ? 'never used' : `last used ${shownMoment(token.lastUsedAt)}`}
                {token.revokedAt !== null && ` · revoked ${shownMoment(token.revokedAt)}`}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Confirm
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) {
            setRevoking(null);
            revoke.reset();
          }
        }}
        title={`Revoke ${revoking?.name ?? 'SCIM token'}?`}
        consequences={<p>Your identity provider stops provisioning with this token at once. People it added stay. This cannot be undone.</p>}
        confirmLabel="Revoke SCIM token"
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking);
        }}
        busy={revoke.isPending}
        error={<ErrorMessage error={revoke.error} />}
      />
    </section>
  );
}
