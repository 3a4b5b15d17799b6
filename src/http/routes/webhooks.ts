import { z } from 'zod';
import { createWebhookEndpoint } from '../../commands/create-webhook-endpoint.js';
import { deleteWebhookEndpoint } from '../../commands/delete-webhook-endpoint.js';
import { redeliverWebhook } from '../../commands/redeliver-webhook.js';
import { rotateWebhookSecret } from '../../commands/rotate-webhook-secret.js';
import { sendWebhookTest } from '../../commands/send-webhook-test.js';
import { updateWebhookEndpoint } from '../../commands/update-webhook-endpoint.js';
import { AUDIT_EVENT_TYPES } from '../../domain/events.js';
import { presentWebhookDelivery, presentWebhookEndpoint } from '../../presenters/webhooks.js';
import { getWebhookDelivery, getWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints } from '../../queries/webhooks.js';
import type { App } from '../app.js';
import { companyParams, id, page, pageQuery, webhookAttemptShape, webhookDeliveryShape, webhookEndpointShape } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

const endpointParams = z.strictObject({ companyId: id, endpointId: id });
const deliveryParams = z.strictObject({ companyId: id, endpointId: id, deliveryId: id });
const url = z.string().trim().min(1).max(2000);
const eventTypes = z.array(z.enum(AUDIT_EVENT_TYPES)).min(1).max(AUDIT_EVENT_TYPES.length * 2);
const description = z.string().trim().max(500);
const endpointAnswer = z.object({ endpoint: webhookEndpointShape });
const withSecret = z.object({ endpoint: webhookEndpointShape, secret: z.string() });

/** A company's webhook endpoints and their delivery logs (API.md "Webhooks"). */
export function webhookRoutes(app: App, services: Services): void {
  const base = '/api/v1/companies/:companyId/webhooks';
  app.get(base, { schema: { params: companyParams, response: { 200: z.object({ items: z.array(webhookEndpointShape) }) } } }, async (request) =>
    listWebhookEndpoints(services.db, userIdOf(request), request.params.companyId, services.now()),
  );

  app.post(
    base,
    { schema: { params: companyParams, body: z.strictObject({ url, eventTypes, description: description.default('') }), response: { 201: withSecret } } },
    async (request, reply) => {
      const { row, secret } = await createWebhookEndpoint(contextOf(services, request), request.params.companyId, request.body);
      return reply.code(201).send({ endpoint: presentWebhookEndpoint(row, services.now()), secret });
    },
  );

  app.get(`${base}/:endpointId`, { schema: { params: endpointParams, response: { 200: endpointAnswer } } }, async (request) =>
    getWebhookEndpoint(services.db, userIdOf(request), request.params.companyId, request.params.endpointId, services.now()),
  );

  app.patch(
    `${base}/:endpointId`,
    {
      schema: {
        params: endpointParams,
        body: z
          .strictObject({ url: url.optional(), eventTypes: eventTypes.optional(), description: description.optional(), enabled: z.boolean().optional() })
          .refine((body) => Object.keys(body).length > 0, 'give at least one of url, eventTypes, description, enabled'),
        response: { 200: endpointAnswer },
      },
    },
    async (request) => {
      const row = await updateWebhookEndpoint(contextOf(services, request), request.params.companyId, request.params.endpointId, request.body);
      return { endpoint: presentWebhookEndpoint(row, services.now()) };
    },
  );

  app.delete(`${base}/:endpointId`, { schema: { params: endpointParams } }, async (request, reply) => {
    await deleteWebhookEndpoint(contextOf(services, request), request.params.companyId, request.params.endpointId);
    return reply.code(204).send();
  });

  app.post(`${base}/:endpointId/rotate-secret`, { schema: { params: endpointParams, response: { 200: withSecret } } }, async (request) => {
    const { row, secret } = await rotateWebhookSecret(contextOf(services, request), request.params.companyId, request.params.endpointId);
    return { endpoint: presentWebhookEndpoint(row, services.now()), secret };
  });

  app.post(`${base}/:endpointId/test`, { schema: { params: endpointParams, response: { 202: z.object({ delivery: webhookDeliveryShape }) } } }, async (request, reply) => {
    const row = await sendWebhookTest(contextOf(services, request), request.params.companyId, request.params.endpointId);
    return reply.code(202).send({ delivery: presentWebhookDelivery(row, undefined) });
  });

  app.get(
    `${base}/:endpointId/deliveries`,
    { schema: { params: endpointParams, querystring: z.strictObject(pageQuery), response: { 200: page(webhookDeliveryShape) } } },
    async (request) => listWebhookDeliveries(services.db, userIdOf(request), request.params.companyId, request.params.endpointId, request.query),
  );

  app.get(
    `${base}/:endpointId/deliveries/:deliveryId`,
    {
      schema: {
        params: deliveryParams,
        response: { 200: z.object({ delivery: webhookDeliveryShape.extend({ payload: z.unknown() }), attempts: z.array(webhookAttemptShape) }) },
      },
    },
    async (request) => getWebhookDelivery(services.db, userIdOf(request), request.params.companyId, request.params.endpointId, request.params.deliveryId),
  );

  app.post(
    `${base}/:endpointId/deliveries/:deliveryId/redeliver`,
    { schema: { params: deliveryParams, response: { 202: z.object({ delivery: webhookDeliveryShape }) } } },
    async (request, reply) => {
      const row = await redeliverWebhook(contextOf(services, request), request.params.companyId, request.params.endpointId, request.params.deliveryId);
      return reply.code(202).send({ delivery: presentWebhookDelivery(row, undefined) });
    },
  );
}
