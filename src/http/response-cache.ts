import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A serialised body and its entity tag, a hash of the bytes themselves. */
export interface Remembered {
  body: string;
  etag: string;
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
 * Sends a remembered body as it is (Fastify sends a string with a JSON content type untouched),
 * or 304 Not Modified to a client that already holds these bytes. `no-cache` makes browsers ask
 * again every time, so the tag saves the download, never the check.
 */
export function sendRemembered(request: FastifyRequest, reply: FastifyReply, { body, etag }: Remembered): FastifyReply {
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(body);
}

/**
 * Serialised response bodies of this process, least recently used first out once they hold more
 * than `maxBytes`. Correctness is the key's business: a key must name everything the body depends
 * on, including a revision read afresh from the database in the same request, so that an entry is
 * never found once what it shows has changed (the members list: src/http/routes/members.ts).
 * Entries of old revisions are never asked for again and simply age out.
 */
export class ResponseCache {
  readonly #entries = new Map<string, Remembered>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The body remembered under `key`, if any. */
  find(key: string): Remembered | undefined {
    const found = this.#entries.get(key);
    if (found !== undefined) {
      // Map keeps insertion order: moving the entry to the end makes the first one the least recently used.
      this.#entries.delete(key);
      this.#entries.set(key, found);
    }
    return found;
  }

  /** The body remembered under `key`, or the one `produce` makes, remembered if it fits. */
  async get(key: string, produce: () => Promise<string>): Promise<Remembered> {
    const found = this.find(key);
    if (found !== undefined) return found;
    const made = remembered(await produce());
    this.#remember(key, made);
    return made;
  }

  /** How many bodies it holds and their size (two bytes a character: V8's most for a string). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.#entries.size, bytes: this.#bytes };
  }

  #remember(key: string, entry: Remembered): void {
    const bytes = sizeOf(key, entry);
    if (bytes > this.#maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= sizeOf(key, previous);
    }
    this.#entries.set(key, entry);
    this.#bytes += bytes;
    for (const [oldKey, oldEntry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldKey);
      this.#bytes -= sizeOf(oldKey, oldEntry);
    }
  }
}

const sizeOf = (key: string, { body, etag }: Remembered): number => 2 * (key.length + body.length + etag.length);
