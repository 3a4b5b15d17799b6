/**
 * How long `POST /api/v1/auth/forgot-password` takes to answer for an email with an account and
 * for one without (docs/DECISIONS.md "A reset request answers before it looks"), alternated call
 * by call through the whole Fastify stack (`inject`), and how long the work after the answer then
 * takes for each. Run after `npm run bench`'s compile step:
 *   tsc -p bench/tsconfig.build.json && node dist/bench/forgot-password.js
 * (BENCH_DATABASE_URL=postgres://… for PostgreSQL.) Never part of `npm test`.
 */
import { loadConfig } from '../src/config.js';
import { hashPassword } from '../src/auth/passwords.js';
import { newId } from '../src/auth/secrets.js';
import { workAfterAnswers } from '../src/http/after-answer.js';
import { buildApp } from '../src/http/app.js';
import type { Services } from '../src/http/services.js';
import { createBenchDatabase } from './lib/database.js';
import { summarize } from './lib/stats.js';
import { loadBenchSettings } from './settings.js';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);

async function main(): Promise<void> {
  const settings = loadBenchSettings();
  const database = await createBenchDatabase(settings, 'forgot_password');
  const db = database.open();
  try {
    await db.migrate();
    const config = loadConfig({ DATABASE_URL: database.url, DATA_DIR: database.dir, RATE_LIMITS: 'off', LOG_LEVEL: 'warn', BASE_URL: 'http://roster.bench' });
    const services: Services = { db, config, now: () => new Date() };
    const app = await buildApp(services, { logger: false });
    await app.ready();
    const passwordHash = await hashPassword('bench password 1');
    const known = 'known@bench.test';
    await db.kysely.insertInto('users').values({ id: newId(), email: known, name: 'Known', passwordHash, emailVerified: 1, createdAt: new Date().toISOString() }).execute();

    const answer: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    const after: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
    for (let i = 0; i < SAMPLES * 2 + 40; i++) {
      const kind = i % 2 === 0 ? 'known' : 'unknown';
      const email = kind === 'known' ? known : `nobody-${i}@bench.test`;
      const start = process.hrtime.bigint();
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email } });
      const answered = ms(start);
      const workStart = process.hrtime.bigint();
      await workAfterAnswers(services);
      const worked = ms(workStart);
      if (res.statusCode !== 202) throw new Error(`answered ${res.statusCode}`);
      if (i < 40) continue; // warm-up
      answer[kind].push(answered);
      after[kind].push(worked);
    }
    const row = (what: string, values: number[]) => {
      const t = summarize(values, values.reduce((a, b) => a + b, 0));
      return { what, samples: t.samples, p50Ms: +t.p50Ms.toFixed(3), meanMs: +t.meanMs.toFixed(3), p99Ms: +t.p99Ms.toFixed(3) };
    };
    console.log(`forgot-password on ${database.kind}`);
    console.table([
      row('answer, email with an account', answer.known),
      row('answer, email without one', answer.unknown),
      row('work after the answer, with an account', after.known),
      row('work after the answer, without one', after.unknown),
    ]);
    await app.close();
  } finally {
    await db.close();
    await database.drop();
  }
}

await main();
