import { sql } from 'kysely';
import { z } from 'zod';
import type { App } from '../app.js';
import type { Services } from '../services.js';
import { UnavailableError } from '../unavailable.js';

/** How long readiness waits for the database's `select 1`. */
export const READY_DEADLINE_MS = 2_000;

const ready = z.object({ status: z.literal('ok'), db: z.literal('ok') });

/**
 * Liveness (`/health/live`: the process serves; no database, so that a database outage does not get
 * every process restarted) and readiness (`/health/ready`: the database answers `select 1` within
 * READY_DEADLINE_MS; 503 SERVICE_UNAVAILABLE otherwise, and from the moment shutdown begins).
 * `/health` is readiness, as it always answered for the database.
 */
export function healthRoutes(app: App, { db }: Services): void {
  const databaseAnswers = async () => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new UnavailableError(`The database did not answer within ${READY_DEADLINE_MS} ms`));
      }, READY_DEADLINE_MS);
    });
    try {
      await Promise.race([sql`select 1`.execute(db.kysely), deadline]);
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ok' as const, db: 'ok' as const };
  };
  const options = { config: { public: true }, schema: { response: { 200: ready } } };
  app.get('/api/v1/health', options, databaseAnswers);
  app.get('/api/v1/health/ready', options, databaseAnswers);
  app.get(
    '/api/v1/health/live',
    { config: { public: true }, schema: { response: { 200: z.object({ status: z.literal('ok') }) } } },
    () => ({ status: 'ok' as const }),
  );
}
