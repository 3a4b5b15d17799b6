import type { WebhookDelivery } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { queueTestDelivery } from '../webhooks/outbox.js';
import { inCompany, type CommandContext } from './context.js';
import { requireEndpoint } from './webhooks-shared.js';

/**
 * The owner or an admin queues a `webhook.test` event for one endpoint, whatever types it wants:
 * delivered, signed and logged as any other. An endpoint that is off is CONFLICT. No audit event:
 * nothing of the company changes (docs/DECISIONS.md "Webhooks").
 */
export async function sendWebhookTest(ctx: CommandContext, companyId: string, endpointId: string): Promise<WebhookDelivery> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now }) => {
    authorize(actor, 'webhook.manage', {});
    const endpoint = await requireEndpoint(tx, company.id, endpointId);
    if (endpoint.enabled !== 1) throw new DomainError('CONFLICT', 'The endpoint is turned off: turn it on to send it a test event');
    const id = await queueTestDelivery(tx, endpoint, actor.userId, now);
    return tx.selectFrom('webhookDeliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }).then((row) => {
    ctx.webhooksQueued?.();
    return row;
  });
}
