import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { isPagePath } from './page-paths.js';

/**
 * The page's Content-Security-Policy: its scripts, styles, images and API calls come from its own
 * origin only, and no inline script runs (Vite's build has none). Inline `<style>` elements are
 * allowed (`style-src-elem`), as on GitHub: Radix's dialogs lock the page's scroll with a `<style>`
 * element they insert (react-remove-scroll), whose text follows the scrollbar's width, so no hash
 * fits it; a style runs no code. `style` attributes in markup stay refused (`style-src`); React sets
 * them through the DOM, which CSP does not restrict. `data:` images for QR codes.
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-elem 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The API's answers are data, never a document: nothing may load from them or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The policy for a request's URL: the API's under `/api`, the page's elsewhere. */
export const contentSecurityPolicyFor = (url: string): string =>
  url === '/api' || url.startsWith('/api/') || url.startsWith('/api?') ? API_CONTENT_SECURITY_POLICY : PAGE_CONTENT_SECURITY_POLICY;

/**
 * Where `vite build` writes the page: `web/dist` at the project root, found from this file both
 * when it runs from `src/http` (tests) and from the build in `dist/src/http`.
 */
function builtPageDirectory(): string | null {
  for (const relative of ['../../web/dist/', '../../../web/dist/']) {
    const directory = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${directory}index.html`)) return directory;
  }
  return null;
}

/**
 * Serves the built page (RULES.md §5) from the same origin as the API, so that the session
 * cookie and the CSRF check work unchanged. A GET of one of the page's own paths (PAGE_PATHS, the
 * list the page routes by: `/invitations/<token>`, `/companies/<id>/members`, …) answers
 * `index.html`; every other path that is not a built file — `/metrics`, `/assets/nope.js`,
 * `/favicon.ico`, an unknown `/api/` path — is the API's 404 problem, so that a probe or a missing
 * file is never answered 200 with a page. Without a build, nothing is registered.
 */
export default async function webPage(scope: FastifyInstance): Promise<void> {
  const root = builtPageDirectory();
  if (root === null) return;
  // The page and its files are public: the page itself asks the API who is signed in.
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, public: true };
  });
  await scope.register(fastifyStatic, {
    root,
    // One route per built file, so that the fallback below can take every other path.
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      // Vite puts a content hash in every asset name; index.html must always be asked afresh.
      void reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  scope.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (!isPagePath(request.url.split('?')[0] ?? '')) {
      reply.callNotFound();
      return reply;
    }
    return reply.sendFile('index.html');
  });
}
