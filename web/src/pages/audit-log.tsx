import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Api, query, type AuditFilters, type CompanyView } from '../api.js';
import { auditSentence, SENTENCE_TYPES, typeLabel } from '../audit-sentences.js';
import { ErrorMessage } from '../errors.js';
import { messages } from '../i18n/messages.js';
import { PersonPicker } from '../person-picker.js';
import { DownloadMenu, Loading, shownMoment } from '../ui.js';

/** The day after a `YYYY-MM-DD` day: the log's `to` is exclusive, the page's "To" day is included. */
function dayAfter(day: string): string {
  const next = new Date(`${day}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * Settings › Audit log (RULES.md §5), for whoever reads it (§2.5: the owner and admins all of it, a
 * team admin their teams' events): each event as a sentence, filtered by type, by who did it and to
 * whom, and by a range of days (UTC), and exported with the same filters.
 */
export function AuditLogPage({ view }: { view: CompanyView }) {
  const { company } = view;
  const said = messages().auditLog;
  const [type, setType] = useState('');
  const [actorId, setActorId] = useState('');
  const [targetId, setTargetId] = useState('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const ids = { type: useId(), from: useId(), to: useId() };

  const filters: AuditFilters = {
    // The select offers the types of the log alone (SENTENCE_TYPES, every type the server writes).
    ...(type === '' ? {} : { type: type as NonNullable<AuditFilters['type']> }),
    ...(actorId === '' ? {} : { actorId }),
    ...(targetId === '' ? {} : { targetId }),
    ...(fromDay === '' ? {} : { from: fromDay }),
    ...(toDay === '' ? {} : { to: dayAfter(toDay) }),
  };
  const events = useInfiniteQuery({
    queryKey: ['audit-events', company.id, filters],
    queryFn: ({ pageParam }) => Api.auditEvents(company.id, { ...filters, limit: 50, ...(pageParam === null ? {} : { cursor: pageParam }) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.keys(filters).length > 0;
  const exportHref = (format: 'csv' | 'jsonl') =>
    `/api/v1/companies/${encodeURIComponent(company.id)}/audit-events/export${query({ ...filters, format })}`;
  const backwards = fromDay !== '' && toDay !== '' && toDay < fromDay;

  return (
    <section aria-labelledby="audit-heading">
      <div className="heading-row">
        <h1 id="audit-heading" tabIndex={-1}>
          {said.title}
        </h1>
        <div className="heading-actions">
          <DownloadMenu
            label={said.export}
            links={[
              { label: said.asCsv, href: exportHref('csv') },
              { label: said.asJsonLines, href: exportHref('jsonl') },
            ]}
          />
        </div>
      </div>
      <p className="muted">{said.intro(company.name)}</p>

      <div className="filters" role="search" aria-label={said.filters}>
        <div className="field">
          <label htmlFor={ids.type}>{said.type}</label>
          <select id={ids.type} value={type} onChange={(event) => setType(event.target.value)}>
            <option value="">{said.everyType}</option>
            {SENTENCE_TYPES.map((value) => (
              <option key={value} value={value}>
                {typeLabel(value)}
              </option>
            ))}
          </select>
        </div>
        <PersonPicker companyId={company.id} label={said.doneBy} value={actorId} onChange={setActorId} />
        <PersonPicker companyId={company.id} label={said.doneTo} value={targetId} onChange={setTargetId} />
        <div className="field">
          <label htmlFor={ids.from}>{said.from}</label>
          <input id={ids.from} type="date" value={fromDay} onChange={(event) => setFromDay(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{said.to}</label>
          <input id={ids.to} type="date" value={toDay} onChange={(event) => setToDay(event.target.value)} />
        </div>
      </div>
      {backwards && <p role="status">{said.backwards}</p>}

      {events.isPending && <Loading label={said.loading} reserve={10} />}
      <ErrorMessage error={events.error} />
      {events.isSuccess && items.length === 0 && <p role="status">{filtered ? said.noMatch : said.none}</p>}
      {items.length > 0 && (
        <ol className="plain audit-log" aria-label={said.events}>
          {items.map((event) => (
            <li key={event.id} className="audit-event">
              <span>{auditSentence(event)}</span> <time dateTime={event.createdAt} className="muted">{shownMoment(event.createdAt)}</time>
            </li>
          ))}
        </ol>
      )}
      {events.hasNextPage && (
        <button type="button" className="secondary" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
          {events.isFetchingNextPage ? messages().common.loading : said.showMore}
        </button>
      )}
    </section>
  );
}
