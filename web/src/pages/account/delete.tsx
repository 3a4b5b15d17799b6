import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Api, ApiError, type Me } from '../../api.js';
import { fieldMessage, FormError } from '../../errors.js';
import { Field } from '../../field.js';
import { useMessages } from '../../i18n/messages.js';
import { useReauthentication } from '../../reauthenticate.js';
import { Link, navigate } from '../../router.js';
import { FormModal } from '../../ui.js';

/** A contract that keeps the person from leaving, with its company (the deletion's 409 names it). */
interface BlockingContract {
  id: string;
  title: string;
  companyId?: string;
}

/** Why the account cannot be deleted now, from the refusal (or from what the page already knows). */
function Blockers({ me, error }: { me: Me; error: unknown }) {
  const said = useMessages().account;
  const owned = me.companies.filter((entry) => entry.isOwner);
  const companyName = (companyId: string | undefined) => me.companies.find((entry) => entry.company.id === companyId)?.company.name ?? said.anotherCompany;
  if (error instanceof ApiError && error.code === 'CONTACT_PERSON_ON_ACTIVE_CONTRACT') {
    const contracts = error.contracts as BlockingContract[];
    return (
      <div role="alert">
        <p className="error">{said.contactPersonBlocks}</p>
        <ul>
          {contracts.map((contract) => (
            <li key={contract.id}>
              {contract.title} ({companyName(contract.companyId)})
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (owned.length > 0 || (error instanceof ApiError && error.code === 'OWNER_CANNOT_BE_REMOVED')) {
    return (
      <div role={error === null ? undefined : 'alert'}>
        <p className={error === null ? undefined : 'error'}>
          {said.ownerBlocks(owned.length)}
        </p>
        <ul>
          {owned.map((entry) => (
            <li key={entry.company.id}>
              <Link href={`/companies/${entry.company.id}/members`}>{entry.company.name}</Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return null;
}

/** Delete one's account, with the password: what goes, and what stays, said before. */
export function DeleteSection({ me }: { me: Me }) {
  const client = useQueryClient();
  const said = useMessages().account;
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const { run, dialog } = useReauthentication();
  const owns = me.companies.some((entry) => entry.isOwner);
  const remove = useMutation({
    mutationFn: () => run(() => Api.deleteAccount(password)),
    onSuccess: () => {
      client.clear();
      navigate('/signin', { replace: true });
    },
  });
  const blocked = remove.error instanceof ApiError && ['OWNER_CANNOT_BE_REMOVED', 'CONTACT_PERSON_ON_ACTIVE_CONTRACT'].includes(remove.error.code);
  return (
    <section aria-label={said.deleteRegion}>
      <p>{said.deleting}</p>
      <ul>
        <li>{said.deletingLeaves(me.companies.map((entry) => entry.company.name))}</li>
        <li>{said.deletingSignsOut}</li>
        <li>{said.deletingForgets}</li>
      </ul>
      <p>{said.deletingFinal}</p>
      {/* The refusal shows in the dialog while it is open, beside it once closed. */}
      <Blockers me={me} error={blocked && !open ? remove.error : null} />
      <div className="danger-zone">
        <button
          type="button"
          className="danger"
          disabled={owns}
          onClick={() => {
            remove.reset();
            setPassword('');
            setOpen(true);
          }}
        >
          {said.sections.delete}
        </button>
      </div>
      <FormModal
        open={open}
        onClose={() => setOpen(false)}
        title={said.deleteTitle}
        description={said.deleteConfirm}
        onSubmit={() => remove.mutate()}
        submitLabel={said.deleteMyAccount}
        pendingLabel={said.deletingNow}
        pending={remove.isPending}
      >
        {blocked ? <Blockers me={me} error={remove.error} /> : <FormError error={remove.error} fields={['password']} />}
        <Field
          label={said.password}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldMessage(remove.error, 'password')}
        />
      </FormModal>
      {dialog}
    </section>
  );
}
