import type { Me } from '../../api.js';

/** Who the account is: name and email. */
export function ProfileSection({ me }: { me: Me }) {
  return (
    <dl>
      <dt>Name</dt>
      <dd>{me.user.name}</dd>
      <dt>Email</dt>
      <dd>{me.user.email}</dd>
    </dl>
  );
}
