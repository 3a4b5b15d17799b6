import { negotiate } from '@fastify/accept-negotiator';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * How a body is sent: as it is, or gzip-compressed for a client whose `Accept-Encoding` takes gzip
 * (every browser). A members page of 50 rows is ~21 KB of JSON and ~5 KB gzipped: a quarter of the
 * download on every view. It is compressed once (~0.1 ms) and kept so, not at every request.
 */
export type Encoding = 'identity' | 'gzip';

/** The encoding to send `request`: gzip when its `Accept-Encoding` accepts it, otherwise the body as it is. */
export function encodingFor(request: FastifyRequest): Encoding {
  const accepted = request.headers['accept-encoding'];
  return typeof accepted === 'string' && negotiate(accepted, ['gzip']) === 'gzip' ? 'gzip' : 'identity';
}

/** A serialised body, its entity tag (a hash of the bytes themselves), and its gzipped bytes once asked for. */
interface Remembered {
  body: string;
  etag: string;
  gzipped?: Buffer;
}

/** One encoding of a remembered body, as it is sent, with its own tag (gzipped bytes are another representation). */
export interface Representation {
  bytes: string | Buffer;
  etag: string;
  encoding: Encoding;
}

function remembered(body: string): Remembered {
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** Whether an `If-None-Match` header names this tag (weak or strong, in a list, or `*`). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * Sends a remembered body as it is (Fastify sends a string or a Buffer untouched), or 304 Not
 * Modified to a client that already holds these bytes. `no-cache` makes browsers ask again every
 * time, so the tag saves the download, never the check.
 */
export function sendRemembered(request: FastifyRequest, reply: FastifyReply, { bytes, etag, encoding }: Representation): FastifyReply {
  reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'Accept-Encoding');
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  if (encoding === 'gzip') reply.header('content-encoding', 'gzip');
  return reply.type('application/json; charset=utf-8').send(bytes);
}

/**
 * Serialised response bodies of this process, least recently used first out once they hold more
 * than `maxBytes`. Correctness is the key's business: a key must name everything the body depends
 * on, including a revision read afresh from the database in the same request, so that an entry is
 * never found once what it shows has changed (the members list: src/http/routes/members.ts).
 * Entries of old revisions are never asked for again and simply age out. A body's gzipped bytes
 * are made the first time a client asks for them, and then kept (and counted) with it.
 */
export class ResponseCache {
  readonly #entries = new Map<string, Remembered>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The body remembered under `key`, if any, in `encoding`. */
  find(key: string, encoding: Encoding): Representation | undefined {
    const found = this.#entries.get(key);
    if (found === undefined) return undefined;
    // Map keeps insertion order: moving the entry to the end makes the first one the least recently used.
    this.#entries.delete(key);
    this.#entries.set(key, found);
    return this.#represent(key, found, encoding);
  }

  /** The body remembered under `key`, or the one `produce` makes (remembered if it fits), in `encoding`. */
  async get(key: string, encoding: Encoding, produce: () => Promise<string>): Promise<Representation> {
    const found = this.find(key, encoding);
    if (found !== undefined) return found;
    const made = remembered(await produce());
    this.#remember(key, made);
    return this.#represent(key, made, encoding);
  }

  /** How many bodies it holds and their size (two bytes a character: V8's most for a string; gzipped bytes as they are). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.#entries.size, bytes: this.#bytes };
  }

  #represent(key: string, entry: Remembered, encoding: Encoding): Representation {
    if (encoding === 'identity') return { bytes: entry.body, etag: entry.etag, encoding };
    if (entry.gzipped === undefined) {
      entry.gzipped = gzipSync(entry.body);
      if (this.#entries.get(key) === entry) {
        this.#bytes += entry.gzipped.length;
        this.#evict();
      }
    }
    return { bytes: entry.gzipped, etag: `${entry.etag.slice(0, -1)}-gzip"`, encoding };
  }

  #remember(key: string, entry: Remembered): void {
    if (sizeOf(key, entry) > this.#maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= sizeOf(key, previous);
    }
    this.#entries.set(key, entry);
    this.#bytes += sizeOf(key, entry);
    this.#evict();
  }

  #evict(): void {
    for (const [oldKey, oldEntry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldKey);
      this.#bytes -= sizeOf(oldKey, oldEntry);
    }
  }
}

const sizeOf = (key: string, { body, etag, gzipped }: Remembered): number =>
  2 * (key.length + body.length + etag.length) + (gzipped?.length ?? 0);
