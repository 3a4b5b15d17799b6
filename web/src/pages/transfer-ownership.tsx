import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Api, ApiError, type Company, type Member } from '../api.js';
import { ErrorMessage } from '../errors.js';
import { Field } from '../field.js';
import { messages } from '../i18n/messages.js';
import { useReauthentication } from '../reauthenticate.js';

/** Why the transfer was refused, in the words of what the person can do about it. */
function TransferError({ error }: { error: unknown }) {
  const said = messages().ownership;
  if (error instanceof ApiError && error.code === 'FORBIDDEN') {
    return (
      <p className="error" role="alert">
        {said.notYourPassword}
      </p>
    );
  }
  if (error instanceof ApiError && error.code === 'CONTACT_PERSON_ON_ACTIVE_CONTRACT') {
    const { contracts } = error;
    return (
      <div role="alert">
        <p className="error">{said.contractsInTheWay}</p>
        <ul>
          {contracts.map((contract) => (
            <li key={contract.id}>{contract.title}</li>
          ))}
        </ul>
      </div>
    );
  }
  if (error instanceof ApiError && error.code === 'REAUTHENTICATION_REQUIRED') {
    return (
      <p className="error" role="alert">
        {said.confirmFirst}
      </p>
    );
  }
  return <ErrorMessage error={error} />;
}

/**
 * The owner hands the company on to this member (docs/RULES.md §4 "Teams and ownership"): the
 * consequences said first, confirmed with the owner's password, after a recent sign-in.
 */
export function TransferOwnership({ company, member, onDone }: { company: Company; member: Member; onDone: (notice: string) => void }) {
  const client = useQueryClient();
  const said = messages().ownership;
  const { run, dialog } = useReauthentication();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const transfer = useMutation({
    mutationFn: () => run(() => Api.transferOwnership(company.id, member.userId, password)),
    onSuccess: async () => {
      setOpen(false);
      setPassword('');
      onDone(said.done(member.name, company.name));
      await Promise.all([
        client.invalidateQueries({ queryKey: ['company', company.id] }),
        client.invalidateQueries({ queryKey: ['member', company.id] }),
        client.invalidateQueries({ queryKey: ['members', company.id] }),
        client.invalidateQueries({ queryKey: ['teams', company.id] }),
        client.invalidateQueries({ queryKey: ['me'] }),
      ]);
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!transfer.isPending) transfer.mutate();
  };
  return (
    <div className="danger-zone">
      <h2>{said.title}</h2>
      <p className="muted">{said.intro(member.name, company.name)}</p>
      <button
        type="button"
        className="danger"
        onClick={() => {
          transfer.reset();
          setPassword('');
          setOpen(true);
        }}
      >
        {said.title}
      </button>
      <AlertDialog.Root
        open={open}
        onOpenChange={(next) => {
          if (!next && !transfer.isPending) setOpen(false);
        }}
      >
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="overlay" />
          <AlertDialog.Content className="dialog">
            <AlertDialog.Title>{said.confirmTitle(member.name, company.name)}</AlertDialog.Title>
            <AlertDialog.Description asChild>
              <div>
                <ul>
                  <li>{said.theyBecome(member.name)}</li>
                  <li>{said.youStay(member.name, company.name)}</li>
                </ul>
                <p>{said.enterPassword}</p>
              </div>
            </AlertDialog.Description>
            <form onSubmit={submit} noValidate>
              <TransferError error={transfer.error} />
              <Field
                label={said.yourPassword}
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
              <div className="actions">
                <AlertDialog.Cancel asChild>
                  <button type="button" className="secondary">
                    {messages().common.cancel}
                  </button>
                </AlertDialog.Cancel>
                <button type="submit" className="danger" disabled={transfer.isPending}>
                  {transfer.isPending ? said.transferring : said.title}
                </button>
              </div>
            </form>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
      {/* Outside the dialog's form: the sign-in dialog's own submission must not bubble into it. */}
      {dialog}
    </div>
  );
}
