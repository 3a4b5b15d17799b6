import type { FastifyBaseLogger } from 'fastify';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Db } from './db/database.js';
import { buildApp, type App } from './http/app.js';
import type { Services } from './http/services.js';
import { createMailTransport } from './mail/transport.js';
import { MailWorker } from './mail/worker.js';

export interface RunningServer {
  app: App;
  db: Db;
  config: Config;
  url: string;
  /** Stops taking requests, finishes the mail being sent, closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, migrates it, starts the mail worker and serves HTTP: what `npm start` runs. */
export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const db = openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  await db.migrate();
  const transport = createMailTransport(config.mailUrl, config.mailFrom);
  const services: Services = {
    db,
    config,
    now: () => new Date(),
    mailQueued: () => {
      worker.nudge();
    },
  };
  const app = await buildApp(services);
  const worker = new MailWorker({
    db,
    transport,
    logger: mailLogger(app.log),
    secretKey: config.secretKey,
    leaseMs: config.mailClaimSeconds * 1000,
  });
  worker.start();
  const url = await app.listen({ port: config.port, host: config.host });
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
      await app.close();
      await worker.stop();
      transport.close();
      await db.close();
    },
  };
}

function mailLogger(log: FastifyBaseLogger) {
  const child = log.child({ component: 'mail' });
  return {
    info: (obj: object, msg: string) => child.info(obj, msg),
    warn: (obj: object, msg: string) => child.warn(obj, msg),
    error: (obj: object, msg: string) => child.error(obj, msg),
  };
}
