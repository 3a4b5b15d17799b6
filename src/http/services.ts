import type { Metrics } from '../metrics/metrics.js';
import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '../commands/context.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { DomainError } from '../domain/errors.js';
import { languageFrom, type Language } from '../domain/languages.js';

/** What the HTTP layer hands to commands and queries. */
export interface Services {
  db: Db;
  config: Config;
  now: () => Date;
  /** Wakes the mail worker after a commit that queued mail. */
  mailQueued?: () => void;
  /** Where answered requests are counted (METRICS_PORT); absent, nothing is measured. */
  metrics?: Metrics;
  /** Wakes the webhook worker after a commit that queued a test event or a redelivery. */
  webhooksQueued?: () => void;
}

/** The command context of one request: who asks, with which request id. */
export function contextOf(services: Services, request: FastifyRequest): CommandContext {
  return {
    db: services.db,
    settings: services.config,
    actorId: request.userId,
    requestId: request.id,
    signedInWith: request.authMethod === 'cookie' ? 'session' : request.authMethod === 'bearer' ? 'token' : undefined,
    apiTokenId: request.apiTokenId ?? undefined,
    sessionId: request.sessionId ?? undefined,
    sessionAuthenticatedAt: request.sessionAuthenticatedAt ?? undefined,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    requestLanguage: requestLanguage(request),
    now: services.now,
    mailQueued: services.mailQueued,
    webhooksQueued: services.webhooksQueued,
  };
}

/** The best language of the request's Accept-Language header; undefined without one. */
export function requestLanguage(request: FastifyRequest): Language | undefined {
  const header = request.headers['accept-language'];
  return header === undefined || header.trim() === '' ? undefined : languageFrom(header);
}

/** The signed-in user of a route that requires one (the auth hook has already refused anonymous calls). */
export function userIdOf(request: FastifyRequest): string {
  if (!request.userId) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
  return request.userId;
}
