import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Api, type Me, type Session } from '../../api.js';
import { ErrorMessage } from '../../errors.js';
import { navigate } from '../../router.js';
import { Loading, shownMoment } from '../../ui.js';

/** A session's client as a person reads it. */
export const clientLabel = (client: string | null) => client ?? 'Unknown client';

/** Where one is signed in: each session's client, address, start and last use; end one, or all but this one. */
export function SessionsSection(_props: { me: Me }) {
  const client = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: Api.sessions });
  const [notice, setNotice] = useState<string | null>(null);
  const end = useMutation({
    mutationFn: (session: Session) => Api.endSession(session.id),
    onSuccess: async (_, session) => {
      if (session.current) {
        client.clear();
        navigate('/signin', { replace: true });
        return;
      }
      setNotice(`Signed out of ${clientLabel(session.client)}.`);
      await client.invalidateQueries({ queryKey: ['sessions'] });
      await client.invalidateQueries({ queryKey: ['security-events'] });
    },
  });
  const endOthers = useMutation({
    mutationFn: Api.endOtherSessions,
    onSuccess: async ({ sessions: ended }) => {
      setNotice(ended === 0 ? 'There were no other sessions.' : `Signed out of ${ended} other session${ended === 1 ? '' : 's'}.`);
      await client.invalidateQueries({ queryKey: ['sessions'] });
      await client.invalidateQueries({ queryKey: ['security-events'] });
    },
  });
  const items = sessions.data?.items ?? [];
  const others = items.filter((session) => !session.current).length;

  return (
    <section aria-label="Your sessions">
      <p className="muted">The browsers and programs signed in to your account. Sign out of any you do not recognise.</p>
      <p role="status">{notice}</p>
      <ErrorMessage error={end.error ?? endOthers.error} />
      {sessions.isPending && <Loading label="Loading sessions…" />}
      <ErrorMessage error={sessions.error} />
      {sessions.data && (
        <>
          <ul className="cards" aria-label="Sessions">
            {items.map((session) => (
              <li key={session.id} className="card">
                <div className="card-head">
                  <strong>
                    {clientLabel(session.client)}
                    {session.current && <span className="badge-line"> · this session</span>}
                  </strong>
                  <button
                    type="button"
                    className="secondary"
                    disabled={end.isPending}
                    aria-label={`Sign out ${clientLabel(session.client)}, signed in ${shownMoment(session.createdAt)}${session.current ? ' (this session)' : ''}`}
                    onClick={() => end.mutate(session)}
                  >
                    Sign out
                  </button>
                </div>
                <p className="muted">
                  Signed in {shownMoment(session.createdAt)}
                  {session.ip !== null && <> from {session.ip}</>} · last used {shownMoment(session.lastUsedAt)}
                </p>
              </li>
            ))}
          </ul>
          <div className="actions start">
            <button type="button" disabled={others === 0 || endOthers.isPending} onClick={() => endOthers.mutate()}>
              {endOthers.isPending ? 'Signing out…' : 'Sign out of other sessions'}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
