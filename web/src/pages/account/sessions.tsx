import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Api, type Me, type Session } from '../../api.js';
import { ErrorMessage } from '../../errors.js';
import { messages, useMessages } from '../../i18n/messages.js';
import { navigate } from '../../router.js';
import { Loading, shownMoment } from '../../ui.js';

/** A session's client as a person reads it. */
export const clientLabel = (client: string | null) => client ?? messages().account.unknownClient;

/** Where one is signed in: each session's client, address, start and last use; end one, or all but this one. */
export function SessionsSection(_props: { me: Me }) {
  const client = useQueryClient();
  const said = useMessages().account;
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
      setNotice(said.signedOutOf(clientLabel(session.client)));
      await client.invalidateQueries({ queryKey: ['sessions'] });
      await client.invalidateQueries({ queryKey: ['security-events'] });
    },
  });
  const endOthers = useMutation({
    mutationFn: Api.endOtherSessions,
    onSuccess: async ({ sessions: ended }) => {
      setNotice(ended === 0 ? said.noOtherSessions : said.signedOutOthers(ended));
      await client.invalidateQueries({ queryKey: ['sessions'] });
      await client.invalidateQueries({ queryKey: ['security-events'] });
    },
  });
  const items = sessions.data?.items ?? [];
  const others = items.filter((session) => !session.current).length;

  return (
    <section aria-label={said.yourSessions}>
      <p className="muted">{said.sessionsIntro}</p>
      <p role="status">{notice}</p>
      <ErrorMessage error={end.error ?? endOthers.error} />
      {sessions.isPending && <Loading label={said.loadingSessions} reserve={3} />}
      <ErrorMessage error={sessions.error} />
      {sessions.data && (
        <>
          <ul className="cards" aria-label={said.sessionsList}>
            {items.map((session) => (
              <li key={session.id} className="card">
                <div className="card-head">
                  <strong>
                    {clientLabel(session.client)}
                    {session.current && <span className="badge-line">{said.thisSession}</span>}
                  </strong>
                  <button
                    type="button"
                    className="secondary"
                    disabled={end.isPending}
                    aria-label={said.signOutSession(clientLabel(session.client), shownMoment(session.createdAt), session.current)}
                    onClick={() => end.mutate(session)}
                  >
                    {said.signOut}
                  </button>
                </div>
                <p className="muted">{said.sessionSeen(shownMoment(session.createdAt), session.ip, shownMoment(session.lastUsedAt))}</p>
              </li>
            ))}
          </ul>
          <div className="actions start">
            <button type="button" disabled={others === 0 || endOthers.isPending} onClick={() => endOthers.mutate()}>
              {endOthers.isPending ? said.signingOut : said.signOutOthers}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
