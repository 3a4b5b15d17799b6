import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/**
 * How a body is sent: as it is, or gzip-compressed for a client whose `Accept-Encoding` takes gzip
 * (every browser): a members page gzipped is about a quarter of its JSON (docs/PERFORMANCE.md). It
 * is compressed once and kept so, not at every request.
 */
export type Encoding = 'identity' | 'gzip';

/**
 * Where a body is remembered: the `scope` whose data it shows (a company), the `revision` of that
 * data it was made from (read afresh in the same request), and everything else it depends on
 * (`variant`: who asks, and what).
 */
export interface CacheKey {
  scope: string;
  revision: number;
  variant: string;
}

/** A serialised body, the scope it shows, its entity tag (a hash of the bytes themselves), and its gzipped bytes once asked for. */
interface Remembered {
  scope: string;
  body: string;
  etag: string;
  gzipped?: Buffer;
}

/** The bodies held for one scope: all made from one revision of it. */
interface ScopeHeld {
  revision: number;
  keys: Set<string>;
}

/** One encoding of a remembered body, as it is sent, with its own tag (gzipped bytes are another representation). */
export interface Representation {
  bytes: string | Buffer;
  etag: string;
  encoding: Encoding;
}

/** A body to remember, with its entity tag. */
function entryOf(scope: string, body: string): Remembered {
  return { scope, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/**
 * Serialised response bodies of this process, least recently used first out once they hold more
 * than `maxBytes`. Correctness is the key's business: it must name everything the body depends on,
 * its revision read afresh from the database in the same request, so that an entry is never found
 * once what it shows has changed (the members list: `MembersPages` in src/queries/members.ts).
 *
 * A body made from a new revision of its scope lets go at once of that scope's bodies of every other
 * revision. Each change makes a new, random revision, and every request reads the revision afresh, so
 * those are not asked for again (but by a request that read the revision just before a change, which
 * then makes its page again). Kept until the least recently used reached them, they filled the
 * budget under a steady trickle of changes and, let go late, grew V8's old generation (the server's
 * peak memory under reads with some writes; docs/PERFORMANCE.md). A body's
 * gzipped bytes are made the first time a client asks for them, and then kept (and counted) with it.
 */
export class ResponseCache {
  readonly #entries = new Map<string, Remembered>();
  readonly #scopes = new Map<string, ScopeHeld>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The body remembered under `key`, if any, in `encoding`. */
  find(key: CacheKey, encoding: Encoding): Representation | undefined {
    const name = nameOf(key);
    const found = this.#entries.get(name);
    if (found === undefined) return undefined;
    // Map keeps insertion order: moving the entry to the end makes the first one the least recently used.
    this.#entries.delete(name);
    this.#entries.set(name, found);
    return this.#represent(name, found, encoding);
  }

  /** The body remembered under `key`, or the one `produce` makes (remembered if it fits), in `encoding`. */
  async get(key: CacheKey, encoding: Encoding, produce: () => Promise<string>): Promise<Representation> {
    const found = this.find(key, encoding);
    if (found !== undefined) return found;
    const made = entryOf(key.scope, await produce());
    const name = nameOf(key);
    this.#remember(key, name, made);
    return this.#represent(name, made, encoding);
  }

  /** How many bodies it holds, their size (two bytes a character: V8's most for a string; gzipped bytes as they are), and for how many scopes. */
  get size(): { entries: number; bytes: number; scopes: number } {
    return { entries: this.#entries.size, bytes: this.#bytes, scopes: this.#scopes.size };
  }

  #represent(name: string, entry: Remembered, encoding: Encoding): Representation {
    if (encoding === 'identity') return { bytes: entry.body, etag: entry.etag, encoding };
    if (entry.gzipped === undefined) {
      entry.gzipped = gzipSync(entry.body);
      if (this.#entries.get(name) === entry) {
        this.#bytes += entry.gzipped.length;
        this.#evict();
      }
    }
    return { bytes: entry.gzipped, etag: `${entry.etag.slice(0, -1)}-gzip"`, encoding };
  }

  #remember(key: CacheKey, name: string, entry: Remembered): void {
    const held = this.#scopes.get(key.scope);
    if (held !== undefined && held.revision !== key.revision) {
      for (const other of held.keys) this.#forget(other);
    }
    if (sizeOf(name, entry) > this.#maxBytes) return;
    this.#forget(name);
    this.#entries.set(name, entry);
    this.#bytes += sizeOf(name, entry);
    const scope = this.#scopes.get(key.scope) ?? { revision: key.revision, keys: new Set<string>() };
    scope.keys.add(name);
    this.#scopes.set(key.scope, scope);
    this.#evict();
  }

  #evict(): void {
    for (const name of this.#entries.keys()) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#forget(name);
    }
  }

  #forget(name: string): void {
    const entry = this.#entries.get(name);
    if (entry === undefined) return;
    this.#entries.delete(name);
    this.#bytes -= sizeOf(name, entry);
    const held = this.#scopes.get(entry.scope);
    held?.keys.delete(name);
    if (held?.keys.size === 0) this.#scopes.delete(entry.scope);
  }
}

/** A key as one string: scope, revision and variant, unambiguously. */
const nameOf = ({ scope, revision, variant }: CacheKey): string => JSON.stringify([scope, revision, variant]);

const sizeOf = (name: string, { body, etag, gzipped }: Remembered): number =>
  2 * (name.length + body.length + etag.length) + (gzipped?.length ?? 0);
