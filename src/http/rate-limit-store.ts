import type { FastifyBaseLogger } from 'fastify';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitPluginOptions } from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { Db } from '../db/database.js';
import type { App } from './app.js';
import type { Services } from './services.js';
import { UnavailableError } from './unavailable.js';

/** One counted hit, as @fastify/rate-limit reads it: hits in the current window, and milliseconds until it ends. */
export interface CountedHit {
  current: number;
  ttl: number;
}

/** The part of the plugin's limiter options a store reads when it is made or asked for a child. */
interface LimiterOptions {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  /** Set when a route's own `config.rateLimit` asks for the child; empty for `createRateLimit`. */
  routeInfo?: { method?: unknown; url?: unknown };
}

export interface DatabaseStoreOptions {
  /** One sweep of ended windows every this many hits of this process (1000 by default). */
  sweepEvery?: number;
}

/** Shared by a store and its children: the hits this process has counted since its last sweep. */
interface SweepSchedule {
  every: number;
  hitsSinceSweep: number;
}

/**
 * A @fastify/rate-limit store whose counters are rows of `rate_limit_hits`, so that every Roster
 * process on one database counts the same hits; each hit is one atomic statement
 * (`Db.rateLimitHits`, src/db/rate-limit-hits.ts).
 *
 * Windows are fixed, as in the plugin's own stores: the first hit opens one, the first hit after
 * it ends opens the next.
 */
