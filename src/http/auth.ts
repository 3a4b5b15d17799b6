import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SESSION_COOKIE, userForApiToken, userForSession } from '../auth/authenticate.js';
import { DomainError } from '../domain/errors.js';
import type { Services } from './services.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, read afresh on every request; null when anonymous. */
    userId: string | null;
    /** How the user signed in: the cookie (subject to CSRF checks) or a Bearer token. */
    authMethod: 'cookie' | 'bearer' | null;
    /** The API token's id when signed in with one. */
    apiTokenId: string | null;
    /** The session's public id, and when it last proved who it is, when signed in with the cookie. */
    sessionId: string | null;
    sessionAuthenticatedAt: string | null;
  }
  interface FastifyContextConfig {
    /** The route answers anonymous callers too (sign-up, invitation preview, health). */
    public?: boolean;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * API.md "Cross-site protection": a cookie-authenticated unsafe request from another site is
 * refused. Browsers send Sec-Fetch-Site; older ones at least Origin. Clients that send neither
 * header are not browsers and cannot carry a victim's cookie.
 */
function isCrossSite(request: FastifyRequest, ownOrigin: string): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.origin;
  return typeof origin === 'string' && origin !== ownOrigin;
}

function authPlugin(app: FastifyInstance, services: Services, done: () => void): void {
  const ownOrigin = new URL(services.config.baseUrl).origin;
  app.decorateRequest('userId', null);
  app.decorateRequest('authMethod', null);
  app.decorateRequest('apiTokenId', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('sessionAuthenticatedAt', null);

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const found = await userForApiToken(services.db, header.slice('Bearer '.length).trim(), services.now());
      request.userId = found?.userId ?? null;
      request.apiTokenId = found?.tokenId ?? null;
      request.authMethod = found ? 'bearer' : null;
    } else {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) {
        const session = await userForSession(services.db, secret, services.now(), services.config.sessionIdleDays * 86_400_000);
        request.userId = session?.userId ?? null;
        request.sessionId = session?.sessionId ?? null;
        request.sessionAuthenticatedAt = session?.authenticatedAt ?? null;
        request.authMethod = session ? 'cookie' : null;
      }
    }
    if (request.authMethod === 'cookie' && UNSAFE_METHODS.has(request.method) && isCrossSite(request, ownOrigin)) {
      throw new DomainError('CSRF_REJECTED', 'This request came from another site');
    }
    if (!request.userId && request.routeOptions.config.public !== true && !request.is404) {
      throw new DomainError('UNAUTHENTICATED', 'Sign in first');
    }
  });
  done();
}

export default fp(authPlugin, { name: 'roster-auth', dependencies: ['@fastify/cookie'] });
