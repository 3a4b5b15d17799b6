import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Api, type ApiToken, type Me, type NewApiToken } from '../../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../../errors.js';
import { Field } from '../../field.js';
import { useReauthentication } from '../../reauthenticate.js';
import { SecretShownOnce } from '../../secret-shown-once.js';
import { Confirm, Loading, shownMoment } from '../../ui.js';

const EXPIRY_CHOICES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: 'One year' },
  { value: '', label: 'Never (until revoked)' },
];

/** The new token's secret, shown once, with a button that copies it. */
function NewTokenSecret({ created, onDone }: { created: NewApiToken; onDone: () => void }) {
  return (
    <SecretShownOnce region="Your new token" label="Token" secret={created.token} onDone={onDone}>
      <strong>Copy your new token “{created.name}” now.</strong> It will not be shown again.
    </SecretShownOnce>
  );
}

/** Personal API tokens: list, make one (its secret shown once, with copy), revoke. */
export function TokensSection(_props: { me: Me }) {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: Api.apiTokens });
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('90');
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { run, dialog } = useReauthentication();
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['tokens'] });
    await client.invalidateQueries({ queryKey: ['security-events'] });
  };
  const create = useMutation({
    mutationFn: () => run(() => Api.createApiToken(name, expiry === '' ? null : Number(expiry))),
    onSuccess: async (made) => {
      setCreated(made);
      setName('');
      setNotice(null);
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => Api.revokeApiToken(token.id),
    onSuccess: async (_, token) => {
      setRevoking(null);
      setNotice(`The token “${token.name}” is revoked: it no longer works.`);
      await refresh();
    },
  });

  return (
    <section aria-label="API tokens">
      <p className="muted">A token lets a script act as you through the API. Treat it like a password.</p>
      <p role="status">{notice}</p>
      {created !== null && <NewTokenSecret created={created} onDone={() => setCreated(null)} />}

      <h2>Make a token</h2>
      {dialog}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
        noValidate
      >
        <FormError error={create.error} fields={['name', 'expiresInDays']} />
        <Field label="Token name" hint="What it is for, such as “CI”." value={name} onChange={(event) => setName(event.target.value)} error={fieldMessage(create.error, 'name')} />
        <div className="field">
          <label htmlFor="token-expiry">Expires after</label>
          <select id="token-expiry" value={expiry} onChange={(event) => setExpiry(event.target.value)}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <div className="actions start">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Making…' : 'Make token'}
          </button>
        </div>
      </form>

      <h2>Your tokens</h2>
      {tokens.isPending && <Loading label="Loading tokens…" />}
      <ErrorMessage error={tokens.error} />
      {tokens.data && tokens.data.items.length === 0 && <p className="muted">You have no API tokens.</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <ul className="cards" aria-label="Tokens">
          {tokens.data.items.map((token) => (
            <li key={token.id} className="card">
              <div className="card-head">
                <strong>{token.name}</strong>
                <button type="button" className="secondary" aria-label={`Revoke ${token.name}`} onClick={() => setRevoking(token)}>
                  Revoke
                </button>
              </div>
              <p className="muted">
                Made {shownMoment(token.createdAt)} · {token.lastUsedAt === null ? 'never used' : `last used ${shownMoment(token.lastUsedAt)}`} ·{' '}
                {token.expiresAt === null ? 'does not expire' : `expires ${shownMoment(token.expiresAt)}`}
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
        title={`Revoke ${revoking?.name ?? 'token'}?`}
        consequences={<p>Scripts using this token stop working at once. This cannot be undone.</p>}
        confirmLabel="Revoke token"
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking);
        }}
        busy={revoke.isPending}
        error={<ErrorMessage error={revoke.error} />}
      />
    </section>
  );
}
