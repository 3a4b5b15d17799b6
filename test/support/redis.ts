import { Redis } from 'ioredis';

/** The Redis the tests use; it runs beside PostgreSQL on the machine and in CI. */
export const REDIS_URL = process.env.ROSTER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether the Redis the tests use answers a PING. */
async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Whether the Redis tests can run: CI must run them (Redis runs there), so there a silent Redis
 * fails the file; elsewhere they are skipped with a visible warning.
 */
export async function redisForTests(what: string): Promise<boolean> {
  if (await redisAnswers(REDIS_URL)) return true;
  if (process.env.CI === 'true') throw new Error(`Redis does not answer at ${REDIS_URL}; CI needs it`);
  console.warn(`\n  ⚠  Redis does not answer at ${REDIS_URL}: ${what} are SKIPPED.\n`);
  return false;
}
