import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AUDIT_EVENT_TYPES } from '../../../src/domain/events.js';
import { Api, type CompanyView, type WebhookDelivery as Delivery, type WebhookEndpoint as Endpoint } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { SecretShownOnce } from '../secret-shown-once.js';
import { ActionsMenu, CheckboxField, Confirm, FormModal, Loading, shownMoment, toggled } from '../ui.js';

/** The add and edit dialog: URL, description, the event types wanted. */
function EndpointDialog({
  companyId,
  editing,
  onClose,
  onSaved,
}: {
  companyId: string;
  /** The endpoint edited, or null to add one. */
  editing: Endpoint | null;
  onClose: () => void;
  onSaved: (saved: { endpoint: Endpoint; secret?: string }) => void;
}) {
  const [url, setUrl] = useState(editing?.url ?? '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [types, setTypes] = useState<ReadonlySet<string>>(new Set(editing?.eventTypes ?? []));
  const save = useMutation({
    mutationFn: () => {
      const input = { url, description, eventTypes: AUDIT_EVENT_TYPES.filter((type) => types.has(type)) };
      return editing === null ? Api.createWebhook(companyId, input) : Api.updateWebhook(companyId, editing.id, input);
    },
    onSuccess: (saved) => onSaved(saved),
  });
  return (
    <FormModal
      onClose={onClose}
      title={editing === null ? 'Add webhook endpoint' : 'Edit webhook endpoint'}
      description="Roster sends each chosen event of the company's audit log to this URL, signed with the endpoint's secret."
      onSubmit={() => save.mutate()}
      submitLabel={editing === null ? 'Add endpoint' : 'Save'}
      pendingLabel="Saving…"
      pending={save.isPending}
      canSubmit={url.trim() !== '' && types.size > 0}
    >
      <FormError error={save.error} fields={['url', 'description', 'eventTypes']} />
      <Field label="URL" type="url" inputMode="url" hint="https://… where your service receives the events." value={url} onChange={(e) => setUrl(e.target.value)} error={fieldMessage(save.error, 'url')} />
      <Field label="Description" hint="Optional: what receives them." value={description} onChange={(e) => setDescription(e.target.value)} error={fieldMessage(save.error, 'description')} />
      <fieldset className="event-types">
        <legend>Events to send</legend>
        <div className="actions start">
          <button type="button" className="secondary" onClick={() => setTypes(new Set(AUDIT_EVENT_TYPES))}>
            Choose all
          </button>
          <button type="button" className="secondary" onClick={() => setTypes(new Set())}>
            Choose none
          </button>
        </div>
        {fieldMessage(save.error, 'eventTypes') !== undefined && <p className="error">{fieldMessage(save.error, 'eventTypes')}</p>}
        {AUDIT_EVENT_TYPES.map((type) => (
          <CheckboxField key={type} label={type} checked={types.has(type)} onCheckedChange={(on) => setTypes(toggled(types, type, on))} />
        ))}
      </fieldset>
    </FormModal>
  );
}

/** What became of a delivery, in words. */
function result(delivery: Delivery): string {
  if (delivery.status === 'delivered') return 'Delivered';
  if (delivery.status === 'failed') return 'Failed, given up';
  return delivery.attempts === 0 ? 'Waiting' : `Failing, next try ${shownMoment(delivery.nextAttemptAt ?? delivery.createdAt)}`;
}

/** One endpoint's delivery log, newest first, with Redeliver. */
function DeliveryLog({ companyId, endpoint }: { companyId: string; endpoint: Endpoint }) {
  const client = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const log = useInfiniteQuery({
    queryKey: ['webhook-deliveries', companyId, endpoint.id],
    queryFn: ({ pageParam }) => Api.webhookDeliveries(companyId, endpoint.id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const redeliver = useMutation({
    mutationFn: (delivery: Delivery) => Api.redeliverWebhook(companyId, endpoint.id, delivery.id),
    onSuccess: async (_, delivery) => {
      setNotice(`The ${delivery.eventType} event will be sent again in a moment.`);
      await client.invalidateQueries({ queryKey: ['webhook-deliveries', companyId, endpoint.id] });
    },
  });
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="delivery-log">
      <h3>Delivery log</h3>
      <p role="status">{notice}</p>
      <ErrorMessage error={redeliver.error} />
      {log.isPending && <Loading label="Loading the delivery log…" />}
      <ErrorMessage error={log.error} />
      {log.data && items.length === 0 && <p className="muted">Nothing sent yet.</p>}
      {items.length > 0 && (
        <ul className="cards" aria-label={`Deliveries to ${endpoint.url}`}>
          {items.map((delivery) => (
            <li key={delivery.id} className="card">
              <div className="card-head">
                <strong>{delivery.eventType}</strong>
                <span className={delivery.status === 'delivered' ? 'badge' : 'badge warning'}>{result(delivery)}</span>
              </div>
              <p className="muted">
                {shownMoment(delivery.lastAttempt?.at ?? delivery.createdAt)}
                {delivery.lastAttempt !== null && (
                  <>
                    {' · '}
                    {delivery.lastAttempt.statusCode === null ? 'no answer' : `status ${delivery.lastAttempt.statusCode}`} · {delivery.lastAttempt.durationMs} ms · attempt{' '}
                    {delivery.lastAttempt.attempt}
                  </>
                )}
              </p>
              {delivery.lastAttempt?.error != null && <p className="muted">{delivery.lastAttempt.error}</p>}
              <div className="actions start">
                <button
                  type="button"
                  className="secondary"
                  disabled={!endpoint.enabled || redeliver.isPending}
                  aria-label={`Redeliver the ${delivery.eventType} event of ${shownMoment(delivery.createdAt)}`}
                  onClick={() => redeliver.mutate(delivery)}
                >
                  Redeliver
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {log.hasNextPage && (
        <button type="button" className="secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {log.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      )}
    </div>
  );
}

/** Settings › Webhooks (the owner and admins): the endpoints, their secrets, tests and delivery logs. */
export function WebhooksPage({ view }: { view: CompanyView }) {
  const companyId = view.company.id;
  const client = useQueryClient();
  const endpoints = useQuery({ queryKey: ['webhooks', companyId], queryFn: () => Api.webhooks(companyId) });
  const [dialog, setDialog] = useState<{ editing: Endpoint | null } | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string; rotated: boolean } | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const [rotating, setRotating] = useState<Endpoint | null>(null);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['webhooks', companyId] });
  const refreshLog = (endpointId: string) => client.invalidateQueries({ queryKey: ['webhook-deliveries', companyId, endpointId] });

  const toggle = useMutation({
    mutationFn: (endpoint: Endpoint) => Api.updateWebhook(companyId, endpoint.id, { enabled: !endpoint.enabled }),
    onSuccess: async ({ endpoint }) => {
      setNotice(endpoint.enabled ? `${endpoint.url} is on: new events go to it.` : `${endpoint.url} is off: no events go to it until it is turned on.`);
      await refresh();
    },
  });
  const test = useMutation({
    mutationFn: (endpoint: Endpoint) => Api.testWebhook(companyId, endpoint.id),
    onSuccess: async (_, endpoint) => {
      setNotice(`A test event is on its way to ${endpoint.url}: see its delivery log.`);
      setOpen((current) => toggled(current, endpoint.id, true));
      await refreshLog(endpoint.id);
    },
  });
  const remove = useMutation({
    mutationFn: (endpoint: Endpoint) => Api.deleteWebhook(companyId, endpoint.id),
    onSuccess: async (_, endpoint) => {
      setDeleting(null);
      setNotice(`${endpoint.url} is deleted, with its delivery log.`);
      await refresh();
    },
  });
  const rotate = useMutation({
    mutationFn: (endpoint: Endpoint) => Api.rotateWebhookSecret(companyId, endpoint.id),
    onSuccess: async (rotated) => {
      setRotating(null);
      setSecret({ url: rotated.endpoint.url, secret: rotated.secret, rotated: true });
      setNotice(null);
      await refresh();
    },
  });

  return (
    <section aria-labelledby="webhooks-heading">
      <h1 id="webhooks-heading">Webhooks</h1>
      <p>
        Roster can tell your other systems what happens in the company: each event of the audit log you choose is sent to your URL as it happens, signed as
        Standard Webhooks specifies, and retried for 3 days when it fails.
      </p>
      <p role="status">{notice}</p>
      <ErrorMessage error={toggle.error ?? test.error} />
      {secret !== null && (
        <SecretShownOnce region="The endpoint's signing secret" label="Signing secret" secret={secret.secret} onDone={() => setSecret(null)}>
          <strong>Copy the signing secret of {secret.url} now.</strong> It will not be shown again. Your service verifies each event with it.
          {secret.rotated && ' The previous secret keeps signing too for 24 hours, while you switch.'}
        </SecretShownOnce>
      )}
      <div className="actions start">
        <button type="button" onClick={() => setDialog({ editing: null })}>
          Add endpoint
        </button>
      </div>

      <h2>Endpoints</h2>
      {endpoints.isPending && <Loading label="Loading webhook endpoints…" />}
      <ErrorMessage error={endpoints.error} />
      {endpoints.data && endpoints.data.items.length === 0 && <p className="muted">No webhook endpoints yet.</p>}
      {endpoints.data && endpoints.data.items.length > 0 && (
        <ul className="cards" aria-label="Webhook endpoints">
          {endpoints.data.items.map((endpoint) => (
            <li key={endpoint.id} className="card">
              <div className="card-head">
                <strong className="email">{endpoint.url}</strong>
                <span className={endpoint.enabled ? 'badge' : 'badge warning'}>{endpoint.enabled ? 'On' : 'Off'}</span>
                <ActionsMenu
                  label={`Actions for ${endpoint.url}`}
                  items={[
                    { label: 'Edit', onSelect: () => setDialog({ editing: endpoint }) },
                    { label: endpoint.enabled ? 'Turn off' : 'Turn on', onSelect: () => toggle.mutate(endpoint) },
                    ...(endpoint.enabled ? [{ label: 'Send test event', onSelect: () => test.mutate(endpoint) }] : []),
                    { label: 'Rotate secret', onSelect: () => setRotating(endpoint) },
                    { label: 'Delete', onSelect: () => setDeleting(endpoint), danger: true },
                  ]}
                />
              </div>
              {endpoint.description !== '' && <p>{endpoint.description}</p>}
              <p className="muted">
                {endpoint.eventTypes.length === 1 ? '1 event type' : `${endpoint.eventTypes.length} event types`}: {endpoint.eventTypes.join(', ')}
              </p>
              {endpoint.disabledReason !== null && <p className="muted">Turned off by Roster: {endpoint.disabledReason}.</p>}
              {endpoint.failingSince !== null && endpoint.enabled && <p className="muted">Failing since {shownMoment(endpoint.failingSince)}.</p>}
              {endpoint.previousSecretUntil !== null && <p className="muted">The previous secret signs too until {shownMoment(endpoint.previousSecretUntil)}.</p>}
              <button
                type="button"
                className="secondary"
                aria-expanded={open.has(endpoint.id)}
                onClick={() => setOpen((current) => toggled(current, endpoint.id, !current.has(endpoint.id)))}
              >
                {open.has(endpoint.id) ? 'Hide delivery log' : 'Show delivery log'}
              </button>
              {open.has(endpoint.id) && <DeliveryLog companyId={companyId} endpoint={endpoint} />}
            </li>
          ))}
        </ul>
      )}

      {dialog !== null && (
        <EndpointDialog
          companyId={companyId}
          editing={dialog.editing}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            if (saved.secret !== undefined) setSecret({ url: saved.endpoint.url, secret: saved.secret, rotated: false });
            setNotice(dialog.editing === null ? null : `${saved.endpoint.url} is saved.`);
            void refresh();
          }}
        />
      )}
      <Confirm
        open={deleting !== null}
        onOpenChange={(next) => {
          if (!next) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title={`Delete ${deleting?.url ?? 'endpoint'}?`}
        consequences={<p>No more events go to it; the events waiting for it and its delivery log are deleted. This cannot be undone.</p>}
        confirmLabel="Delete endpoint"
        onConfirm={() => {
          if (deleting) remove.mutate(deleting);
        }}
        busy={remove.isPending}
        error={<ErrorMessage error={remove.error} />}
      />
      <Confirm
        open={rotating !== null}
        onOpenChange={(next) => {
          if (!next) {
            setRotating(null);
            rotate.reset();
          }
        }}
        title={`Rotate the secret of ${rotating?.url ?? 'endpoint'}?`}
        consequences={<p>A new secret is made and shown once. The current one keeps signing beside it for 24 hours, then stops; one replaced before stops at once.</p>}
        confirmLabel="Rotate secret"
        onConfirm={() => {
          if (rotating) rotate.mutate(rotating);
        }}
        busy={rotate.isPending}
        error={<ErrorMessage error={rotate.error} />}
      />
    </section>
  );
}
