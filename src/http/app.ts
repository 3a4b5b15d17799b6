import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import helmet from 'helmet';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type onResponseHookHandler, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import {
  jsonSchemaTransformObject,
  serializerCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { answerClientError, sendProblem, handleError, sendUnavailable } from './problem.js';
import { inputValidatorCompiler } from './input.js';
import { describeRoute, documentRoute, openApiTags, sentAsIs } from './openapi.js';
import { redactUrl } from './redact.js';
import authPlugin from './auth.js';
import { sharedRateLimitStore } from './rate-limit-store.js';
import type { Config } from '../config.js';
import type { Services } from './services.js';
import type { Metrics } from '../metrics/metrics.js';
import { registerRoutes } from './routes/index.js';
import { contentSecurityPolicyFor } from './web.js';

/** The Fastify instance with zod schemas as its type provider: routes get typed params and bodies. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The longest path segment (an id, a token) the router reads; a longer one is 414 URI_TOO_LONG. */
const MAX_SEGMENT_LENGTH = 1000;

/** How the app logs. */
export interface AppOptions {
  /** false: no logs (most tests). */
  logger?: boolean;
  /** Where the JSON log lines go; standard output by default. */
  logStream?: { write(line: string): void };
}

/**
 * Only the proxies the operator names (TRUST_PROXY, src/config.ts) may say who the client is: the
 * client is the right-most X-Forwarded-For address they did not add. Fastify fails closed on a bare
 * hop count (it trusts no hop at all), so a count is given as proxy-addr's trust function for hops:
 * the connection's peer is hop 0, the right-most forwarded address hop 1, and so on.
 */
function trustedProxies(trust: Config['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

/**
 * fastify-type-provider-zod's components: every schema with an id, as input and as output. The
 * error schemas are only answered, never read, so their input forms are left out: a component no
 * part of the document refers to.
 */
function usedComponentsOnly(document: Parameters<typeof jsonSchemaTransformObject>[0]): ReturnType<typeof jsonSchemaTransformObject> {
  const object = jsonSchemaTransformObject(document) as { components?: { schemas?: Record<string, unknown> } };
  const schemas = object.components?.schemas ?? {};
  const text = JSON.stringify({ ...object, components: { ...object.components, schemas: {} } });
  const used = Object.entries(schemas).filter(([name]) => text.includes(`"#/components/schemas/${name}"`));
  return { ...object, components: { ...object.components, schemas: Object.fromEntries(used) } } as ReturnType<typeof jsonSchemaTransformObject>;
}

/** Builds the Fastify app: plugins, error format, authentication, and every route of API.md. */
export async function buildApp(services: Services, options: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: services.config.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            // Secrets never reach the logs (§6): cookies, tokens, and the token of every
            // secret-bearing path (src/http/redact.ts) are redacted; request bodies are not logged.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({
                method: req.method,
                url: redactUrl(req.url),
                id: req.id,
              }),
            },
          },
    bodyLimit: 1024 * 1024,
    // Long ids reach the zod schemas (400); a path segment over 1,000 characters is 414 URI_TOO_LONG.
    routerOptions: { maxParamLength: MAX_SEGMENT_LENGTH },
    // The router's own refusals (a malformed %-escape, a segment over maxParamLength) come before
    // any hook: they are answered here as problem+json, with the request id and security headers
    // (`securityHeaders`, below, is built before the first request).
    frameworkErrors: (error, request, reply) => {
      void reply.header('x-request-id', request.id);
      securityHeaders(request.raw, reply.raw, () => undefined);
      void handleError(error, request, reply);
    },
    // What Node's HTTP parser refuses (headers over 16 KiB, a request that does not arrive in time,
    // bytes that are not HTTP) reaches no route or hook: answered on the socket as problem+json
    // (431 HEADERS_TOO_LARGE, 408 REQUEST_TIMEOUT, 400 VALIDATION_FAILED; problem.ts).
    clientErrorHandler: answerClientError,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    trustProxy: trustedProxies(services.config.trustProxy),
    // Requests that come while the app closes get Roster's own 503 problem (below), not Fastify's.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();

  // zod, after the check that no string holds a control character (input.ts): once, for every route.
  app.setValidatorCompiler(inputValidatorCompiler);
  // zod checks every success body; an error body (openapi.ts's problem and SCIM error schemas, there
  // to document the errors) is written as it is sent, as without a schema.
  app.setSerializerCompiler((route) => (sentAsIs.has(route.schema) ? (data: unknown) => JSON.stringify(data) : serializerCompiler(route as Parameters<typeof serializerCompiler>[0])));
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // A segment over the router's limit is 414 whichever route it missed (the page's GET /* takes
    // any length, so the router's own 414 comes only for the other methods).
    if (path.split('/').some((segment) => segment.length > MAX_SEGMENT_LENGTH)) {
      return sendProblem(reply, 'URI_TOO_LONG', `A part of the address is over ${MAX_SEGMENT_LENGTH} characters`);
    }
    return sendProblem(reply, 'NOT_FOUND', `No route for ${request.method} ${path}`);
  });
  // JSON only (API.md): anything else is 415.
  app.removeContentTypeParser('text/plain');

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Roster API',
        version: '1.0.0',
        description: 'Members and permissions of a company hiring account.',
      },
      // The paths are absolute: the document describes the server that serves it.
      servers: [{ url: '/', description: 'This Roster server' }],
      tags: openApiTags,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'roster_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    // zod's JSON schemas, each success answer described (openapi.ts).
    transform: documentRoute,
    // The schemas with an id (openapi.ts's Problem and ScimError) once, under components, by reference.
    transformObject: usedComponentsOnly,
  });
  // Every answer, errors included, carries its request id and the security headers: helmet's
  // defaults, HSTS only where the server is reached over https (BASE_URL), and a
  // Content-Security-Policy, the page's or the API's (web.ts). Set on arrival, in one synchronous
  // hook: Fastify keeps a reply's headers through its error handling, and an async hook costs a
  // microtask and more per request (@fastify/helmet's two, measured in docs/PERFORMANCE.md).
  // helmet's middleware is built once.
  const securityHeaders = helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: new URL(services.config.baseUrl).protocol === 'https:' ? { maxAge: 31536000, includeSubDomains: true } : false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    reply.header('content-security-policy', contentSecurityPolicyFor(request.url));
    securityHeaders(request.raw, reply.raw, () => done()); // helmet throws its errors; it calls next with none
  });
  answerUnavailableWhileClosing(app);
  if (services.metrics) measureRequests(app, services.metrics);
  await app.register(cookie);
  // Limits are set per route (src/http/rate-limits.ts); their counters are shared by every process.
  await app.register(rateLimit, { global: false, ...(services.config.rateLimits ? await sharedRateLimitStore(app, services) : {}) });
  await app.register(authPlugin, services);
  // Every route's operationId, summary, tag and error answers in the OpenAPI document (openapi.ts).
  app.addHook('onRoute', describeRoute);
  registerRoutes(app, services);
  await app.register(import('./web.js'));

  app.get('/api/v1/openapi.json', { schema: { hide: true }, config: { public: true } }, () => app.swagger());
  return app;
}

