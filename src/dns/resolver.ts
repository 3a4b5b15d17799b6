import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

/** How long one query waits for an answer, and how often it is sent, before the lookup fails. */
const TIMEOUT_MS = 1500;
const TRIES = 2;

/** A resolver asking `servers` (DNS_SERVERS), or the system's resolvers when there are none. */
export function resolverFor(servers: readonly string[] | undefined): Resolver {
  const resolver = new Resolver({ timeout: TIMEOUT_MS, tries: TRIES });
  if (servers !== undefined && servers.length > 0) resolver.setServers([...servers]);
  return resolver;
}

/**
 * Every address of `host`: itself when it is one; else its A and AAAA records from `servers`
 * (DNS_SERVERS), or, without them, what the system's resolver answers (`/etc/hosts` included).
 * Throws when the name has none. `signal` cancels the queries.
 */
export async function addressesOf(host: string, servers: readonly string[] | undefined, signal: AbortSignal): Promise<string[]> {
  if (isIP(host) !== 0) return [host];
  if (servers === undefined || servers.length === 0) {
    const found = await lookup(host, { all: true, verbatim: true });
    return found.map((entry) => entry.address);
  }
  const resolver = resolverFor(servers);
  signal.addEventListener('abort', () => resolver.cancel(), { once: true });
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
  const found = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
  if (found.length === 0) {
    const reason = v4.status === 'rejected' ? (v4.reason as { code?: string }).code : undefined;
    throw new Error(`${host} did not resolve${reason ? ` (${reason})` : ''}`);
  }
  return found;
}
