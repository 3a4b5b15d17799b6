import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Api, type ApiToken, type Me, type NewApiToken } from '../../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../../errors.js';
import { Field } from '../../field.js';
import { useMessages } from '../../i18n/messages.js';
import { useReauthentication } from '../../reauthenticate.js';
import { SecretShownOnce } from '../../secret-shown-once.js';
import { Confirm, Loading, shownMoment } from '../../ui.js';

/** The token's lifetimes offered, in days ('' for none), with their words in the account catalogue. */
const EXPIRY_CHOICES = [
  { value: '30', label: 'days30' },
  { value: '90', label: 'days90' },
  { value: '365', label: 'year' },
  { value: '', label: 'never' },
] as const;

/** The new token's secret, shown once, with a button that copies it. */
function NewTokenSecret({ created, onDone }: { created: NewApiToken; onDone: () => void }) {
  const said = useMessages().account;
  return (
    <SecretShownOnce region={said.newTokenRegion} label={said.token} secret={created.token} onDone={onDone}>
      <strong>{said.copyNewToken(created.name)}</strong>
      {said.notShownAgain}
    </SecretShownOnce>
  );
}

/** Personal API tokens: list, make one (its secret shown once, with copy), revoke. */
export function TokensSection(_props: { me: Me }) {
  const client = useQueryClient();
  const said = useMessages().account;
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
      setNotice(said.tokenRevoked(token.name));
      await refresh();
    },
  });

  return (
    <section aria-label={said.sections.tokens}>
      <p className="muted">{said.tokensIntro}</p>
      <p role="status">{notice}</p>
      {created !== null && <NewTokenSecret created={created} onDone={() => setCreated(null)} />}

      <h2>{said.makeTokenTitle}</h2>
      {dialog}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
        noValidate
      >
        <FormError error={create.error} fields={['name', 'expiresInDays']} />
        <Field label={said.tokenName} hint={said.tokenNameHint} value={name} onChange={(event) => setName(event.target.value)} error={fieldMessage(create.error, 'name')} />
        <div className="field">
          <label htmlFor="token-expiry">{said.expiresAfter}</label>
          <select id="token-expiry" value={expiry} onChange={(event) => setExpiry(event.target.value)}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {said.expiry[choice.label]}
              </option>
            ))}
          </select>
        </div>
        <div className="actions start">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? said.making : said.makeToken}
          </button>
        </div>
      </form>

      <h2>{said.yourTokens}</h2>
      {tokens.isPending && <Loading label={said.loadingTokens} reserve={3} />}
      <ErrorMessage error={tokens.error} />
      {tokens.data && tokens.data.items.length === 0 && <p className="muted">{said.noTokens}</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <ul className="cards" aria-label={said.tokensList}>
          {tokens.data.items.map((token) => (
            <li key={token.id} className="card">
              <div className="card-head">
                <strong>{token.name}</strong>
                <button type="button" className="secondary" aria-label={said.revokeNamed(token.name)} onClick={() => setRevoking(token)}>
                  {said.revoke}
                </button>
              </div>
              <p className="muted">
                {said.tokenSeen(
                  shownMoment(token.createdAt),
                  token.lastUsedAt === null ? null : shownMoment(token.lastUsedAt),
                  token.expiresAt === null ? null : shownMoment(token.expiresAt),
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
        title={said.revokeTitle(revoking?.name ?? null)}
        consequences={<p>{said.revokeConsequences}</p>}
        confirmLabel={said.revokeToken}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking);
        }}
        busy={revoke.isPending}
        error={<ErrorMessage error={revoke.error} />}
      />
    </section>
  );
}
