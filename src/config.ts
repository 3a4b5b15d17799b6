import type { CommandSettings } from './commands/context.js';

/** Server configuration, read from the environment (API.md "Configuration"). */
export interface Config extends CommandSettings {
  port: number;
  host: string;
  databaseUrl: string;
  databasePoolSize: number;
  /** PostgreSQL: the longest wait for a connection, and the longest a statement may run. */
  databaseConnectTimeoutMs: number;
  databaseStatementTimeoutMs: number;
  /** After SIGTERM, the longest wait for requests in flight before the remaining connections are cut. */
  shutdownTimeoutSeconds: number;
  mailUrl: string;
  mailFrom: string;
  logLevel: string;
  rateLimits: boolean;
  /** Sign-in attempts per account, and per address, per 15 minutes. */
  loginAttemptsPerWindow: number;
  /** Requests that present a secret token (invitation links, email verification) per address per minute. */
  tokenAttemptsPerMinute: number;
  sessionTtlDays: number;
  /** How long a mail worker's claim on a message keeps other workers off it (a dead worker's claim runs out). */
  mailClaimSeconds: number;
  /** Rate-limit counters live in this Redis when set, in the database otherwise. */
  redisUrl?: string;
  /** The members pages each process remembers, validated by the company's revision; 0 turns it off. */
  responseCacheBytes: number;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min} (got "${raw}")`);
  return value;
}

function redisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^rediss?:\/\//.test(raw) || !URL.canParse(raw)) throw new Error('REDIS_URL must look like redis://[:password@]host:6379[/db] or rediss://… (the value is not repeated here: it may hold a password)');
  return raw;
}

/** Reads and checks the configuration; a bad value stops the server with a clear message. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000);
  const rateLimits = (env.RATE_LIMITS ?? 'on').toLowerCase();
  if (rateLimits !== 'on' && rateLimits !== 'off') throw new Error(`RATE_LIMITS must be on or off (got "${rateLimits}")`);
  const baseUrl = (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!URL.canParse(baseUrl)) throw new Error(`BASE_URL must be an absolute URL such as https://roster.example.com (got "${baseUrl}")`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    baseUrl,
    databaseUrl: env.DATABASE_URL ?? 'sqlite:./var/roster.db',
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1),
    databaseConnectTimeoutMs: integer(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5000, 1),
    databaseStatementTimeoutMs: integer(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 30000, 1),
    shutdownTimeoutSeconds: integer(env, 'SHUTDOWN_TIMEOUT_S', 10, 1),
    mailUrl: env.MAIL_URL ?? 'file:./var/mail',
    mailFrom: env.MAIL_FROM ?? `Roster <no-reply@${new URL(baseUrl).hostname}>`,
    invitationTtlHours: integer(env, 'INVITATION_TTL_HOURS', 168, 1),
    // RATE_LIMITS=off lifts the company's daily invitation limit too.
    invitationsPerCompanyPerDay:
      rateLimits === 'on' ? integer(env, 'INVITATIONS_PER_COMPANY_PER_DAY', 500, 1) : Number.MAX_SAFE_INTEGER,
    logLevel: env.LOG_LEVEL ?? 'info',
    rateLimits: rateLimits === 'on',
    loginAttemptsPerWindow: integer(env, 'LOGIN_ATTEMPTS_PER_15_MIN', 10, 1),
    tokenAttemptsPerMinute: integer(env, 'TOKEN_ATTEMPTS_PER_MIN', 60, 1),
    sessionTtlDays: integer(env, 'SESSION_TTL_DAYS', 30, 1),
    mailClaimSeconds: integer(env, 'MAIL_CLAIM_SECONDS', 60, 1),
    redisUrl: redisUrl(env),
    responseCacheBytes: integer(env, 'RESPONSE_CACHE_MB', 32) * 1024 * 1024,
  };
}
