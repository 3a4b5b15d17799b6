import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Api, type Me } from '../../api.js';
import { fieldMessage, FormError } from '../../errors.js';
import { Field } from '../../field.js';
import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';

/** Who the account is: the name, which every company lists, changed here; the email, changed in its own section. */
export function ProfileSection({ me }: { me: Me }) {
  const client = useQueryClient();
  const { account: said, common } = useMessages();
  const [name, setName] = useState(me.user.name);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => Api.updateProfile({ name }),
    onSuccess: ({ user }) => {
      setName(user.name);
      setSaved(true);
      client.setQueryData<Me>(['me'], (old) => (old === undefined ? old : { ...old, user }));
      // Every company's lists show the name: read them again.
      return client.invalidateQueries();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <>
      <form onSubmit={submit} noValidate>
        <FormError error={save.error} fields={['name']} />
        <Field
          label={said.name}
          autoComplete="name"
          required
          maxLength={200}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setSaved(false);
          }}
          error={fieldMessage(save.error, 'name')}
        />
        <button type="submit" disabled={save.isPending || name === me.user.name}>
          {save.isPending ? common.saving : said.saveName}
        </button>
        {saved && <p role="status">{said.nameSaved}</p>}
      </form>
      <dl>
        <dt>{said.email}</dt>
        <dd>
          {me.user.email} <Link href="/account/email">{said.changeEmail}</Link>
        </dd>
      </dl>
    </>
  );
}