export class DatabaseRateLimitStore implements FastifyRateLimitStore {
  private readonly sweep: SweepSchedule;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    options: DatabaseStoreOptions = {},
    private readonly prefix = '',
    sweep?: SweepSchedule,
  ) {
    this.sweep = sweep ?? { every: options.sweepEvery ?? 1000, hitsSinceSweep: 0 };
  }

  /** The plugin's entry point: counts a hit on `key` in a window of `timeWindow` ms. */
  incr(key: string, callback: (error: Error | null, result?: CountedHit) => void, timeWindow: number): void {
    void this.hit(key, timeWindow).then(
      (counted) => {
        callback(null, counted);
      },
      (error: unknown) => {
        callback(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  /** The plugin asks for one per limiter: a route's own `config.rateLimit` counts apart; limiters made in code share keys. */
  child(routeOptions: object): DatabaseRateLimitStore {
    // Typed as route options by the plugin; what it passes is the limiter's merged options.
    const options = routeOptions as LimiterOptions;
    refuseUnsupported(options);
    const { method, url } = options.routeInfo ?? {};
    const route = typeof method === 'string' && typeof url === 'string' ? `${method} ${url} ` : '';
    return new DatabaseRateLimitStore(this.db, this.now, {}, this.prefix + route, this.sweep);
  }

  /** Counts a hit on `key` and answers the hits of its current window and the time left in it. */
  async hit(key: string, timeWindow: number): Promise<CountedHit> {
    const now = this.now();
    const nowIso = now.toISOString();
    const end = new Date(now.getTime() + timeWindow).toISOString();
    const row = await this.db.rateLimitHits.count({ key: this.prefix + key, now: nowIso, end });
    await this.sweepNowAndThen(nowIso);
    return { current: row.hits, ttl: Math.max(0, Date.parse(row.expiresAt) - now.getTime()) };
  }

  /** Ended windows are deleted in one statement every so often, so that the table stays small. */
  private async sweepNowAndThen(nowIso: string): Promise<void> {
    this.sweep.hitsSinceSweep += 1;
    if (this.sweep.hitsSinceSweep < this.sweep.every) return;
    this.sweep.hitsSinceSweep = 0;
    await this.db.rateLimitHits.deleteEnded(nowIso);
  }
}

/** Windows here end on time only: options that stretch them are refused rather than ignored. */
function refuseUnsupported(options: LimiterOptions): void {
  if (options.continueExceeding === true || options.exponentialBackoff === true) {
    throw new Error('The database rate-limit store does not support continueExceeding or exponentialBackoff');
  }
}

/** The `store` option of @fastify/rate-limit (which constructs it itself): counters in this database. */
export function databaseRateLimitStore(db: Db, now: () => Date, options: DatabaseStoreOptions = {}): FastifyRateLimitStoreCtor {
  return class extends DatabaseRateLimitStore {
    constructor(limiterOptions: LimiterOptions) {
      refuseUnsupported(limiterOptions);
      super(db, now, options);
    }
  };
}

/**
 * Where the app's rate-limit counters live, as options of @fastify/rate-limit: in Redis when
 * REDIS_URL is set (its client closes with the app), in the database otherwise. Either way every
 * process behind the load balancer counts the same hits.
 */
export async function sharedRateLimitStore(
  app: App,
  services: Services,
): Promise<Pick<RateLimitPluginOptions, 'store'>> {
  const { redisUrl } = services.config;
  if (redisUrl === undefined) return { store: databaseRateLimitStore(services.db, services.now) };
  const redis = await connectRedis(redisUrl, app.log);
  app.addHook('onClose', async () => {
    await redis.quit().catch(() => {
      redis.disconnect();
    });
  });
  return { store: redisRateLimitStore(redis) };
}

/**
 * The same counting as the plugin's own Redis store (one script: INCR, and PEXPIRE on the first hit
 * of a window, else PTTL), with one difference: a Redis that fails or does not answer in time is an
 * UnavailableError, which the routes answer 503 SERVICE_UNAVAILABLE, not 500.
 */
const REDIS_HIT = `
  local current = redis.call('INCR', KEYS[1])
  local ttl = tonumber(ARGV[1])
  if current == 1 then redis.call('PEXPIRE', KEYS[1], ttl) else ttl = redis.call('PTTL', KEYS[1]) end
  return {current, ttl}
`;

class RedisRateLimitStore implements FastifyRateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  incr(key: string, callback: (error: Error | null, result?: CountedHit) => void, timeWindow: number): void {
    this.redis.eval(REDIS_HIT, 1, this.prefix + key, timeWindow).then(
      (result) => {
        const [current, ttl] = result as [number, number];
        callback(null, { current, ttl });
      },
      (error: unknown) => {
        callback(new UnavailableError('Redis does not answer: the rate-limit counters are out of reach', { cause: error }));
      },
    );
  }

  /** As in DatabaseRateLimitStore: a route's own `config.rateLimit` counts apart; limiters made in code share keys. */
  child(routeOptions: object): RedisRateLimitStore {
    const options = routeOptions as LimiterOptions;
    refuseUnsupported(options);
    const { method, url } = options.routeInfo ?? {};
    const route = typeof method === 'string' && typeof url === 'string' ? `${method} ${url} ` : '';
    return new RedisRateLimitStore(this.redis, this.prefix + route);
  }
}

function redisRateLimitStore(redis: Redis): FastifyRateLimitStoreCtor {
  return class extends RedisRateLimitStore {
    constructor(limiterOptions: LimiterOptions) {
      refuseUnsupported(limiterOptions);
      super(redis, 'roster-rate-limit:');
    }
  };
}

/** How long a rate-limit count may wait for Redis before the request is answered 503. */
const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/**
 * Connects before the server serves, so that a wrong REDIS_URL stops it with a clear message. Once
 * running, a lost connection is retried; meanwhile the limited routes answer 503
 * SERVICE_UNAVAILABLE rather than let unlimited password guesses through.
 */
async function connectRedis(url: string, log: FastifyBaseLogger): Promise<Redis> {
  let lastError: Error | undefined;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 1,
    // A Redis that takes the connection but never answers must not hold the request.
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // Tells this process's connection apart in Redis's CLIENT LIST.
    connectionName: `roster-${process.pid}`,
  });
  redis.on('error', (error: Error) => {
    lastError = error;
    log.error({ err: error }, 'Redis: the rate-limit counters are out of reach');
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    // The address without the password the URL may hold.
    const { hostname, port } = new URL(url);
    const reason = (lastError ?? (error instanceof Error ? error : new Error(String(error)))).message;
    throw new Error(`REDIS_URL: Redis does not answer at ${hostname}:${port || '6379'} (${reason})`, { cause: error });
  }
  return redis;
}
