import type { WebhookEndpoint } from '../db/schema.js';
import { authorize } from '../domain/policy.js';
import { newWebhookSecret, PREVIOUS_SECRET_HOURS, sealWebhookSecret } from '../webhooks/signing.js';
import { inCompany, type CommandContext } from './context.js';
import { requireEndpoint } from './webhooks-shared.js';

/**
 * The owner or an admin gives an endpoint a new signing secret, returned this once. The secret it
 * replaces signs beside it for 24 hours (both signatures in `webhook-signature`), so that the
 * receiver can switch without losing a delivery; a secret replaced before stops at once. A
 * `webhook_endpoint.secret_rotated` audit event (never a secret).
 */
export async function rotateWebhookSecret(ctx: CommandContext, companyId: string, endpointId: string): Promise<{ row: WebhookEndpoint; secret: string }> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit }) => {
    authorize(actor, 'webhook.manage', {});
    const row = await requireEndpoint(tx, company.id, endpointId);
    const secret = newWebhookSecret();
    const updated: WebhookEndpoint = {
      ...row,
      secret: sealWebhookSecret(ctx.settings.secretKey, row.id, secret),
      previousSecret: row.secret,
      previousSecretUntil: new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000).toISOString(),
      updatedAt: now.toISOString(),
    };
    await tx
      .updateTable('webhookEndpoints')
      .set({ secret: updated.secret, previousSecret: updated.previousSecret, previousSecretUntil: updated.previousSecretUntil, updatedAt: updated.updatedAt })
      .where('id', '=', row.id)
      .where('companyId', '=', company.id)
      .execute();
    await audit({ type: 'webhook_endpoint.secret_rotated', targetId: row.id, data: { endpointId: row.id, previousSecretUntil: updated.previousSecretUntil } });
    return { row: updated, secret };
  });
}
