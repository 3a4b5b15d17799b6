import { createBenchDatabase, settle, type BenchDatabase } from '../lib/database.js';
import { generate, type Fixture } from '../lib/generate.js';
import { runWorker } from '../lib/child.js';
import { runLoad, type LoadResult } from '../lib/load.js';
import { progress } from '../lib/output.js';
import { workerScript } from '../lib/paths.js';
import { browserHeaders, roleToggles, sessionCookie, startRoster } from '../lib/roster-server.js';
import type { Timing } from '../lib/stats.js';
import type { BenchSettings, SamplePlan } from '../settings.js';

/** The reads and the removal measured at each size, in the order the table shows them. */
export const SCALE_METRICS = [
  'members list, first page',
  'members list, deep page',
  'search, common name',
  'search, one match',
  'team filter',
  'member details',
  'removal guard',
  'remove from company',
] as const;
export type ScaleMetric = (typeof SCALE_METRICS)[number];

/** What the scale worker is given. */
export interface ScaleWorkerInput {
  url: string;
  fixture: Fixture;
  reads: SamplePlan;
  removals: SamplePlan;
}

/** What the scale worker answers: its figures, and its own peak memory. */
export interface ScaleWorkerOutput {
  timings: Record<ScaleMetric, Timing>;
  /** process.resourceUsage().maxRSS of the worker, in bytes. */
  peakMemoryBytes: number;
}

/** `roster serve` on the same database, loaded over HTTP with the same reads. */
export interface ScaleServerFigures {
  load: LoadResult;
  /** The server's peak resident memory (Linux), or null. */
  peakMemoryBytes: number | null;
}

/** The figures at one size. */
export interface ScaleFigures extends ScaleWorkerOutput {
  members: number;
  counts: Fixture['counts'];
  generateSeconds: number;
  databaseBytes: number;
  server: ScaleServerFigures;
}

/**
 * The server as deployed, on the data set: the owner's reads of the worker (the members list, a
 * common and a one-match search, a team filter, member details), with every tenth request changing
 * a member's team roles so that pages are rebuilt as well as remembered; its peak memory is the
 * "server memory" of the targets.
 */
async function measureServer(settings: BenchSettings, database: BenchDatabase, fixture: Fixture): Promise<ScaleServerFigures> {
  const db = database.open();
  let cookie: string;
  try {
    cookie = await sessionCookie(db, fixture.ownerId);
  } finally {
    await db.close();
  }
  const base = `/api/v1/companies/${fixture.companyId}/members`;
  const reads = [
    `${base}?limit=50`,
    `${base}?limit=50&q=${encodeURIComponent(fixture.commonSearch)}`,
    `${base}?limit=50&q=${encodeURIComponent(fixture.rareSearch)}`,
    `${base}?limit=50&teamId=${fixture.departmentTeamIds[1] ?? fixture.defaultTeamId}`,
    ...fixture.contactPersonIds.slice(0, 5).map((userId) => `${base}/${userId}`),
  ];
  // Members the worker's removals cannot have reached: they take plain members from the start.
  const { warmup, iterations } = settings.scale.removals;
  const toggled = fixture.plainMembers
    .slice(warmup + iterations, warmup + iterations + 200)
    .map(({ userId, departmentTeamId }) => `${base}/${userId}/teams/${departmentTeamId}`);
  const server = await startRoster(database);
  try {
    const load = await runLoad(
      {
        url: server.url,
        connections: settings.http.connections,
        durationSeconds: settings.scale.serverSeconds,
        headers: browserHeaders(cookie),
        reads,
        ...(toggled.length === 0 ? {} : { writes: roleToggles(toggled) }),
      },
      database.dir,
    );
    return { load, peakMemoryBytes: server.peakMemoryBytes() };
  } finally {
    await server.stop();
  }
}

/**
 * §4 of the suite: at each size, generate the data set, then measure its reads and a removal in a
 * fresh process (so that its peak memory is that of a process serving them, not of the generator),
 * then the same reads over HTTP from `roster serve`.
 */
export async function runScale(settings: BenchSettings): Promise<ScaleFigures[]> {
  const figures: ScaleFigures[] = [];
  for (const members of settings.scale.sizes) {
    const { teams, contracts, smallCompanies, reads, removals } = settings.scale;
    const database = await createBenchDatabase(settings, `scale_${members}`);
    try {
      progress(`scale: generating ${members} members, ${teams} teams, ${contracts} contracts, ${smallCompanies} small companies`);
      const db = database.open();
      let fixture: Fixture;
      const start = process.hrtime.bigint();
      try {
        fixture = await generate(db, { members, teams, contracts, smallCompanies });
        await settle(db);
      } finally {
        await db.close();
      }
      const generateSeconds = Number(process.hrtime.bigint() - start) / 1e9;
      const databaseBytes = await database.sizeBytes();
      progress(`scale: measuring at ${members} members (generated in ${generateSeconds.toFixed(1)} s)`);
      const input: ScaleWorkerInput = { url: database.url, fixture, reads, removals };
      const output = await runWorker<ScaleWorkerOutput>(workerScript('scale-reads'), input, database.dir);
      progress(`scale: roster serve at ${members} members, ${settings.http.connections} connections, ${settings.scale.serverSeconds} s`);
      const server = await measureServer(settings, database, fixture);
      figures.push({ members, counts: fixture.counts, generateSeconds, databaseBytes, ...output, server });
    } finally {
      await database.drop();
    }
  }
  return figures;
}
