import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AUDIT_EVENT_TYPES } from '../../../src/domain/events.js';
import { Api, type CompanyView, type WebhookDelivery as Delivery, type WebhookEndpoint as Endpoint } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { messages, useMessages } from '../i18n/messages.js';
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
  const { settings: said, common } = useMessages();
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
      title={editing === null ? said.addEndpointTitle : said.editEndpointTitle}
      description={said.endpointIntro}
      onSubmit={() => save.mutate()}
      submitLabel={editing === null ? said.addEndpoint : common.save}
      pendingLabel={common.saving}
      pending={save.isPending}
      canSubmit={url.trim() !== '' && types.size > 0}
    >
      <FormError error={save.error} fields={['url', 'description', 'eventTypes']} />
      <Field label={said.url} type="url" inputMode="url" hint={said.urlHint} value={url} onChange={(e) => setUrl(e.target.value)} error={fieldMessage(save.error, 'url')} />
      <Field label={said.description} hint={said.descriptionHint} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldMessage(save.error, 'description')} />
      <fieldset className="event-types">
        <legend>{said.eventsToSend}</legend>
        <div className="actions start">
          <button type="button" className="secondary" onClick={() => setTypes(new Set(AUDIT_EVENT_TYPES))}>
            {said.chooseAll}
          </button>
          <button type="button" className="secondary" onClick={() => setTypes(new Set())}>
            {said.chooseNone}
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
  const said = messages().settings;
  if (delivery.status === 'delivered') return said.delivered;
  if (delivery.status === 'failed') return said.failedGivenUp;
  return delivery.attempts === 0 ? said.waiting : said.failingNextTry(shownMoment(delivery.nextAttemptAt ?? delivery.createdAt));
}

/** One endpoint's delivery log, newest first, with Redeliver. */
function DeliveryLog({ companyId, endpoint }: { companyId: string; endpoint: Endpoint }) {
  const client = useQueryClient();
  const { settings: said, common } = useMessages();
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
      setNotice(said.redeliverSoon(delivery.eventType));
      await client.invalidateQueries({ queryKey: ['webhook-deliveries', companyId, endpoint.id] });
    },
  });
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="delivery-log">
      <h3>{said.deliveryLog}</h3>
      <p role="status">{notice}</p>
      <ErrorMessage error={redeliver.error} />
      {log.isPending && <Loading label={said.loadingDeliveryLog} reserve={3} />}
      <ErrorMessage error={log.error} />
      {log.data && items.length === 0 && <p className="muted">{said.nothingSent}</p>}
      {items.length > 0 && (
        <ul className="cards" aria-label={said.deliveriesTo(endpoint.url)}>
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
                    {said.attempt(delivery.lastAttempt.statusCode, delivery.lastAttempt.durationMs, delivery.lastAttempt.attempt)}
                  </>
                )}
              </p>
              {delivery.lastAttempt?.error != null && <p className="muted">{delivery.lastAttempt.error}</p>}
              <div className="actions start">
                <button
                  type="button"
                  className="secondary"
                  disabled={!endpoint.enabled || redeliver.isPending}
                  aria-label={said.redeliverNamed(delivery.eventType, shownMoment(delivery.createdAt))}
                  onClick={() => redeliver.mutate(delivery)}
                >
                  {said.redeliver}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {log.hasNextPage && (
        <button type="button" className="secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {log.isFetchingNextPage ? common.loading : said.showMore}
        </button>
      )}
    </div>
  );
}

