import { loadSecretKey } from './auth/secret-key.js';
import { isIP } from 'node:net';
import { UNLIMITED, type CommandSettings } from './settings.js';

/** Server configuration, read from the environment (API.md "Configuration"). */
export interface Config extends CommandSettings {
  port: number;
  host: string;
  /** Prometheus metrics at GET /metrics on this port (src/metrics); unset: not served. */
  metricsPort: number | null;
  /** The address the metrics port listens on; HOST by default. */
  metricsHost: string;
  databaseUrl: string;
  /** SQLite: concurrent writes share one transaction and its commit (src/db/group-commit.ts); SQLITE_GROUP_COMMIT=off turns it off. */
  sqliteGroupCommit: boolean;
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
  /** Password-reset requests per account (the email asked for) per hour; four times as many per address. */
  passwordResetsPerHour: number;
  /** Requests that present a secret token (invitation links, email verification) per address per minute. */
  tokenAttemptsPerMinute: number;
  /** A session unused this long ends (≤ sessionTtlDays). */
  sessionIdleDays: number;
  /** How long a mail worker's claim on a message keeps other workers off it (a dead worker's claim runs out). */
  mailClaimSeconds: number;
  /** How long a webhook worker's claim on a delivery keeps other workers off it (more than the 10 s an attempt may take). */
  webhookClaimSeconds: number;
  /** Rate-limit counters live in this Redis when set, in the database otherwise. */
  redisUrl?: string;
  /** The members pages each process remembers, validated by the company's revision; 0 turns it off. */
  responseCacheBytes: number;
  /** Where `secretKey` came from: `SECRET_KEY`, the key file's path, or `memory`. */
  secretKeySource: string;
  /**
   * Which proxies in front may name the client in X-Forwarded-For (Fastify's `trustProxy`): false
   * for none, a number of hops, or the proxies' addresses and CIDR ranges.
   */
  trustProxy: false | number | string[];
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min} (got "${raw}")`);
  return value;
}

/** A true/false setting; unset is false. */
function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new Error(`${name} must be true or false (got "${raw}")`);
}

/** A daily limit counted in the database (src/commands/daily-limits.ts); with RATE_LIMITS=off, none. */
function daily(env: Env, rateLimits: string, name: string, fallback: number): number {
  const value = integer(env, name, fallback, 1);
  return rateLimits === 'on' ? value : UNLIMITED;
}

function redisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^rediss?:\/\//.test(raw) || !URL.canParse(raw)) throw new Error('REDIS_URL must look like redis://[:password@]host:6379[/db] or rediss://… (the value is not repeated here: it may hold a password)');
  return raw;
}

/** proxy-addr's names for the reserved ranges, accepted in a TRUST_PROXY list. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IPv4 or IPv6 address, or one with a prefix length: 10.0.0.0/8, fd00::/8. */
function isAddressOrCidr(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: unset (or `false`) trusts no proxy, and the client's address is the connection's.
 * A whole number trusts that many hops in front of Roster; a comma-separated list trusts the
 * proxies with those addresses or ranges. Either way the client is the right-most address of
 * X-Forwarded-For that is not trusted. `true` (trust every hop) would let each client name its own
 * address, and so its own rate-limit bucket, in the header's left-most entry: refused.
 */
function trustProxy(env: Env): false | number | string[] {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') {
    throw new Error(
      'TRUST_PROXY=true would let every client choose its own address (and rate-limit bucket) with X-Forwarded-For; ' +
        'set the number of proxies in front of Roster (e.g. TRUST_PROXY=1) or their addresses/CIDRs (e.g. TRUST_PROXY=10.0.0.0/8,fd00::/8)',
    );
  }
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0) || false;
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isAddressOrCidr(entry));
  if (bad.length > 0) {
    throw new Error(
      `TRUST_PROXY must be a number of hops or a comma-separated list of IPv4/IPv6 addresses or CIDRs (got ${bad.map((entry) => `"${entry}"`).join(', ')})`,
    );
  }
  return entries;
}

/** A DNS server entry: an IPv4 address, an IPv6 one, either with a port (`1.2.3.4:53`, `[::1]:53`). */
function isDnsServer(entry: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  const [address = '', port]: (string | undefined)[] = bracketed ? [bracketed[1], bracketed[2]] : isIP(entry) === 6 ? [entry] : entry.split(':');
  if (isIP(address) === 0 || (bracketed && isIP(address) !== 6) || (!bracketed && entry.split(':').length > 2 && isIP(entry) !== 6)) return false;
  return port === undefined || (/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535);
}

/**
 * DNS_SERVERS: the resolvers that check a company's domain records, comma-separated
 * (`10.0.0.2,10.0.0.3:5353,[fd00::53]:53`); unset or empty: the system's. Addresses only: a
 * resolver named by a host name would need a resolver to find.
 */
function dnsServers(env: Env): string[] | undefined {
  const raw = (env.DNS_SERVERS ?? '').trim();
  if (raw === '') return undefined;
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isDnsServer(entry));
  if (bad.length > 0) {
    throw new Error(
      `DNS_SERVERS must be a comma-separated list of IP addresses, each with an optional port (1.2.3.4:53, [::1]:53) (got ${bad.map((entry) => `"${entry}"`).join(', ')})`,
    );
  }
  return entries;
}

/** Reads and checks the configuration; a bad value stops the server with a clear message. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000);
  const rateLimits = (env.RATE_LIMITS ?? 'on').toLowerCase();
  if (rateLimits !== 'on' && rateLimits !== 'off') throw new Error(`RATE_LIMITS must be on or off (got "${rateLimits}")`);
  const groupCommit = (env.SQLITE_GROUP_COMMIT ?? 'on').toLowerCase();
  if (groupCommit !== 'on' && groupCommit !== 'off') throw new Error(`SQLITE_GROUP_COMMIT must be on or off (got "${groupCommit}")`);
  const baseUrl = (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!URL.canParse(baseUrl)) throw new Error(`BASE_URL must be an absolute URL such as https://roster.example.com (got "${baseUrl}")`);
  const sessionTtlDays = integer(env, 'SESSION_TTL_DAYS', 30, 1);
  // docs/DECISIONS.md "Accounts and sessions": two weeks unused.
  const sessionIdleDays = integer(env, 'SESSION_IDLE_DAYS', Math.min(14, sessionTtlDays), 1);
  if (sessionIdleDays > sessionTtlDays) {
    throw new Error(`SESSION_IDLE_DAYS (${sessionIdleDays}) must not be more than SESSION_TTL_DAYS (${sessionTtlDays})`);
  }
  const databaseUrl = env.DATABASE_URL ?? 'sqlite:./var/roster.db';
  const secret = loadSecretKey(env, databaseUrl);
  const host = env.HOST ?? '127.0.0.1';
  const metricsPort = env.METRICS_PORT === undefined || env.METRICS_PORT === '' ? null : integer(env, 'METRICS_PORT', 0, 1);
  if (metricsPort !== null && (metricsPort > 65535 || metricsPort === port)) {
    throw new Error(`METRICS_PORT must be a port from 1 to 65535 other than PORT (got "${env.METRICS_PORT}")`);
  }
  return {
    port,
    host,
    metricsPort,
    metricsHost: env.METRICS_HOST ?? host,
    baseUrl,
    databaseUrl,
    sqliteGroupCommit: groupCommit === 'on',
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1),
    databaseConnectTimeoutMs: integer(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5000, 1),
    databaseStatementTimeoutMs: integer(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 30000, 1),
    shutdownTimeoutSeconds: integer(env, 'SHUTDOWN_TIMEOUT_S', 10, 1),
    mailUrl: env.MAIL_URL ?? 'file:./var/mail',
    mailFrom: env.MAIL_FROM ?? `Roster <no-reply@${new URL(baseUrl).hostname}>`,
    invitationTtlHours: integer(env, 'INVITATION_TTL_HOURS', 168, 1),
    // RATE_LIMITS=off lifts the daily limits on invitations and companies too.
    invitationsPerCompanyPerDay: daily(env, rateLimits, 'INVITATIONS_PER_COMPANY_PER_DAY', 500),
    invitationsPerUserPerDay: daily(env, rateLimits, 'INVITATIONS_PER_USER_PER_DAY', 500),
    invitationsPerRecipientPerDay: daily(env, rateLimits, 'INVITATIONS_PER_RECIPIENT_PER_DAY', 10),
    companiesPerUserPerDay: daily(env, rateLimits, 'COMPANIES_PER_USER_PER_DAY', 10),
    joinsPerUserPerDay: daily(env, rateLimits, 'JOINS_PER_USER_PER_DAY', 10),
    joinsPerCompanyPerDay: daily(env, rateLimits, 'JOINS_PER_COMPANY_PER_DAY', 200),
    dnsServers: dnsServers(env),
    logLevel: env.LOG_LEVEL ?? 'info',
    rateLimits: rateLimits === 'on',
    loginAttemptsPerWindow: integer(env, 'LOGIN_ATTEMPTS_PER_15_MIN', 10, 1),
    tokenAttemptsPerMinute: integer(env, 'TOKEN_ATTEMPTS_PER_MIN', 60, 1),
    passwordResetsPerHour: integer(env, 'PASSWORD_RESETS_PER_HOUR', 5, 1),
    sessionTtlDays,
    sessionIdleDays,
    mailClaimSeconds: integer(env, 'MAIL_CLAIM_SECONDS', 60, 1),
    webhookClaimSeconds: integer(env, 'WEBHOOK_CLAIM_SECONDS', 60, 1),
    webhooksAllowPrivate: flag(env, 'WEBHOOKS_ALLOW_PRIVATE'),
    redisUrl: redisUrl(env),
    responseCacheBytes: integer(env, 'RESPONSE_CACHE_MB', 32) * 1024 * 1024,
    secretKey: secret.key,
    secretKeySource: secret.source,
    trustProxy: trustProxy(env),
  };
}
