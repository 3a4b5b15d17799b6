import { newId } from '../auth/secrets.js';
import type { WebhookEndpoint } from '../db/schema.js';
import type { AuditEventType } from '../domain/events.js';
import { authorize } from '../domain/policy.js';
import { newWebhookSecret, sealWebhookSecret } from '../webhooks/signing.js';
import { inCompany, type CommandContext } from './context.js';
import { checkWebhookUrl } from './webhooks-shared.js';

/** What an endpoint is given when it is made. */
export interface WebhookEndpointInput {
  url: string;
  eventTypes: readonly AuditEventType[];
  description: string;
}

/**
 * The owner or an admin adds a webhook endpoint (RULES.md §4 "Webhooks"), enabled, with a new
 * signing secret, returned this once (it is kept sealed). A `webhook_endpoint.created` audit event.
 */
export async function createWebhookEndpoint(ctx: CommandContext, companyId: string, input: WebhookEndpointInput): Promise<{ row: WebhookEndpoint; secret: string }> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    authorize(actor, 'webhook.manage', {});
    const url = checkWebhookUrl(input.url, ctx.settings.webhooksAllowPrivate === true);
    const id = newId();
    const secret = newWebhookSecret();
    const at = now.toISOString();
    const row: WebhookEndpoint = {
      id,
      companyId: company.id,
      url,
      description: input.description,
      eventTypes: JSON.stringify([...new Set(input.eventTypes)].sort()),
      enabled: 1,
      disabledReason: null,
      secret: sealWebhookSecret(ctx.settings.secretKey, id, secret),
      previousSecret: null,
      previousSecretUntil: null,
      failingSince: null,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    };
    await tx.insertInto('webhookEndpoints').values(row).execute();
    await audit({ type: 'webhook_endpoint.created', targetId: id, data: { endpointId: id, url, eventTypes: JSON.parse(row.eventTypes) as string[], description: row.description } });
    return { row, secret };
  });
}
