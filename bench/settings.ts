/**
 * What one run of the suite measures and how hard, read from the environment:
 *
 *   BENCH_SCALE=full|small      full (default): the figures to publish; small: a quick smoke run
 *   BENCH_DATABASE_URL=postgres://user@host:5432
 *                               run on PostgreSQL (the suite creates and drops databases of its own
 *                               on that server); SQLite files otherwise
 *   BENCH_ONLY=operations,limits,http,writes,viewers,scale,scim
 *                               run only these sections (default: all)
 *   BENCH_SIZES=1000,10000,100000  member counts of the scale section
 *   BENCH_CONNECTIONS=20        autocannon connections (bare Fastify and Roster alike)
 *   BENCH_DURATION=10           seconds per HTTP workload
 *   BENCH_DIR=var/bench         where the SQLite files live (same disk as the production default)
 */

export const SECTIONS = ['operations', 'limits', 'http', 'writes', 'viewers', 'scale', 'scim'] as const;
export type Section = (typeof SECTIONS)[number];

/** How many samples a measurement takes, and for how long at most. */
export interface SamplePlan {
  warmup: number;
  iterations: number;
  /** A slow measurement stops after this many seconds, once it has `minSamples`. */
  maxSeconds: number;
  minSamples: number;
}

/** The shape of the generated data set: one big company and many small ones. */
export interface DataShape {
  members: number;
  teams: number;
  contracts: number;
  smallCompanies: number;
}

export interface BenchSettings {
  /** BENCH_SCALE: the figures to publish, or a quick smoke run. */
  mode: 'full' | 'small';
  /** The PostgreSQL server to create databases on, or null for SQLite. */
  postgresServerUrl: string | null;
  sections: ReadonlySet<Section>;
  /** Folder of the SQLite files. */
  dir: string;
  operations: { data: DataShape; writes: SamplePlan; reads: SamplePlan };
  limits: { commits: SamplePlan };
  http: { data: DataShape; connections: number; durationSeconds: number; warmupSeconds: number };
  /** Alternating rounds of the writes section (on the http section's data, durations and warm-up). */
  writes: { rounds: number };
  scale: {
    sizes: number[];
    teams: number;
    contracts: number;
    smallCompanies: number;
    reads: SamplePlan;
    removals: SamplePlan;
    /** Seconds of the same reads (and a tenth writes) over HTTP, for the server's peak memory. */
    serverSeconds: number;
  };
  /** SCIM provisioning: `users` created one request each, `inFlight` at a time, in a company of `data`. */
  scim: { data: DataShape; users: number; inFlight: number };
}

type Env = Record<string, string | undefined>;

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1 (got "${raw}")`);
  return value;
}

function sections(env: Env): Set<Section> {
  const raw = env.BENCH_ONLY;
  if (raw === undefined || raw === '') return new Set(SECTIONS);
  const wanted = raw.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  return new Set(SECTIONS.filter((section) => wanted.includes(section)));
}

function sizes(env: Env, fallback: number[]): number[] {
  const raw = env.BENCH_SIZES;
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map(Number);
  if (values.some((value) => !Number.isInteger(value) || value < 100)) {
    throw new Error(`BENCH_SIZES must be whole numbers ≥ 100, comma-separated (got "${raw}")`);
  }
  return values;
}

function postgresServerUrl(env: Env): string | null {
  const raw = env.BENCH_DATABASE_URL;
  if (raw === undefined || raw === '') return null;
  if (!/^postgres(ql)?:\/\//.test(raw) || !URL.canParse(raw)) {
    throw new Error('BENCH_DATABASE_URL must be a PostgreSQL server URL such as postgres://postgres@127.0.0.1:5432');
  }
  return raw;
}

/** The settings of this run. */
export function loadBenchSettings(env: Env = process.env): BenchSettings {
  const mode = env.BENCH_SCALE ?? 'full';
  if (mode !== 'full' && mode !== 'small') throw new Error(`BENCH_SCALE must be full or small (got "${mode}")`);
  const full = mode === 'full';
  const connections = positiveInteger(env, 'BENCH_CONNECTIONS', full ? 20 : 10);
  return {
    mode,
    postgresServerUrl: postgresServerUrl(env),
    sections: sections(env),
    dir: env.BENCH_DIR ?? 'var/bench',
    operations: {
      data: { members: 1_000, teams: 50, contracts: 500, smallCompanies: 0 },
      writes: full
        ? { warmup: 100, iterations: 1_000, maxSeconds: 60, minSamples: 1_000 }
        : { warmup: 10, iterations: 100, maxSeconds: 30, minSamples: 100 },
      reads: full
        ? { warmup: 2_000, iterations: 20_000, maxSeconds: 20, minSamples: 1_000 }
        : { warmup: 200, iterations: 2_000, maxSeconds: 5, minSamples: 200 },
    },
    limits: {
      commits: full
        ? { warmup: 200, iterations: 3_000, maxSeconds: 20, minSamples: 500 }
        : { warmup: 30, iterations: 300, maxSeconds: 5, minSamples: 100 },
    },
    http: {
      data: full
        ? { members: 10_000, teams: 1_000, contracts: 10_000, smallCompanies: 1_000 }
        : { members: 1_000, teams: 100, contracts: 1_000, smallCompanies: 20 },
      connections,
      durationSeconds: positiveInteger(env, 'BENCH_DURATION', full ? 10 : 2),
      warmupSeconds: full ? 3 : 1,
    },
    writes: { rounds: full ? 3 : 2 },
    scale: {
      sizes: sizes(env, full ? [1_000, 10_000, 100_000] : [300, 1_000]),
      teams: full ? 1_000 : 100,
      contracts: full ? 10_000 : 1_000,
      smallCompanies: full ? 1_000 : 20,
      reads: full
        ? { warmup: 50, iterations: 1_000, maxSeconds: 5, minSamples: 100 }
        : { warmup: 5, iterations: 100, maxSeconds: 2, minSamples: 20 },
      removals: full
        ? { warmup: 20, iterations: 200, maxSeconds: 20, minSamples: 50 }
        : { warmup: 5, iterations: 30, maxSeconds: 5, minSamples: 10 },
      serverSeconds: full ? 10 : 2,
    },
    scim: {
      data: { members: 1_000, teams: 50, contracts: 500, smallCompanies: 0 },
      users: full ? 10_000 : 1_000,
      inFlight: 8,
    },
  };
}
