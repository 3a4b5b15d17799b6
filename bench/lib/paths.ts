import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This file runs from dist/bench/lib/ once built. */
const here = dirname(fileURLToPath(import.meta.url));

/** The repository's root folder. */
export const REPO_ROOT = resolve(here, '../../..');

/** The built suite, whose workers run as child processes. */
export const BENCH_DIST = resolve(here, '..');

/** The built `roster` command. */
export const ROSTER_MAIN = join(REPO_ROOT, 'dist/src/cli/main.js');

/** Where each run writes its JSON (git-ignored). */
export const RESULTS_DIR = join(REPO_ROOT, 'bench/results');

/** A built worker script of the suite. */
export const workerScript = (name: string): string => join(BENCH_DIST, 'workers', `${name}.js`);
