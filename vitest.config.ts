import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { defineConfig } from 'vitest/config';

const POSTGRES_ADMIN_URL = process.env.ROSTER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether the PostgreSQL server the tests use answers. */
async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The suites that run against the database, once on SQLite and once on PostgreSQL. */
const DATABASE_SUITES = [
  'test/commands/**/*.test.ts',
  'test/db/**/*.test.ts',
  'test/http/**/*.test.ts',
  'test/system/**/*.test.ts',
  'test/property/**/*.test.ts',
  'src/mail/worker.test.ts',
];

export default defineConfig(async () => {
  const onPostgres = await postgresAnswers();
  if (!onPostgres) {
    // CI must run the PostgreSQL half (docs/RULES.md §3: the invariants hold on both databases).
    if (process.env.CI === 'true') throw new Error(`PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}; CI needs it`);
    console.warn(`\n  ⚠  PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}: the PostgreSQL half of the suite is SKIPPED.\n`);
  }
  const shared = { testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' as const };
  // The typed client as its users import it (clients/typescript/example.ts); tsconfig.json has the same path.
  const resolve = { alias: { '@roster/client': fileURLToPath(new URL('./clients/typescript/src/index.ts', import.meta.url)) } };
  return {
    test: {
      projects: [
        {
          resolve,
          test: {
            ...shared,
            name: 'sqlite',
            include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
            env: { ROSTER_TEST_DATABASE: 'sqlite' },
          },
        },
        ...(onPostgres
          ? [
              {
                resolve,
                test: {
                  ...shared,
                  name: 'postgres',
                  include: DATABASE_SUITES,
                  // The crash test is about SQLite's durable commits on one machine.
                  exclude: ['test/system/crash.test.ts'],
                  env: { ROSTER_TEST_DATABASE: 'postgres', ROSTER_TEST_POSTGRES_URL: POSTGRES_ADMIN_URL },
                },
              },
            ]
          : []),
      ],
    },
  };
});
