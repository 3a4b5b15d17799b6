import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scimTokenFor } from '../../auth/scim-tokens.js';
import { scimCreateGroup } from '../../commands/scim-create-group.js';
import { scimCreateUser } from '../../commands/scim-create-user.js';
import { scimDeleteGroup } from '../../commands/scim-delete-group.js';
import { scimDeleteUser } from '../../commands/scim-delete-user.js';
import type { ScimAccess } from '../../commands/scim-shared.js';
import { scimUpdateGroup } from '../../commands/scim-update-group.js';
import { scimUpdateUser } from '../../commands/scim-update-user.js';
import { DomainError } from '../../domain/errors.js';
import { presentScimGroup, presentScimList, presentScimUser, scimBase, SCIM_GROUP_SCHEMA, SCIM_USER_SCHEMA } from '../../presenters/scim.js';
import { scimGroup, scimGroupsPage, scimUser, scimUsersPage } from '../../queries/scim.js';
import type { App } from '../app.js';
import { isUnavailable, RETRY_AFTER_SECONDS } from '../unavailable.js';
import {
  assertIfMatch,
  groupFromScim,
  parseScimFilter,
  patchedGroup,
  patchedUser,
  scimErrorBody,
  scimSchemas,
  SCIM_CONTENT_TYPE,
  SCIM_MAX_RESULTS,
  SCIM_PATCH_SCHEMA,
  userFromScim,
} from '../scim-protocol.js';
import { contextOf, type Services } from '../services.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The SCIM token of a request to /scim/v2, and the company it is for. */
    scimAccess: ScimAccess | null;
  }
}

const resourceId = z.strictObject({ id: z.string().min(1).max(100) });
const listQuery = z.strictObject({
  filter: z.string().max(1000).optional(),
  // RFC 7644 section 3.4.2.4: a startIndex under 1 reads as 1; a count over the maximum gives the maximum.
  startIndex: z.coerce.number().int().optional().transform((n) => Math.max(1, n ?? 1)),
  count: z.coerce.number().int().optional().transform((n) => Math.min(SCIM_MAX_RESULTS, Math.max(0, n ?? SCIM_MAX_RESULTS))),
  attributes: z.string().max(1000).optional(),
  excludedAttributes: z.string().max(1000).optional(),
});
const oneQuery = z.strictObject({ attributes: z.string().max(1000).optional(), excludedAttributes: z.string().max(1000).optional() });
const resourceBody = z.looseObject({ schemas: z.array(z.string().max(200)).min(1).max(10) });
const patchBody = z.looseObject({
  schemas: z.tuple([z.literal(SCIM_PATCH_SCHEMA)]),
  Operations: z.array(z.looseObject({ op: z.string().max(20), path: z.string().max(1000).optional(), value: z.unknown().optional() })).min(1).max(1000),
});
const resource = z.looseObject({ schemas: z.array(z.string()), id: z.string(), meta: z.looseObject({ resourceType: z.string(), version: z.string() }) });
const listResponse = z.looseObject({ schemas: z.array(z.string()), totalResults: z.number(), startIndex: z.number(), itemsPerPage: z.number(), Resources: z.array(z.looseObject({})) });
const anyJson = z.looseObject({});

/** `excludedAttributes=members` (Entra, Okta): a Group without its members. */
const withMembers = (query: { excludedAttributes?: string | undefined }): boolean =>
  !(query.excludedAttributes ?? '').split(',').some((name) => name.trim().toLowerCase() === 'members');

/** Sends a SCIM answer: `application/scim+json`, with the resource's version as its ETag (`R`: the route's own reply). */
function sendScim<R>(route: R, status: number, body: Record<string, unknown> & { meta?: { version?: string; location?: string; [key: string]: unknown } }): R {
  const reply = route as unknown as FastifyReply;
  void reply.code(status).type(SCIM_CONTENT_TYPE);
  if (body.meta?.version !== undefined) void reply.header('etag', body.meta.version);
  if (status === 201 && body.meta?.location !== undefined) void reply.header('location', body.meta.location);
  void reply.send(body);
  return route;
}

/** 204, no body. */
function sendNoContent<R>(route: R): R {
  void (route as unknown as FastifyReply).code(204).send();
  return route;
}

/** Every refusal as SCIM's error (RFC 7644 section 3.12), Roster's code beside it; an unexpected failure 500. */
function scimErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, body: Record<string, unknown>) => reply.code(status).type(SCIM_CONTENT_TYPE).send(body);
  if (error instanceof DomainError) {
    if (error.code === 'UNAUTHENTICATED') void reply.header('www-authenticate', 'Bearer realm="scim"');
    return send(error.status, scimErrorBody(error.code, error.message, error.extra));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const detail = error.validation.map((issue) => `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}: ${issue.message ?? 'is not valid'}`).join('; ');
    return send(400, scimErrorBody('VALIDATION_FAILED', detail, { scimType: error.validationContext === 'body' ? 'invalidSyntax' : 'invalidValue' }));
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(415, scimErrorBody('UNSUPPORTED_MEDIA_TYPE', 'Send application/scim+json'));
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(413, scimErrorBody('PAYLOAD_TOO_LARGE', 'The body is over 1 MiB'));
  const status = error.statusCode;
  if (error instanceof SyntaxError || (status !== undefined && status >= 400 && status < 500)) {
    return send(400, scimErrorBody('VALIDATION_FAILED', 'The body is not valid JSON', { scimType: 'invalidSyntax' }));
  }
  if (isUnavailable(error)) {
    request.log.warn({ err: error }, 'a dependency is unavailable');
    void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return send(503, scimErrorBody('SERVICE_UNAVAILABLE', 'Try again in a few seconds'));
  }
  request.log.error({ err: error }, 'request failed');
  return send(500, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'Something went wrong', code: 'INTERNAL' });
}

