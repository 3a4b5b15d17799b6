import { sql } from 'kysely';
import { z } from 'zod';
import type { App } from '../app.js';
import type { Services } from '../services.js';

export function healthRoutes(app: App, { db }: Services): void {
  app.get(
    '/api/v1/health',
    {
      config: { public: true },
      schema: { response: { 200: z.object({ status: z.literal('ok'), db: z.literal('ok') }) } },
    },
    async () => {
      await sql`select 1`.execute(db.kysely);
      return { status: 'ok' as const, db: 'ok' as const };
    },
  );
}
