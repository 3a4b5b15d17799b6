import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Api, type CompanyToken as ScimToken, type CompanyView, type NewScimToken } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { useMessages } from '../i18n/messages.js';
import { useReauthentication } from '../reauthenticate.js';
import { SecretShownOnce } from '../secret-shown-once.js';
import { Confirm, Loading, shownMoment } from '../ui.js';

/** A token just made: its secret, shown this once, with a button that copies it. */
function NewSecret({ created, onDone }: { created: NewScimToken; onDone: () => void }) {
  const said = useMessages().settings;
  return (
    <SecretShownOnce region={said.newScimTokenRegion} label={said.scimToken} secret={created.token} onDone={onDone}>
      <strong>{said.copyScimToken(created.scimToken.name)}</strong>
      {said.scimTokenNotShownAgain}
    </SecretShownOnce>
  );
}

/** Settings › SCIM (the owner): the endpoint, the company's SCIM tokens (made, shown once, revoked). */
export function ScimPage({ view }: { view: CompanyView }) {
  const companyId = view.company.id;
  const client = useQueryClient();
  const said = useMessages().settings;
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
      setNotice(said.scimTokenRevoked(token.name));
      await refresh();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <section aria-labelledby="scim-heading">
      <h1 id="scim-heading">{said.scimTitle}</h1>
      <p>{said.scimIntro}</p>
      {tokens.data && (
        <p>
          {said.scimEndpoint} <code>{tokens.data.endpoint}</code>
        </p>
      )}
      <p role="status">{notice}</p>
      {created !== null && <NewSecret created={created} onDone={() => setCreated(null)} />}

      <h2>{said.makeScimTokenTitle}</h2>
      {dialog}
      <form onSubmit={submit} noValidate className="inline-form">
        <FormError error={create.error} fields={['name']} />
        <Field label={said.tokenName} hint={said.scimTokenNameHint} value={name} onChange={(e) => setName(e.target.value)} error={fieldMessage(create.error, 'name')} />
        <button type="submit" disabled={create.isPending || name.trim() === ''}>
          {create.isPending ? said.making : said.makeScimToken}
        </button>
      </form>

      <h2>{said.scimTokens}</h2>
      {tokens.isPending && <Loading label={said.loadingScimTokens} reserve={3} />}
      <ErrorMessage error={tokens.error} />
      {tokens.data && tokens.data.items.length === 0 && <p className="muted">{said.noScimTokens}</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <ul className="cards" aria-label={said.scimTokens}>
          {tokens.data.items.map((token) => (
            <li key={token.id} className="card">
              <div className="card-head">
                <strong>{token.name}</strong>
                {token.revokedAt === null ? (
                  <button type="button" className="secondary" aria-label={said.revokeNamed(token.name)} onClick={() => setRevoking(token)}>
                    {said.revoke}
                  </button>
                ) : (
                  <span className="badge">{said.revoked}</span>
                )}
              </div>
              <p className="muted">
                {said.scimTokenSeen(
                  shownMoment(token.createdAt),
                  token.lastUsedAt === null ? null : shownMoment(token.lastUsedAt),
                  token.revokedAt === null ? null : shownMoment(token.revokedAt),
                )}
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
        title={said.revokeScimTitle(revoking?.name ?? null)}
        consequences={<p>{said.revokeScimConsequences}</p>}
        confirmLabel={said.revokeScimToken}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking);
        }}
        busy={revoke.isPending}
        error={<ErrorMessage error={revoke.error} />}
      />
    </section>
  );
}