/** The request's SCIM access (set by the plugin's hook, which refuses requests without it). */
function accessOf(request: FastifyRequest): ScimAccess {
  if (!request.scimAccess) throw new DomainError('UNAUTHENTICATED', 'Present a SCIM token: Authorization: Bearer rscim_…');
  return request.scimAccess;
}

/** SCIM 2.0 provisioning for one company, by its SCIM token (API.md "SCIM"). */
export function scimRoutes(root: App, services: Services): void {
  const baseUrl = services.config.baseUrl;
  void root.register(
    (app: App, _options, done) => {
      app.decorateRequest('scimAccess', null);
      app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
      app.setErrorHandler(scimErrorHandler);
      const noEndpoint = (request: FastifyRequest) => new DomainError('NOT_FOUND', `No SCIM endpoint for ${request.method} ${request.url.split('?')[0] ?? ''}`);
      app.setNotFoundHandler((request, reply) => reply.code(404).type(SCIM_CONTENT_TYPE).send(scimErrorBody('NOT_FOUND', noEndpoint(request).message)));
      // Any other path under /scim/v2 is SCIM's 404, not the page's (whose GET /* would answer it).
      app.all('/*', { config: { public: true }, schema: { hide: true } }, (request) => {
        throw noEndpoint(request);
      });
      app.addHook('onRequest', async (request) => {
        const header = request.headers.authorization;
        const found = header?.startsWith('Bearer ') ? await scimTokenFor(services.db, header.slice('Bearer '.length).trim(), services.now()) : null;
        if (!found) throw new DomainError('UNAUTHENTICATED', 'Present a live SCIM token: Authorization: Bearer rscim_…');
        request.scimAccess = found;
      });
      // The token, not a session, authenticates: the app's own hook lets these routes through.
      const config = { public: true };

      app.get('/ServiceProviderConfig', { config, schema: { response: { 200: anyJson } } }, async (_request, reply) =>
        sendScim(reply, 200, {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
          documentationUri: `${baseUrl}/api/v1/openapi.json`,
          patch: { supported: true },
          bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
          filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
          changePassword: { supported: false },
          sort: { supported: false },
          etag: { supported: true },
          authenticationSchemes: [
            { type: 'oauthbearertoken', name: 'SCIM token', description: 'A SCIM token the company’s owner makes in Settings › SCIM: Authorization: Bearer rscim_…', primary: true },
          ],
          meta: { resourceType: 'ServiceProviderConfig', location: `${scimBase(baseUrl)}/ServiceProviderConfig`, version: 'W/"1"' },
        }),
      );

      const resourceTypes = [
        { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'User', name: 'User', endpoint: '/Users', description: 'A member of the company', schema: SCIM_USER_SCHEMA, meta: { resourceType: 'ResourceType', location: `${scimBase(baseUrl)}/ResourceTypes/User` } },
        { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'Group', name: 'Group', endpoint: '/Groups', description: 'A team of the company', schema: SCIM_GROUP_SCHEMA, meta: { resourceType: 'ResourceType', location: `${scimBase(baseUrl)}/ResourceTypes/Group` } },
      ];
      app.get('/ResourceTypes', { config, schema: { response: { 200: listResponse } } }, async (_request, reply) => sendScim(reply, 200, presentScimList(resourceTypes, 2, 1)));
      app.get('/ResourceTypes/:id', { config, schema: { params: resourceId, response: { 200: anyJson } } }, async (request, reply) => {
        const found = resourceTypes.find((type) => type.id === request.params.id);
        if (!found) throw new DomainError('NOT_FOUND', 'No such resource type');
        return sendScim(reply, 200, found);
      });
      const schemas = (): Record<string, unknown>[] => scimSchemas().map((schema) => ({ ...schema, meta: { resourceType: 'Schema', location: `${scimBase(baseUrl)}/Schemas/${String(schema.id)}` } }));
      app.get('/Schemas', { config, schema: { response: { 200: listResponse } } }, async (_request, reply) => {
        const all = schemas();
        return sendScim(reply, 200, presentScimList(all, all.length, 1));
      });
      app.get('/Schemas/:id', { config, schema: { params: resourceId, response: { 200: anyJson } } }, async (request, reply) => {
        const found = schemas().find((schema) => schema.id === request.params.id);
        if (!found) throw new DomainError('NOT_FOUND', 'No such schema');
        return sendScim(reply, 200, found);
      });

      // Users: the company's members.
      app.get('/Users', { config, schema: { querystring: listQuery, response: { 200: listResponse } } }, async (request, reply) => {
        const { companyId } = accessOf(request);
        const { filter, startIndex, count } = request.query;
        const page = await scimUsersPage(services.db, companyId, parseScimFilter(filter, 'User'), startIndex, count);
        return sendScim(reply, 200, presentScimList(page.records.map((record) => presentScimUser(record, baseUrl)), page.total, startIndex));
      });
      app.post('/Users', { config, schema: { body: resourceBody, response: { 201: resource } } }, async (request, reply) => {
        const record = await scimCreateUser(contextOf(services, request), accessOf(request), userFromScim(request.body, null));
        return sendScim(reply, 201, presentScimUser(record, baseUrl));
      });
      app.get('/Users/:id', { config, schema: { params: resourceId, querystring: oneQuery, response: { 200: resource } } }, async (request, reply) => {
        const record = await scimUser(services.db, accessOf(request).companyId, request.params.id);
        return sendScim(reply, 200, presentScimUser(record, baseUrl));
      });
      app.put('/Users/:id', { config, schema: { params: resourceId, body: resourceBody, response: { 200: resource } } }, async (request, reply) => {
        const record = await scimUpdateUser(contextOf(services, request), accessOf(request), request.params.id, (current) => {
          const shown = presentScimUser(current, baseUrl);
          assertIfMatch(request.headers['if-match'], shown.meta.version);
          return Promise.resolve(userFromScim(request.body, shown));
        });
        return sendScim(reply, 200, presentScimUser(record, baseUrl));
      });
      app.patch('/Users/:id', { config, schema: { params: resourceId, body: patchBody, response: { 200: resource } } }, async (request, reply) => {
        const record = await scimUpdateUser(contextOf(services, request), accessOf(request), request.params.id, (current) => {
          const shown = presentScimUser(current, baseUrl);
          assertIfMatch(request.headers['if-match'], shown.meta.version);
          return patchedUser(shown, request.body);
        });
        return sendScim(reply, 200, presentScimUser(record, baseUrl));
      });
      app.delete('/Users/:id', { config, schema: { params: resourceId } }, async (request, reply) => {
        await scimDeleteUser(contextOf(services, request), accessOf(request), request.params.id);
        return reply.code(204).send();
      });

      // Groups: the company's teams that are not hidden.
      app.get('/Groups', { config, schema: { querystring: listQuery, response: { 200: listResponse } } }, async (request, reply) => {
        const { companyId } = accessOf(request);
        const { filter, startIndex, count } = request.query;
        const page = await scimGroupsPage(services.db, companyId, parseScimFilter(filter, 'Group'), startIndex, count);
        const members = withMembers(request.query);
        return sendScim(reply, 200, presentScimList(page.records.map((record) => presentScimGroup(record, baseUrl, members)), page.total, startIndex));
      });
      app.post('/Groups', { config, schema: { body: resourceBody, response: { 201: resource } } }, async (request, reply) => {
        const record = await scimCreateGroup(contextOf(services, request), accessOf(request), groupFromScim(request.body, false));
        return sendScim(reply, 201, presentScimGroup(record, baseUrl));
      });
      app.get('/Groups/:id', { config, schema: { params: resourceId, querystring: oneQuery, response: { 200: resource } } }, async (request, reply) => {
        const record = await scimGroup(services.db, accessOf(request).companyId, request.params.id);
        return sendScim(reply, 200, presentScimGroup(record, baseUrl, withMembers(request.query)));
      });
      app.put('/Groups/:id', { config, schema: { params: resourceId, body: resourceBody, response: { 200: resource } } }, async (request, reply) => {
        const record = await scimUpdateGroup(contextOf(services, request), accessOf(request), request.params.id, (current) => {
          assertIfMatch(request.headers['if-match'], presentScimGroup(current, baseUrl).meta.version);
          return Promise.resolve(groupFromScim(request.body, true));
        });
        return sendScim(reply, 200, presentScimGroup(record, baseUrl));
      });
      app.patch('/Groups/:id', { config, schema: { params: resourceId, body: patchBody, querystring: oneQuery, response: { 200: resource } } }, async (request, reply) => {
        const record = await scimUpdateGroup(contextOf(services, request), accessOf(request), request.params.id, (current) => {
          const shown = presentScimGroup(current, baseUrl);
          assertIfMatch(request.headers['if-match'], shown.meta.version);
          return patchedGroup(shown, request.body);
        });
        // RFC 7644 section 3.5.2: 200 with the resource, or 204; Entra and Okta take either. 200 unless members are left out.
        if (!withMembers(request.query)) return sendNoContent(reply);
        return sendScim(reply, 200, presentScimGroup(record, baseUrl));
      });
      app.delete('/Groups/:id', { config, schema: { params: resourceId } }, async (request, reply) => {
        await scimDeleteGroup(contextOf(services, request), accessOf(request), request.params.id);
        return reply.code(204).send();
      });
      done();
    },
    { prefix: '/scim/v2' },
  );
}
