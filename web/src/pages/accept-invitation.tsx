import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Api, type Me } from '../api.js';
import { ErrorMessage } from '../errors.js';
import { LanguageSelect } from '../i18n/language-switch.js';
import { useMessages } from '../i18n/messages.js';
import { roleLabel } from '../roles.js';
import { Link, navigate } from '../router.js';
import { useSignOut } from '../session.js';
import { Loading } from '../ui.js';
import { SignUpForm } from './auth.js';

/**
 * The invitation link: what the invitation offers, then Accept (signed in with its email), Sign up
 * and join (no account), Sign in first (an account), or Decline.
 */
export function AcceptInvitation({ token, me }: { token: string; me: Me | null | undefined }) {
  const client = useQueryClient();
  const { auth: said, errors } = useMessages();
  const failures = errors.codes;
  const signOut = useSignOut();
  const preview = useQuery({ queryKey: ['invitation', token], queryFn: () => Api.previewInvitation(token) });
  const [declined, setDeclined] = useState(false);
  const accept = useMutation({
    mutationFn: () => Api.acceptInvitation(token),
    onSuccess: async ({ company }) => {
      await client.invalidateQueries({ queryKey: ['me'] });
      navigate(`/companies/${company.id}/members`, { replace: true });
    },
  });
  const decline = useMutation({
    mutationFn: () => Api.declineInvitation(token),
    onSuccess: () => setDeclined(true),
  });
  const here = `/invitations/${encodeURIComponent(token)}`;

  if (preview.isPending) {
    return (
      <main className="narrow">
        <Loading label={said.loadingInvitation} />
      </main>
    );
  }
  if (preview.error) {
    return (
      <main className="narrow">
        <h1>{said.invitationTitle}</h1>
        <ErrorMessage error={preview.error} />
        <p>
          <Link href="/">{said.goToRoster}</Link>
        </p>
      </main>
    );
  }
  const invitation = preview.data;
  if (declined) {
    return (
      <main className="narrow">
        <h1>{said.declinedTitle}</h1>
        <p role="status">{said.declined(invitation.companyName, invitation.inviterName)}</p>
      </main>
    );
  }
  const open = invitation.status === 'pending';
  const signedInAs = me ?? null;
  const sameEmail = signedInAs !== null && signedInAs.user.email.toLowerCase() === invitation.email.toLowerCase();
  const invited = said.invited(invitation.inviterName, invitation.companyName);

  return (
    <main className="narrow">
      <h1>{said.joinTitle(invitation.companyName)}</h1>
      <p>
        {invited.before}
        <strong>{invitation.email}</strong>
        {invited.after}
      </p>
      <ul>
        {invitation.teams.map((team) => (
          <li key={team.teamName}>{said.teamAs(team.teamName, team.roles.map(roleLabel))}</li>
        ))}
        {invitation.companyRoles.length > 0 && <li>{said.companyWide(invitation.companyRoles.map(roleLabel))}</li>}
      </ul>
      {!open && (
        <p className="error" role="alert">
          {invitation.status === 'expired' ? failures.INVITATION_EXPIRED : failures.INVITATION_NOT_PENDING}
        </p>
      )}
      {open && (
        <>
          <ErrorMessage error={accept.error ?? decline.error} />
          {me === undefined && <Loading label={said.loadingAccount} />}
          {sameEmail && (
            <div className="actions start">
              <button type="button" disabled={accept.isPending} onClick={() => accept.mutate()}>
                {accept.isPending ? said.joining : said.accept}
              </button>
              <button type="button" className="secondary" disabled={decline.isPending} onClick={() => decline.mutate()}>
                {said.decline}
              </button>
            </div>
          )}
          {signedInAs !== null && !sameEmail && (
            <>
              <p role="alert" className="error">
                {said.otherEmail(signedInAs.user.email, invitation.email)}
              </p>
              <button type="button" className="secondary" onClick={() => void signOut()}>
                {said.signOut}
              </button>
            </>
          )}
          {me === null && (
            <>
              <h2>{said.newToRoster}</h2>
              <SignUpForm
                invitation={{ email: invitation.email, token }}
                onDone={(companyId) => navigate(companyId === null ? '/' : `/companies/${companyId}/members`, { replace: true })}
              />
              <p>
                {said.haveAccount} <Link href={`/signin?next=${encodeURIComponent(here)}`}>{said.signInToAccept}</Link>
              </p>
              <button type="button" className="secondary" disabled={decline.isPending} onClick={() => decline.mutate()}>
                {said.declineInvitation}
              </button>
            </>
          )}
        </>
      )}
      <LanguageSelect />
    </main>
  );
}
