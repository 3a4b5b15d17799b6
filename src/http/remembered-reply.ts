import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Encoding, Representation } from '../queries/response-cache.js';

/** The encoding to send `request`: gzip when its `Accept-Encoding` accepts it, otherwise the body as it is. */
export function encodingFor(request: FastifyRequest): Encoding {
  const accepted = request.headers['accept-encoding'];
  return typeof accepted === 'string' && negotiate(accepted, ['gzip']) === 'gzip' ? 'gzip' : 'identity';
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
