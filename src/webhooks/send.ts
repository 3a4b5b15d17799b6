import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressesOf } from '../dns/resolver.js';
import { refusedAddressKind } from './addresses.js';

/** A webhook request's whole life, from the DNS lookup to the last byte read (API.md "Webhooks"). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** The most of an answer's body kept for the delivery log. */
export const RESPONSE_BODY_BYTES = 1024;

/** How one attempt went. */
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** The first 1 KB of the answer's body, as UTF-8 text. */
  responseBody: string | null;
}

export interface SendOptions {
  /** WEBHOOKS_ALLOW_PRIVATE: private, loopback and link-local addresses may be reached. */
  allowPrivate: boolean;
  /** DNS_SERVERS: the resolvers to ask (the system's when unset). */
  dnsServers?: readonly string[];
  timeoutMs?: number;
}

/** `promise`, or the abort's reason once `signal` aborts first (the system's resolver cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    promise.then(resolve, reject);
  });
}

/**
 * POSTs one webhook. The host is resolved first and every address it has is checked
 * (`refusedAddressKind`) unless private ones are allowed; the connection then goes to the first
 * address checked, pinned (no second lookup that a DNS answer could rebind). Redirects are not
 * followed (a 3xx is a failure like any answer outside 2xx). The whole attempt has `timeoutMs`;
 * at most 1 KB of the answer is read. Never throws: a failure is an outcome.
 */
export async function sendWebhook(url: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<AttemptOutcome> {
  const started = performance.now();
  const signal = AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    const addresses = await untilAborted(addressesOf(host, options.dnsServers, signal), signal);
    if (!options.allowPrivate) {
      for (const address of addresses) {
        const kind = refusedAddressKind(address);
        if (kind !== null) throw new Error(`refused: ${host} resolves to ${address} (${kind}); WEBHOOKS_ALLOW_PRIVATE is off`);
      }
    }
    const address = addresses[0] ?? '';
    const family = isIP(address);
    const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
      if (lookupOptions.all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const response = await new Promise<{ statusCode: number; body: string }>((resolve, reject) => {
      const req = send(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Roster-Webhooks/1' },
          lookup: pinned,
          signal,
          agent: false,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const finish = () => {
            resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_BYTES).toString('utf8') });
            res.destroy();
          };
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            size += chunk.length;
            // Enough for the log: the rest of the answer is not read.
            if (size >= RESPONSE_BODY_BYTES) finish();
          });
          res.on('end', finish);
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return { ok, statusCode: response.statusCode, durationMs: elapsed(), error: ok ? null : `answered ${response.statusCode}`, responseBody: response.body };
  } catch (error) {
    const message =
      signal.aborted ? `no answer within ${(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS) / 1000} s` : error instanceof Error ? error.message : String(error);
    return { ok: false, statusCode: null, durationMs: elapsed(), error: message.slice(0, 1000), responseBody: null };
  }
}