/** Settings › Webhooks (the owner and admins): the endpoints, their secrets, tests and delivery logs. */
export function WebhooksPage({ view }: { view: CompanyView }) {
  const companyId = view.company.id;
  const client = useQueryClient();
  const said = useMessages().settings;
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
      setNotice(endpoint.enabled ? said.endpointOn(endpoint.url) : said.endpointOff(endpoint.url));
      await refresh();
    },
  });
  const test = useMutation({
    mutationFn: (endpoint: Endpoint) => Api.testWebhook(companyId, endpoint.id),
    onSuccess: async (_, endpoint) => {
      setNotice(said.testOnItsWay(endpoint.url));
      setOpen((current) => toggled(current, endpoint.id, true));
      await refreshLog(endpoint.id);
    },
  });
  const remove = useMutation({
    mutationFn: (endpoint: Endpoint) => Api.deleteWebhook(companyId, endpoint.id),
    onSuccess: async (_, endpoint) => {
      setDeleting(null);
      setNotice(said.endpointDeleted(endpoint.url));
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
      <h1 id="webhooks-heading">{said.webhooksTitle}</h1>
      <p>{said.webhooksIntro}</p>
      <p role="status">{notice}</p>
      <ErrorMessage error={toggle.error ?? test.error} />
      {secret !== null && (
        <SecretShownOnce region={said.signingSecretRegion} label={said.signingSecret} secret={secret.secret} onDone={() => setSecret(null)}>
          <strong>{said.copySigningSecret(secret.url)}</strong>
          {said.signingSecretNotShownAgain}
          {secret.rotated && said.previousSecretSigns}
        </SecretShownOnce>
      )}
      <div className="actions start">
        <button type="button" onClick={() => setDialog({ editing: null })}>
          {said.addEndpoint}
        </button>
      </div>

      <h2>{said.endpoints}</h2>
      {endpoints.isPending && <Loading label={said.loadingEndpoints} reserve={2} />}
      <ErrorMessage error={endpoints.error} />
      {endpoints.data && endpoints.data.items.length === 0 && <p className="muted">{said.noEndpoints}</p>}
      {endpoints.data && endpoints.data.items.length > 0 && (
        <ul className="cards" aria-label={said.endpointsList}>
          {endpoints.data.items.map((endpoint) => (
            <li key={endpoint.id} className="card">
              <div className="card-head">
                <strong className="email">{endpoint.url}</strong>
                <span className={endpoint.enabled ? 'badge' : 'badge warning'}>{endpoint.enabled ? said.on : said.off}</span>
                <ActionsMenu
                  label={said.actionsFor(endpoint.url)}
                  items={[
                    { label: said.edit, onSelect: () => setDialog({ editing: endpoint }) },
                    { label: endpoint.enabled ? said.turnOff : said.turnOn, onSelect: () => toggle.mutate(endpoint) },
                    ...(endpoint.enabled ? [{ label: said.sendTestEvent, onSelect: () => test.mutate(endpoint) }] : []),
                    { label: said.rotateSecret, onSelect: () => setRotating(endpoint) },
                    { label: said.delete, onSelect: () => setDeleting(endpoint), danger: true },
                  ]}
                />
              </div>
              {endpoint.description !== '' && <p>{endpoint.description}</p>}
              <p className="muted">{said.eventTypes(endpoint.eventTypes)}</p>
              {endpoint.disabledReason !== null && <p className="muted">{said.turnedOffByRoster(endpoint.disabledReason)}</p>}
              {endpoint.failingSince !== null && endpoint.enabled && <p className="muted">{said.failingSince(shownMoment(endpoint.failingSince))}</p>}
              {endpoint.previousSecretUntil !== null && <p className="muted">{said.previousSecretUntil(shownMoment(endpoint.previousSecretUntil))}</p>}
              <button
                type="button"
                className="secondary"
                aria-expanded={open.has(endpoint.id)}
                onClick={() => setOpen((current) => toggled(current, endpoint.id, !current.has(endpoint.id)))}
              >
                {open.has(endpoint.id) ? said.hideDeliveryLog : said.showDeliveryLog}
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
            setNotice(dialog.editing === null ? null : said.endpointSaved(saved.endpoint.url));
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
        title={said.deleteEndpointTitle(deleting?.url ?? null)}
        consequences={<p>{said.deleteEndpointConsequences}</p>}
        confirmLabel={said.deleteEndpoint}
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
        title={said.rotateTitle(rotating?.url ?? null)}
        consequences={<p>{said.rotateConsequences}</p>}
        confirmLabel={said.rotateSecret}
        onConfirm={() => {
          if (rotating) rotate.mutate(rotating);
        }}
        busy={rotate.isPending}
        error={<ErrorMessage error={rotate.error} />}
      />
    </section>
  );
}
