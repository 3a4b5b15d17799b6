import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { normalizeEmail } from '../domain/normalize.js';
import { emailOfChallenge } from '../queries/two-factor.js';
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
 * Route rate limits (§6): sign-in attempts per address and per target account, sign-ups per address,
 * password-reset requests per address and per account asked for, guesses of secret tokens per address,
 * and asks to join a company by domain per address. `RATE_LIMITS=off` turns them all off.
 *
 * Every key names its limit: the counters are shared (by every route that calls this, and by every
 * process on the database or Redis), so the address limits must not count into one another.
 */
export function rateLimitHooks(app: App, { config, db }: Services) {
  if (!config.rateLimits) return { signIn: [], secondStep: [], passwordConfirmation: [], signUp: [], tokenGuesses: [], passwordReset: [], joins: [] };
  const window = '15 minutes';
  // The plugin's own address key: IPv6 addresses count by their /64.
  const address = (limit: string) => (request: FastifyRequest) => `${limit}:address:${normalizeIP(request.ip)}`;
  // The account whose password is tried, whoever asks: a caller's own session or Bearer token
  // must not move the guesses against another account into a bucket of their own.
  const emailInBody = (limit: string) => (request: FastifyRequest) => {
    const body = request.body as { email?: unknown } | undefined;
    // The route's schema has already normalised it; normalised again so that the key never depends on that.
    return `${limit}:account:${typeof body?.email === 'string' ? normalizeEmail(body.email) : ''}`;
  };
  const signedInUser = (request: FastifyRequest) => `sign-in:user:${request.userId ?? ''}`;
  // The second step of a two-step sign-in counts against the account its challenge belongs to,
  // in the same bucket as the password step.
  const challengeAccount = async (request: FastifyRequest) => {
    const body = request.body as { challenge?: unknown } | undefined;
    const email = typeof body?.challenge === 'string' ? await emailOfChallenge(db, body.challenge) : undefined;
    return `sign-in:account:${email ?? ''}`;
  };
  const passwordTries = (account: (request: FastifyRequest) => string | Promise<string>) =>
    limitedBy([
      app.createRateLimit({ max: config.loginAttemptsPerWindow * 5, timeWindow: window, keyGenerator: address('sign-in') }),
      app.createRateLimit({ max: config.loginAttemptsPerWindow, timeWindow: window, keyGenerator: account }),
    ]);
  return {
    /** Signing in: counted per address and per the account named by the email in the body. */
    signIn: passwordTries(emailInBody('sign-in')),
    /** The code of a two-step sign-in: per address, and per the account of the challenge, counted with the password step's. */
    secondStep: passwordTries(challengeAccount),
    /** A signed-in user confirming with their password (an ownership transfer): per address and per that user. */
    passwordConfirmation: passwordTries(signedInUser),
    signUp: limitedBy([
      app.createRateLimit({ max: config.loginAttemptsPerWindow * 2, timeWindow: window, keyGenerator: address('sign-up') }),
    ]),
    /**
     * Asking for a password-reset mail: per the email asked for, whether or not it has an account
     * (so that the limit does not tell), and per address.
     */
    passwordReset: limitedBy([
      app.createRateLimit({ max: config.passwordResetsPerHour * 4, timeWindow: '1 hour', keyGenerator: address('password-reset') }),
      app.createRateLimit({ max: config.passwordResetsPerHour, timeWindow: '1 hour', keyGenerator: emailInBody('password-reset') }),
    ]),
    /**
     * Asking to join a company by domain, refused or not: per address, so that one address cannot
     * probe which companies let which domains in with account after account (each account has its
     * own daily limit in the command).
     */
    joins: limitedBy([
      app.createRateLimit({ max: (config.joinsPerUserPerDay ?? 10) * 3, timeWindow: '1 hour', keyGenerator: address('join') }),
    ]),
    tokenGuesses: limitedBy([
      app.createRateLimit({ max: config.tokenAttemptsPerMinute, timeWindow: '1 minute', keyGenerator: address('token') }),
    ]),
  };
}
