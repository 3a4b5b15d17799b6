import type { FastifyReply } from 'fastify';
import { z } from 'zod';

/** A response body as the route's serialiser would make it: zod's encode, then JSON. */
export function serialize<S extends z.ZodType>(schema: S, value: z.output<S>): string {
  return JSON.stringify(z.encode(schema, value));
}

/** Sends a body serialised ahead of time: Fastify sends a string with a JSON content type as it is. */
export function sendSerialized(reply: FastifyReply, body: string): FastifyReply {
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
  readonly #entries = new Map<string, string>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The body remembered under `key`, or the one `produce` makes, remembered if it fits. */
  async body(key: string, produce: () => Promise<string>): Promise<string> {
    const found = this.#entries.get(key);
    if (found !== undefined) {
      // Map keeps insertion order: moving the entry to the end makes the first one the least recently used.
      this.#entries.delete(key);
      this.#entries.set(key, found);
      return found;
    }
    const body = await produce();
    this.#remember(key, body);
    return body;
  }

  /** How many bodies it holds and their size (UTF-16 code units, about the bytes V8 keeps). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.#entries.size, bytes: this.#bytes };
  }

  #remember(key: string, body: string): void {
    const bytes = key.length + body.length;
    if (bytes > this.#maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= key.length + previous.length;
    }
    this.#entries.set(key, body);
    this.#bytes += bytes;
    for (const [oldKey, oldBody] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldKey);
      this.#bytes -= oldKey.length + oldBody.length;
    }
  }
}
