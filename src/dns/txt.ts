import { DomainError } from '../domain/errors.js';
import { resolverFor } from './resolver.js';

/** Errors that mean the name has no TXT record: it does not exist (NXDOMAIN), or has none (NODATA). */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA']);

/**
 * The TXT records at `name`, each one string (its character-strings joined, RFC 7208 §3.3), from
 * `servers` (DNS_SERVERS) or the system's resolvers. A name without TXT records answers `[]`; a
 * failed lookup (timeout, SERVFAIL, refused) is DNS_LOOKUP_FAILED.
 */
export async function lookupTxt(name: string, servers: readonly string[] | undefined): Promise<string[]> {
  const resolver = resolverFor(servers);
  try {
    const records = await resolver.resolveTxt(name);
    return records.map((chunks) => chunks.join(''));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && NO_RECORD.has(code)) return [];
    const why =
      code === 'ETIMEOUT' ? 'no answer in time' : code === 'ESERVFAIL' ? 'the server failed (SERVFAIL)' : code === 'EREFUSED' ? 'the server refused' : typeof code === 'string' ? code : 'an error';
    throw new DomainError('DNS_LOOKUP_FAILED', `The DNS lookup of ${name} failed: ${why}; try again later`);
  }
}
