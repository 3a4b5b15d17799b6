import type { FastifyBaseLogger } from 'fastify';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Db } from './db/database.js';
import { buildApp, type App } from './http/app.js';
import type { Services } from './http/services.js';
import { createMailTransport } from './mail/transport.js';
import { MailWorker } from './mail/worker.js';
import { RetentionPruning } from './jobs/pruning.js';
import { createMetrics } from './metrics/metrics.js';
import { startMetricsServer } from './metrics/server.js';
import { WebhookWorker } from './webhooks/worker.js';

export interface RunningServer {
  app: App;
  db: Db;
  config: Config;
  url: string;
  /**
   * Stops taking requests, lets those in flight finish (SHUTDOWN_TIMEOUT_S at most, then cuts the
   * connections left), finishes the webhooks and mail being sent, closes the database.
   */
  stop(): Promise<void>;
}

/** Opens the database, migrates it, starts the mail and webhook workers and the security log's pruning, and serves HTTP: what `npm start` runs. */
export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const db = openDatabase(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    statementTimeoutMs: config.databaseStatementTimeoutMs,
  });
  await db.migrate();
  const transport = createMailTransport(config.mailUrl, config.mailFrom);
  const metrics = config.metricsPort === null ? undefined : createMetrics(db);
  const services: Services = {
    db,
    config,
    now: () => new Date(),
    mailQueued: () => {
      worker.nudge();
    },
    ...(metrics ? { metrics } : {}),
    webhooksQueued: () => {
      webhooks.nudge();
    },
  };
  const app = await buildApp(services);
  const worker = new MailWorker({
    db,
    transport,
    logger: componentLogger(app.log, 'mail'),
    secretKey: config.secretKey,
    leaseMs: config.mailClaimSeconds * 1000,
    ...(metrics ? { onDelivery: (kind: string, outcome: 'sent' | 'failed') => metrics.mailDelivery(kind, outcome) } : {}),
  });
  worker.start();
  const webhooks = new WebhookWorker({
    db,
    logger: componentLogger(app.log, 'webhooks'),
    secretKey: config.secretKey,
    baseUrl: config.baseUrl,
    send: { allowPrivate: config.webhooksAllowPrivate === true, dnsServers: config.dnsServers },
    leaseMs: config.webhookClaimSeconds * 1000,
    ...(metrics ? { onAttempt: (outcome: 'delivered' | 'failed') => metrics.webhookDelivery(outcome) } : {}),
    mailQueued: () => {
      worker.nudge();
    },
  });
  webhooks.start();
  const pruning = new RetentionPruning({ db, logger: app.log.child({ component: 'pruning' }) });
  pruning.start();
  const url = await app.listen({ port: config.port, host: config.host });
  const metricsServer = metrics && config.metricsPort !== null ? await startMetricsServer(metrics, config.metricsPort, config.metricsHost) : undefined;
  if (metricsServer) app.log.info({ url: metricsServer.url }, 'metrics are served');
  app.log.info(
    { url, database: config.databaseUrl.split(':')[0], mail: config.mailUrl.split(':')[0], secretKey: config.secretKeySource },
    'Roster is serving',
  );
  if (db.dialect === 'postgres' && config.secretKeySource !== 'SECRET_KEY') {
    // docs/OPERATIONS.md "The secret key": each host of a fleet would make a key of its own.
    app.log.warn({ keyFile: config.secretKeySource }, 'SECRET_KEY is not set: every process of a fleet must share one key (set SECRET_KEY)');
  }
  return {
    app,
    db,
    config,
    url,
    stop: async () => {
      await closeWithin(app, config.shutdownTimeoutSeconds * 1000);
      await metricsServer?.close();
      await webhooks.stop();
      await worker.stop();
      await pruning.stop();
      transport.close();
      await db.close();
    },
  };
}

/** The server's logger for one of its workers, its lines marked with the worker's name. */
function componentLogger(log: FastifyBaseLogger, component: string) {
  const child = log.child({ component });
  return {
    info: (obj: object, msg: string) => child.info(obj, msg),
    warn: (obj: object, msg: string) => child.warn(obj, msg),
    error: (obj: object, msg: string) => child.error(obj, msg),
  };
}

/**
 * How long a stopping server keeps its connections open after it starts answering 503 with
 * `Connection: close`: a client that was sending a request on a kept-alive connection gets that
 * answer, rather than a reset from closing the connection under it.
 */
const DRAIN_GRACE_MS = 300;

/**
 * Closes the app: readiness and new requests answer 503 at once and every answer closes its
 * connection (app.ts); after a short grace the listener and the idle connections close, and
 * requests in flight may finish. A connection still open at the deadline (a slow request, a client
 * that keeps its socket) is cut, so that the process ends well inside the grace of `docker stop`
 * or Kubernetes.
 */
async function closeWithin(app: App, deadlineMs: number): Promise<void> {
  const server = app.server;
  const started = Date.now();
  app.beginClosing();
  await new Promise((resolve) => setTimeout(resolve, Math.min(DRAIN_GRACE_MS, deadlineMs / 2)));
  // A connection whose answer had started before closing began is kept alive by that answer; once
  // it is idle it would be held until Fastify's keep-alive timeout (72 s).
  const sweep = setInterval(() => {
    server.closeIdleConnections();
  }, 250);
  const deadline = setTimeout(() => {
    app.log.warn({ deadlineMs }, 'requests still in flight at the shutdown deadline: closing their connections');
    server.closeAllConnections();
  }, Math.max(0, deadlineMs - (Date.now() - started)));
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}
