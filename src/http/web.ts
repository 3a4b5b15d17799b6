import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

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
 * Serves the built page (PRODUCT.md §5) from the same origin as the API, so that the session
 * cookie and the CSRF check work unchanged. Any GET outside `/api/` that names no file answers
 * `index.html` (the page's own links: `/invitations/<token>`, `/verify-email/<token>`, …); an
 * unknown `/api/` path keeps the API's 404 problem. Without a build, nothing is registered.
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
    if (request.url === '/api' || request.url.startsWith('/api/')) {
      reply.callNotFound();
      return reply;
    }
    return reply.sendFile('index.html');
  });
}
