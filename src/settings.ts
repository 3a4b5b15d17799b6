/**
 * The settings the operations read, below both the configuration that fills them from the
 * environment (src/config.ts) and the commands that read them: neither imports the other.
 */

/** Settings the commands read; src/config.ts reads them from the environment (API.md "Configuration"). */
export interface CommandSettings {
  baseUrl: string;
  invitationTtlHours: number;
  invitationsPerCompanyPerDay: number;
  /** A session's absolute lifetime, from sign-in (SESSION_TTL_DAYS). */
  sessionTtlDays: number;
  /** Seals the bodies of queued mail (src/mail/outbox.ts): SECRET_KEY or the key file. */
  secretKey: Buffer;
  /** Invitation mails one person may send per 24 hours, across all their companies. */
  invitationsPerUserPerDay: number;
  /** Invitation mails one address may get per 24 hours, from all companies. */
  invitationsPerRecipientPerDay: number;
  /** Companies one person may make per 24 hours. */
  companiesPerUserPerDay: number;
  /**
   * The DNS servers that verify a company's domain (DNS_SERVERS: `host` or `host:port`, IPv6 as
   * `[addr]:port`); unset or empty: the system's resolvers.
   */
  dnsServers?: readonly string[];
  /** Joins by domain, direct or requested, one person may make per 24 hours (default 10). */
  joinsPerUserPerDay?: number;
  /** Joins by domain, direct or requested, one company may take per 24 hours (default 200). */
  joinsPerCompanyPerDay?: number;
  /**
   * WEBHOOKS_ALLOW_PRIVATE: webhooks may go to private, loopback and link-local addresses (a
   * receiver on the same host or network). Off by default: a company's URL must not reach them.
   */
  webhooksAllowPrivate?: boolean;
}

/** What RATE_LIMITS=off sets each daily limit to: nothing is counted (src/commands/daily-limits.ts). */
export const UNLIMITED = Number.MAX_SAFE_INTEGER;
