import type { FastifyRequest } from 'fastify';
import type { App } from './app.js';
import type { Services } from './services.js';

type Hook = ReturnType<App['rateLimit']>;

/**
 * Route rate limits (§6): sign-in attempts per address and per account, and guesses of secret
 * tokens per address. `RATE_LIMITS=off` turns them all off. Each returns preHandler hooks.
 */
export function rateLimitHooks(app: App, { config }: Services) {
  const none: Hook[] = [];
  if (!config.rateLimits) return { signIn: none, tokenGuesses: none, signUp: none };
  const accountKey = (request: FastifyRequest) => {
    const body = request.body as { email?: unknown } | undefined;
    return `account:${typeof body?.email === 'string' ? body.email.trim().toLowerCase() : request.ip}`;
  };
  const window = '15 minutes';
  return {
    signIn: [
      app.rateLimit({ max: config.loginAttemptsPerWindow * 5, timeWindow: window }),
      app.rateLimit({ max: config.loginAttemptsPerWindow, timeWindow: window, keyGenerator: accountKey }),
    ],
    signUp: [app.rateLimit({ max: config.loginAttemptsPerWindow * 2, timeWindow: window })],
    tokenGuesses: [app.rateLimit({ max: config.tokenAttemptsPerMinute, timeWindow: '1 minute' })],
  };
}
