import type { WebhookEndpoint } from '../db/schema.js';
import { authorize } from '../domain/policy.js';
import { inCompany, type CommandContext } from './context.js';
import type { WebhookEndpointInput } from './create-webhook-endpoint.js';
import { checkWebhookUrl, requireEndpoint } from './webhooks-shared.js';

/**
 * The owner or an admin changes an endpoint's URL, event types, description, or turns it on or
 * off. Turning it on again clears why it was off and its failing streak; deliveries waiting while
 * it was off go out again. One `webhook_endpoint.updated` audit event with what changed, before
 * and after; none when nothing changes.
 */
export async function updateWebhookEndpoint(
  ctx: CommandContext,
  companyId: string,
  endpointId: string,
  input: Partial<WebhookEndpointInput> & { enabled?: boolean },
): Promise<WebhookEndpoint> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    authorize(actor, 'webhook.manage', {});
    const row = await requireEndpoint(tx, company.id, endpointId);
    const next = {
      url: input.url === undefined ? row.url : checkWebhookUrl(input.url, ctx.settings.webhooksAllowPrivate === true),
      eventTypes: input.eventTypes === undefined ? row.eventTypes : JSON.stringify([...new Set(input.eventTypes)].sort()),
      description: input.description ?? row.description,
      enabled: input.enabled === undefined ? row.enabled : input.enabled ? (1 as const) : (0 as const),
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((key) => next[key] !== row[key]);
    if (changed.length === 0) return row;
    const turnedOn = row.enabled === 0 && next.enabled === 1;
    const updated: WebhookEndpoint = {
      ...row,
      ...next,
      disabledReason: turnedOn ? null : next.enabled === 0 && row.enabled === 1 ? null : row.disabledReason,
      failingSince: turnedOn ? null : row.failingSince,
      updatedAt: now.toISOString(),
    };
    await tx
      .updateTable('webhookEndpoints')
      .set({ url: updated.url, eventTypes: updated.eventTypes, description: updated.description, enabled: updated.enabled, disabledReason: updated.disabledReason, failingSince: updated.failingSince, updatedAt: updated.updatedAt })
      .where('id', '=', row.id)
      .where('companyId', '=', company.id)
      .execute();
    const shown = (endpoint: WebhookEndpoint) =>
      Object.fromEntries(changed.map((key) => [key, key === 'eventTypes' ? (JSON.parse(endpoint.eventTypes) as string[]) : key === 'enabled' ? endpoint.enabled === 1 : endpoint[key]]));
    await audit({ type: 'webhook_endpoint.updated', targetId: row.id, data: { endpointId: row.id, before: shown(row), after: shown(updated) } });
    return updated;
  });
}
