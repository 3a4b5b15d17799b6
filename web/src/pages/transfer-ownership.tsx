import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Api, ApiError, type Company, type Member } from '../api.js';
import { ErrorMessage } from '../errors.js';
import { Field } from '../field.js';
import { useReauthentication } from '../reauthenticate.js';

/** Why the transfer was refused, in the words of what the person can do about it. */
function TransferError({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.code === 'FORBIDDEN') {
    return (
      <p className="error" role="alert">
        This is not your password. Enter the password you sign in with.
      </p>
    );
  }
  if (error instanceof ApiError && error.code === 'CONTACT_PERSON_ON_ACTIVE_CONTRACT') {
    const { contracts } = error;
    return (
      <div role="alert">
        <p className="error">
          Once no longer the owner, you could not stay the contact person of these contracts, in teams where you are not a hiring
          manager. Reassign or end them first:
        </p>
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
        Nothing changed: confirm it is you to transfer ownership.
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
  const { run, dialog } = useReauthentication();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const transfer = useMutation({
    mutationFn: () => run(() => Api.transferOwnership(company.id, member.userId, password)),
    onSuccess: async () => {
      setOpen(false);
      setPassword('');
      onDone(`${member.name} is now the owner of ${company.name}. You stay a member, with the admin role.`);
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
      <h2>Transfer ownership</h2>
      <p className="muted">Make {member.name} the owner of {company.name}. There is one owner; you would stay, as an admin.</p>
      <button
        type="button"
        className="danger"
        onClick={() => {
          transfer.reset();
          setPassword('');
          setOpen(true);
        }}
      >
        Transfer ownership
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
            <AlertDialog.Title>Make {member.name} the owner of {company.name}?</AlertDialog.Title>
            <AlertDialog.Description asChild>
              <div>
                <ul>
                  <li>
                    {member.name} becomes the owner: they may do everything, including granting and revoking admin and finance, hiding
                    teams and handing ownership on. They join the company’s default team if they are not in it.
                  </li>
                  <li>You stay a member of {company.name} with your teams and roles, and the admin role besides. You are no longer the owner: only {member.name} can make you the owner again.</li>
                </ul>
                <p>Enter your password to confirm.</p>
              </div>
            </AlertDialog.Description>
            <form onSubmit={submit} noValidate>
              <TransferError error={transfer.error} />
              <Field
                label="Your password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
              <div className="actions">
                <AlertDialog.Cancel asChild>
                  <button type="button" className="secondary">
                    Cancel
                  </button>
                </AlertDialog.Cancel>
                <button type="submit" className="danger" disabled={transfer.isPending}>
                  {transfer.isPending ? 'Transferring…' : 'Transfer ownership'}
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
