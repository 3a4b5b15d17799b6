import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { DomainError } from '../domain/errors.js';
import type { App } from './app.js';
import type { Services } from './services.js';

type Limiter = ReturnType<App['createRateLimit']>;

/** A preHandler that refuses with 429 RATE_LIMITED and Retry-After once any of the limiters is exceeded. */
function limitedBy(limiters: Limiter[]): preHandlerAsyncHookHandler[] {
  if (limiters.length === 0) return [];
  return [
    async (request) => {
      for (const limiter of limiters) {
        const outcome = await limiter(request);
        if (!outcome.isAllowed && outcome.isExceeded) {
          throw new DomainError('RATE_LIMITED', `Too many attempts; try again in ${outcome.ttlInSeconds} s`, {
            retryAfterSeconds: outcome.ttlInSeconds,
          });
        }
      }
    },
  ];
}

/**
 * Route rate limits (§6): sign-in attempts per address and per account, sign-ups per address, and
 * guesses of secret tokens per address. `RATE_LIMITS=off` turns them all off.
 *
 * Every key names its limit: the counters are shared (by every route that calls this, and by every
 * process on the database or Redis), so the address limits must not count into one another.
 */
export function rateLimitHooks(app: App, { config }: Services) {
  if (!config.rateLimits) return { signIn: [], signUp: [], tokenGuesses: [] };
  const window = '15 minutes';
  // The plugin's own address key: IPv6 addresses count by their /64.
  const address = (limit: string) => (request: FastifyRequest) => `${limit}:address:${normalizeIP(request.ip)}`;
  // The account whose password is tried: the signed-in user (confirming a transfer), or the email.
  const account = (request: FastifyRequest) => {
    if (request.userId) return `sign-in:user:${request.userId}`;
    const body = request.body as { email?: unknown } | undefined;
    return `sign-in:account:${typeof body?.email === 'string' ? body.email.trim().toLowerCase() : normalizeIP(request.ip)}`;
  };
  return {
    signIn: limitedBy([
      app.createRateLimit({ max: config.loginAttemptsPerWindow * 5, timeWindow: window, keyGenerator: address('sign-in') }),
      app.createRateLimit({ max: config.loginAttemptsPerWindow, timeWindow: window, keyGenerator: account }),
    ]),
    signUp: limitedBy([
      app.createRateLimit({ max: config.loginAttemptsPerWindow * 2, timeWindow: window, keyGenerator: address('sign-up') }),
    ]),
    tokenGuesses: limitedBy([
      app.createRateLimit({ max: config.tokenAttemptsPerMinute, timeWindow: '1 minute', keyGenerator: address('token') }),
    ]),
  };
}
