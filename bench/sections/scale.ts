import { createBenchDatabase, settle } from '../lib/database.js';
import { generate, type Fixture } from '../lib/generate.js';
import { runWorker } from '../lib/child.js';
import { progress } from '../lib/output.js';
import { workerScript } from '../lib/paths.js';
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

/** The figures at one size. */
export interface ScaleFigures extends ScaleWorkerOutput {
  members: number;
  counts: Fixture['counts'];
  generateSeconds: number;
  databaseBytes: number;
}

/**
 * §4 of the suite: at each size, generate the data set, then measure its reads and a removal in a
 * fresh process (so that its peak memory is that of a process serving them, not of the generator).
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
      figures.push({ members, counts: fixture.counts, generateSeconds, databaseBytes, ...output });
    } finally {
      await database.drop();
    }
  }
  return figures;
}
