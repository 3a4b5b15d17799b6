import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Whether the server and the page are built (`npm run build`: `npm test` builds first, `npm run
 * test:watch` does not). Without a build, the tests of `what` that need one are skipped with a
 * visible message, except under CI=true, where a missing build is a failure.
 */
export function built(what: string): boolean {
  const missing = ['dist/src/cli/main.js', 'web/dist/index.html'].filter((file) => !existsSync(join(ROOT, file)));
  if (missing.length === 0) return true;
  return unavailable(`${missing.join(' and ')} missing: run \`npm run build\` first`, what);
}

/** Reports tests that cannot run here: a failure under CI=true, else a visible warning (and false). */
export function unavailable(message: string, what: string): false {
  if (process.env.CI === 'true') throw new Error(`${message}; CI needs the ${what} tests.`);
  console.warn(`\n  ⚠  ${message}. The ${what} tests are SKIPPED.\n`);
  return false;
}
