import { useInfiniteQuery } from '@tanstack/react-query';
import { Api, type Me, type SecurityEvent } from '../../api.js';
import { ErrorMessage } from '../../errors.js';
import { Loading, shownMoment } from '../../ui.js';
import { clientLabel } from './sessions.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const count = (value: unknown, one: string) => {
  const n = typeof value === 'number' ? value : 0;
  return `${n} ${one}${n === 1 ? '' : 's'}`;
};

/** What happened, in a sentence; a type this page does not know yet is named as the server names it. */
export function describeSecurityEvent(event: Pick<SecurityEvent, 'type' | 'data'>): string {
  const { data } = event;
  switch (event.type) {
    case 'api_token.created':
      return `API token “${text(data.name)}” made`;
    case 'api_token.revoked':
      return data.by === 'itself' ? `API token “${text(data.name)}” revoked by itself` : `API token “${text(data.name)}” revoked`;
    case 'sessions.ended_everywhere':
      return data.includingTokens === true
        ? `Signed out everywhere (${count(data.sessions, 'session')} and ${count(data.tokens, 'API token')} ended)`
        : `Signed out everywhere (${count(data.sessions, 'session')} ended)`;
    case 'session.ended':
      return data.current === true
        ? `Signed out of this session (${clientLabel(typeof data.client === 'string' ? data.client : null)})`
        : `Signed out a session of ${clientLabel(typeof data.client === 'string' ? data.client : null)}`;
    case 'sessions.ended_others':
      return `Signed out of other sessions (${count(data.sessions, 'session')} ended)`;
    case 'account.deleted':
      return 'Account deleted';
    case 'password.changed':
      return `Password changed (${count(data.sessionsEnded, 'other session')} ended)`;
    case 'password.reset_requested':
      return 'Password reset asked for';
    case 'password.reset':
      return `Password reset by mail (${count(data.sessionsEnded, 'session')} ended)`;
    case 'email.change_requested':
      return `Email change to ${text(data.newEmail)} asked for`;
    case 'email.changed':
      return `Email changed from ${text(data.from)} to ${text(data.to)}`;
    case 'sign_in.succeeded':
      return data.method === 'totp'
        ? 'Signed in with a two-factor code'
        : data.method === 'recovery_code'
          ? 'Signed in with a recovery code'
          : data.method === 'sso'
            ? `Signed in with single sign-on${data.accountCreated === true ? ' (the account was made then)' : ''}`
            : 'Signed in';
    case 'sign_in.failed':
      return data.reason === 'password' ? 'Sign-in failed: wrong password' : 'Sign-in failed: wrong two-factor code';
    case 'session.reauthenticated':
      return 'Signed in again to confirm a change';
    case 'two_factor.enabled':
      return 'Two-factor authentication turned on';
    case 'two_factor.disabled':
      return 'Two-factor authentication turned off';
    case 'recovery_codes.regenerated':
      return 'New recovery codes made';
    case 'recovery_code.used':
      return `Recovery code used (${count(data.left, 'code')} left)`;
    default:
      return String(event.type);
  }
}

/** The account's security log, newest first, 50 at a time: what was done, when, from where and with which client. */
export function SecurityLogSection(_props: { me: Me }) {
  const events = useInfiniteQuery({
    queryKey: ['security-events'],
    queryFn: ({ pageParam }) => Api.securityEvents(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-label="Security log">
      <p className="muted">Changes to how your account can be reached, kept for 90 days.</p>
      {events.isPending && <Loading label="Loading the security log…" />}
      <ErrorMessage error={events.error} />
      {events.data && items.length === 0 && <p className="muted">Nothing in the last 90 days.</p>}
      {items.length > 0 && (
        <ul className="cards" aria-label="Security events">
          {items.map((event) => (
            <li key={event.id} className="card">
              <strong>{describeSecurityEvent(event)}</strong>
              <p className="muted">
                <time dateTime={event.createdAt}>{shownMoment(event.createdAt)}</time> · {clientLabel(event.client)}
                {event.ip !== null && <> · {event.ip}</>}
              </p>
            </li>
          ))}
        </ul>
      )}
      {events.hasNextPage && (
        <button type="button" className="secondary" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
          {events.isFetchingNextPage ? 'Loading…' : 'Show older events'}
        </button>
      )}
    </section>
  );
}
