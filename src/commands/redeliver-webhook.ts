import type { WebhookDelivery } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { inCompany, type CommandContext } from './context.js';
import { requireEndpoint } from './webhooks-shared.js';

/**
 * The owner or an admin sends one delivery again, whatever became of it: it is due at once, as a
 * new attempt of the same message (the same `webhook-id`: a receiver that handled it already may
 * skip it). Failing, it is retried until 3 days after it was first queued (one attempt when that
 * is past). An endpoint that is off is CONFLICT. No audit event, as for a test event.
 */
export async function redeliverWebhook(ctx: CommandContext, companyId: string, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now }) => {
    authorize(actor, 'webhook.manage', {});
    const endpoint = await requireEndpoint(tx, company.id, endpointId);
    const delivery = await tx.selectFrom('webhookDeliveries').selectAll().where('id', '=', deliveryId).where('endpointId', '=', endpoint.id).executeTakeFirst();
    if (!delivery) throw notFound('Webhook delivery');
    if (endpoint.enabled !== 1) throw new DomainError('CONFLICT', 'The endpoint is turned off: turn it on to redeliver to it');
    const nextAttemptAt = now.toISOString();
    await tx.updateTable('webhookDeliveries').set({ status: 'pending', nextAttemptAt }).where('id', '=', delivery.id).execute();
    return { ...delivery, status: 'pending' as const, nextAttemptAt };
  }).then((row) => {
    ctx.webhooksQueued?.();
    return row;
  });
}