/**
 * Counts every answer by its route's pattern (`/api/v1/companies/:companyId/members`), so that
 * ids never make a series each; what no route matched counts as `unmatched`. Synchronous and
 * after the answer is sent: the request pays nothing while it waits. Each route gets a hook of its
 * own that knows its pattern, taken once when the route is added: `request.routeOptions` builds an
 * object of a dozen fields at every read (about 6 µs a request; docs/PERFORMANCE.md).
 */
function measureRequests(app: App, metrics: Metrics): void {
  const measuring = new WeakSet<object>();
  app.addHook('onRoute', (route) => {
    const hooks = route.onResponse === undefined ? [] : Array.isArray(route.onResponse) ? route.onResponse : [route.onResponse];
    // A route made from another's options (Fastify's HEAD beside a GET) has its hook already.
    if (hooks.some((hook) => measuring.has(hook))) return;
    const pattern = route.url;
    const measure: onResponseHookHandler = (request, reply, done) => {
      metrics.requestAnswered(pattern, request.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
    measuring.add(measure);
    route.onResponse = [...hooks, measure];
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) metrics.requestAnswered('unmatched', request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Starts shutting down before `close()` (server.ts): from now on every request is answered 503. */
    beginClosing(): void;
  }
}

/**
 * From the moment the app starts closing (SIGTERM): a request that arrives on a connection still
 * open is answered 503 SERVICE_UNAVAILABLE (readiness included, so a load balancer turns away at
 * once), and every answer, to requests in flight too, carries `Connection: close`, so that no client
 * sends another request on a connection about to close (it would be reset) and no kept-alive
 * connection holds the process until its keep-alive timeout.
 */
function answerUnavailableWhileClosing(app: App): void {
  let closing = false;
  app.decorate('beginClosing', () => {
    closing = true;
  });
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) {
      done();
      return;
    }
    void reply.header('connection', 'close');
    sendUnavailable(reply, 'The server is shutting down; try again in a few seconds');
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}
