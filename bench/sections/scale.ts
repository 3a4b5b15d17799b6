import { createBenchDatabase, settle, type BenchDatabase } from '../lib/database.js';
import { generate, type Fixture } from '../lib/generate.js';
import { residentMemoryOf, runWorker } from '../lib/child.js';
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

/** One export of every member of the big company, downloaded by one client from a fresh `roster serve`. */
export interface ExportFigure {
  format: 'csv' | 'jsonl';
  seconds: number;
  bytes: number;
  rows: number;
  /** The server's resident memory once started and idle, and its peak by the end of the export (Linux), or null. */
  idleMemoryBytes: number | null;
  peakMemoryBytes: number | null;
}

/** The figures at one size. */
export interface ScaleFigures extends ScaleWorkerOutput {
  members: number;
  counts: Fixture['counts'];
  generateSeconds: number;
  databaseBytes: number;
  server: ScaleServerFigures;
  exports: ExportFigure[];
}

/** A signed-in session of the big company's owner, made on the bench database. */
async function ownerCookie(database: BenchDatabase, fixture: Fixture): Promise<string> {
  const db = database.open();
  try {
    return await sessionCookie(db, fixture.ownerId);
  } finally {
    await db.close();
  }
}

/**
 * The members export (GET …/members/export) of the whole big company, each format from a server
 * of its own, so that its peak memory above idle is the export's: the body is counted as it
 * arrives and dropped, as a client saving it to disk would.
 */
async function measureExports(database: BenchDatabase, fixture: Fixture): Promise<ExportFigure[]> {
  const cookie = await ownerCookie(database, fixture);
  const figures: ExportFigure[] = [];
  for (const format of ['csv', 'jsonl'] as const) {
    const server = await startRoster(database);
    try {
      // Let the server settle after start-up before its idle memory is read.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const idleMemoryBytes = residentMemoryOf(server.pid);
      const start = process.hrtime.bigint();
      const response = await fetch(`${server.url}/api/v1/companies/${fixture.companyId}/members/export?format=${format}`, { headers: { cookie } });
      if (!response.ok || !response.body) throw new Error(`the ${format} export answered ${response.status}: ${await response.text()}`);
      let bytes = 0;
      let rows = 0;
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        for (const byte of chunk) if (byte === 10) rows++;
      }
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // CSV's header row is a line of its own.
      figures.push({ format, seconds, bytes, rows: format === 'csv' ? rows - 1 : rows, idleMemoryBytes, peakMemoryBytes: server.peakMemoryBytes() });
    } finally {
      await server.stop();
    }
  }
  return figures;
}

/**
 * The server as deployed, on the data set: the owner's reads of the worker (the members list, a
 * common and a one-match search, a team filter, member details), with every tenth request changing
 * a member's team roles so that pages are rebuilt as well as remembered; its peak memory is the
 * "server memory" of the targets.
 */
async function measureServer(settings: BenchSettings, database: BenchDatabase, fixture: Fixture): Promise<ScaleServerFigures> {
  const cookie = await ownerCookie(database, fixture);
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
      progress(`scale: the members export at ${members} members, CSV and JSON Lines`);
      const exports = await measureExports(database, fixture);
      figures.push({ members, counts: fixture.counts, generateSeconds, databaseBytes, ...output, server, exports });
    } finally {
      await database.drop();
    }
  }
  return figures;
}
