import { authorize } from '../domain/policy.js';
import { inCompany, type CommandContext } from './context.js';
import { requireEndpoint } from './webhooks-shared.js';

/**
 * The owner or an admin deletes an endpoint, with its deliveries waiting and its delivery log. A
 * `webhook_endpoint.deleted` audit event.
 */
export async function deleteWebhookEndpoint(ctx: CommandContext, companyId: string, endpointId: string): Promise<void> {
  await inCompany(ctx, companyId, async ({ tx, company, actor, audit }) => {
    authorize(actor, 'webhook.manage', {});
    const row = await requireEndpoint(tx, company.id, endpointId);
    await tx.deleteFrom('webhookEndpoints').where('id', '=', row.id).where('companyId', '=', company.id).execute();
    await audit({ type: 'webhook_endpoint.deleted', targetId: row.id, data: { endpointId: row.id, url: row.url } });
  });
}
