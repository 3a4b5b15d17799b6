import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Api, type Me } from '../api.js';
import { ErrorMessage } from '../errors.js';
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
        <Loading label="Loading the invitation…" />
      </main>
    );
  }
  if (preview.error) {
    return (
      <main className="narrow">
        <h1>Invitation</h1>
        <ErrorMessage error={preview.error} />
        <p>
          <Link href="/">Go to Roster</Link>
        </p>
      </main>
    );
  }
  const invitation = preview.data;
  if (declined) {
    return (
      <main className="narrow">
        <h1>Invitation declined</h1>
        <p role="status">You declined the invitation to join {invitation.companyName}. {invitation.inviterName} will see that you declined.</p>
      </main>
    );
  }
  const open = invitation.status === 'pending';
  const signedInAs = me ?? null;
  const sameEmail = signedInAs !== null && signedInAs.user.email.toLowerCase() === invitation.email.toLowerCase();

  return (
    <main className="narrow">
      <h1>Join {invitation.companyName}</h1>
      <p>
        {invitation.inviterName} invited <strong>{invitation.email}</strong> to join {invitation.companyName} on Roster.
      </p>
      <ul>
        {invitation.teams.map((team) => (
          <li key={team.teamName}>
            {team.teamName}
            {team.roles.length > 0 ? ` as ${team.roles.map(roleLabel).join(', ')}` : ' as a member'}
          </li>
        ))}
        {invitation.companyRoles.length > 0 && <li>Company-wide: {invitation.companyRoles.map(roleLabel).join(', ')}</li>}
      </ul>
      {!open && (
        <p className="error" role="alert">
          {invitation.status === 'expired'
            ? 'This invitation has expired. Ask the person who invited you to send a new one.'
            : 'This invitation is no longer open: it was accepted, declined or withdrawn.'}
        </p>
      )}
      {open && (
        <>
          <ErrorMessage error={accept.error ?? decline.error} />
          {me === undefined && <Loading label="Loading your account…" />}
          {sameEmail && (
            <div className="actions start">
              <button type="button" disabled={accept.isPending} onClick={() => accept.mutate()}>
                {accept.isPending ? 'Joining…' : 'Accept invitation'}
              </button>
              <button type="button" className="secondary" disabled={decline.isPending} onClick={() => decline.mutate()}>
                Decline
              </button>
            </div>
          )}
          {signedInAs !== null && !sameEmail && (
            <>
              <p role="alert" className="error">
                You are signed in as {signedInAs.user.email}, but this invitation is for {invitation.email}. Sign out, then
                open the link again.
              </p>
              <button type="button" className="secondary" onClick={() => void signOut()}>
                Sign out
              </button>
            </>
          )}
          {me === null && (
            <>
              <h2>New to Roster? Create your account</h2>
              <SignUpForm
                invitation={{ email: invitation.email, token }}
                onDone={(companyId) => navigate(companyId === null ? '/' : `/companies/${companyId}/members`, { replace: true })}
              />
              <p>
                Already have an account? <Link href={`/signin?next=${encodeURIComponent(here)}`}>Sign in to accept</Link>
              </p>
              <button type="button" className="secondary" disabled={decline.isPending} onClick={() => decline.mutate()}>
                Decline invitation
              </button>
            </>
          )}
        </>
      )}
    </main>
  );
}
