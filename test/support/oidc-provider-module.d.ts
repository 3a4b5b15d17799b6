/**
 * The little of oidc-provider 8's API the tests use (the package ships no types; its
 * documentation is lib/helpers/defaults.js): a provider made from an issuer and a configuration,
 * whose `callback()` serves HTTP.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>>;
  }

  export interface Configuration {
    clients: Record<string, unknown>[];
    findAccount(ctx: unknown, sub: string): Promise<Account | undefined>;
    claims?: Record<string, string[] | null>;
    pkce?: { required?: () => boolean; methods?: string[] };
    features?: Record<string, { enabled: boolean }>;
    cookies?: { keys?: string[] };
    ttl?: Record<string, number | ((...args: unknown[]) => number)>;
    renderError?: (ctx: { type: string; body: string }, out: Record<string, unknown>, error: Error) => void;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
