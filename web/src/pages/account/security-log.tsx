import { useInfiniteQuery } from '@tanstack/react-query';
import { Api, type Me, type SecurityEvent } from '../../api.js';
import { ErrorMessage } from '../../errors.js';
import { messages, useMessages } from '../../i18n/messages.js';
import { Loading, shownMoment } from '../../ui.js';
import { clientLabel } from './sessions.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const number = (value: unknown) => (typeof value === 'number' ? value : 0);

/** What happened, in a sentence; a type this page does not know yet is named as the server names it. */
export function describeSecurityEvent(event: Pick<SecurityEvent, 'type' | 'data'>): string {
  const { data } = event;
  const said = messages().account.events;
  switch (event.type) {
    case 'api_token.created':
      return said.tokenMade(text(data.name));
    case 'api_token.revoked':
      return data.by === 'itself' ? said.tokenRevokedByItself(text(data.name)) : said.tokenRevoked(text(data.name));
    case 'sessions.ended_everywhere':
      return said.signedOutEverywhere(number(data.sessions), data.includingTokens === true ? number(data.tokens) : null);
    case 'session.ended':
      return data.current === true
        ? said.signedOutHere(clientLabel(typeof data.client === 'string' ? data.client : null))
        : said.signedOutSession(clientLabel(typeof data.client === 'string' ? data.client : null));
    case 'sessions.ended_others':
      return said.signedOutOthers(number(data.sessions));
    case 'account.deleted':
      return said.accountDeleted;
    case 'password.changed':
      return said.passwordChanged(number(data.sessionsEnded));
    case 'password.reset_requested':
      return said.resetRequested;
    case 'password.reset':
      return said.passwordReset(number(data.sessionsEnded));
    case 'email.change_requested':
      return said.emailChangeRequested(text(data.newEmail));
    case 'email.changed':
      return said.emailChanged(text(data.from), text(data.to));
    case 'sign_in.succeeded':
      return data.method === 'totp'
        ? said.signedInWithCode
        : data.method === 'recovery_code'
          ? said.signedInWithRecoveryCode
          : data.method === 'sso'
            ? said.signedInWithSso(data.accountCreated === true)
            : said.signedIn;
    case 'sign_in.failed':
      return data.reason === 'password' ? said.wrongPassword : said.wrongCode;
    case 'session.reauthenticated':
      return said.reauthenticated;
    case 'two_factor.enabled':
      return said.twoFactorOn;
    case 'two_factor.disabled':
      return said.twoFactorOff;
    case 'recovery_codes.regenerated':
      return said.codesRegenerated;
    case 'recovery_code.used':
      return said.recoveryCodeUsed(number(data.left));
    default:
      return String(event.type);
  }
}

/** The account's security log, newest first, 50 at a time: what was done, when, from where and with which client. */
export function SecurityLogSection(_props: { me: Me }) {
  const { account: said, common } = useMessages();
  const events = useInfiniteQuery({
    queryKey: ['security-events'],
    queryFn: ({ pageParam }) => Api.securityEvents(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-label={said.sections.securityLog}>
      <p className="muted">{said.securityLogIntro}</p>
      {events.isPending && <Loading label={said.loadingSecurityLog} reserve={5} />}
      <ErrorMessage error={events.error} />
      {events.data && items.length === 0 && <p className="muted">{said.nothingLogged}</p>}
      {items.length > 0 && (
        <ul className="cards" aria-label={said.securityEvents}>
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
          {events.isFetchingNextPage ? common.loading : said.showOlderEvents}
        </button>
      )}
    </section>
  );
}
