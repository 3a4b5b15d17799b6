import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { openTestDatabase } from './database.js';
import { buildApp, type App } from '../../src/http/app.js';
import type { Services } from '../../src/http/services.js';
import type { CommandContext } from '../../src/commands/context.js';
import { parseEml, type ParsedMail } from '../../src/mail/eml.js';
import { createMailTransport } from '../../src/mail/transport.js';
import { MailWorker } from '../../src/mail/worker.js';

export interface TestServer {
  app: App;
  db: Db;
  services: Services;
  config: Config;
  /** Where the file transport writes `.eml` files. */
  mailDir: string;
  /** A fixed clock the test may move: `clock.now = new Date(...)`. */
  clock: { now: Date };
  /** A command context acting as this user. */
  as(userId: string | null): CommandContext;
  /** Runs one pass of the mail worker: queued mail becomes `.eml` files in `mailDir`. */
  deliverMail(): Promise<number>;
  /** The delivered messages to this address, oldest first. */
  mailTo(address: string): ParsedMail[];
  close(): Promise<void>;
}


/** The real Fastify stack on a fresh database; requests go through `app.inject`. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await openTestDatabase();
  const { db, dir } = database;
  const mailDir = join(dir, 'mail');
  const config = loadConfig({
    BASE_URL: 'http://roster.test',
    MAIL_URL: `file:${mailDir}`,
    DATABASE_URL: database.url,
    // The key file (SECRET_KEY unset) goes into the test's own folder, on PostgreSQL too.
    DATA_DIR: dir,
    ...env,
  });
  const clock = { now: new Date('2026-01-05T10:00:00.000Z') };
  const now = () => new Date(clock.now);
  const services: Services = { db, config, now };
  const app = await buildApp(services, { logger: false });
  await app.ready();
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const transport = createMailTransport(config.mailUrl, config.mailFrom);
  const worker = new MailWorker({ db, transport, logger: silent, now, secretKey: config.secretKey });
  return {
    app,
    db,
    services,
    config,
    mailDir,
    clock,
    // A session that has just signed in: sensitive changes (recent authentication) are allowed.
    as: (actorId) => ({ db, settings: config, actorId, now, requestId: 'test', sessionAuthenticatedAt: now().toISOString() }),
    deliverMail: () => worker.deliverDue(),
    mailTo: (address) => readMail(mailDir).filter((mail) => mail.headers.get('to')?.includes(address)),
    close: async () => {
      transport.close();
      await app.close();
      await database.drop();
    },
  };
}

/** Every `.eml` file in the folder, parsed, in the order they were written. */
export function readMail(dir: string): ParsedMail[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .map((path) => parseEml(readFileSync(path)));
}

/** The token of the link `<BASE_URL>/<path>/<token>` standing on a line of its own. */
export function linkToken(mail: ParsedMail, path: string): string {
  const line = mail.text.split('\n').find((text) => text.trim().includes(`/${path}/`));
  if (!line) throw new Error(`no /${path}/ link in the mail`);
  return line.trim().split(`/${path}/`)[1] ?? '';
}
