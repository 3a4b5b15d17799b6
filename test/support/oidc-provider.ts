import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** What a test account's ID token says about the person. */
export interface TestAccount {
  email: string;
  email_verified: boolean;
  name?: string;
}

/** A real OpenID Provider (oidc-provider 8) on 127.0.0.1, with one confidential client. */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider's accounts by subject (the login typed in its sign-in form); a test adds its own. */
  accounts: Map<string, TestAccount>;
  /** How long a code lives, in seconds (60 by default): an expired code's test shortens it. */
  codeTtl: { seconds: number };
  close(): Promise<void>;
}

/**
 * Starts oidc-provider on 127.0.0.1 at a free port: the client `roster` (client_secret_basic,
 * the authorization code flow with PKCE required, `redirectUris` registered), the `email` and
 * `profile` claims, and its development sign-in and consent pages (devInteractions), which take any
 * login as the subject and any password.
 */
export async function startOidcProvider(redirectUris: string[]): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, TestAccount>();
  const codeTtl = { seconds: 60 };
  const clientId = 'roster';
  const clientSecret = 'roster-client-secret-for-tests';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      return Promise.resolve(account ? { accountId: sub, claims: () => Promise.resolve({ sub, ...account }) } : undefined);
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true, methods: ['S256'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['oidc-provider-test-key'] },
    // Every lifetime named, which also keeps the provider from logging a notice for each default.
    ttl: { AuthorizationCode: () => codeTtl.seconds, AccessToken: 600, IdToken: 600, Grant: 600, Session: 600, Interaction: 600 },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    codeTtl,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** A browser's cookies, as far as the provider's redirects need them. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const equals = pair.indexOf('=');
      this.cookies.set(pair.slice(0, equals), pair.slice(equals + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Goes through the provider as a browser would, over HTTP, from Roster's authorization URL to the
 * redirect back to Roster, and answers that URL (Roster's callback with `code` and `state`, or
 * `error`). `login`: signs in as that subject and consents; `deny`: cancels at the sign-in form.
 */
export async function throughProvider(authorizationUrl: string, as: { login: string } | 'deny'): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  const origin = url.origin;
  for (let step = 0; step < 12; step++) {
    if (url.origin !== origin) return url;
    let response: Response;
    const interaction = /^\/interaction\/[^/]+$/.exec(url.pathname);
    if (interaction) {
      const page = await fetch(url, { headers: { cookie: jar.header() }, redirect: 'manual' });
      jar.take(page);
      const html = await page.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (as === 'deny') {
        response = await fetch(new URL(`${url.pathname}/abort`, origin), { headers: { cookie: jar.header() }, redirect: 'manual' });
      } else {
        const form: Record<string, string> = prompt === 'login' ? { prompt, login: as.login, password: 'any' } : { prompt: prompt ?? 'consent' };
        response = await fetch(url, {
          method: 'POST',
          headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
          redirect: 'manual',
        });
      }
    } else {
      response = await fetch(url, { headers: { cookie: jar.header() }, redirect: 'manual' });
    }
    jar.take(response);
    const location = response.headers.get('location');
    if (!location) throw new Error(`the provider answered ${response.status} at ${url.pathname} without a redirect: ${(await response.text()).slice(0, 300)}`);
    url = new URL(location, url);
  }
  throw new Error('the provider redirected too many times');
}
