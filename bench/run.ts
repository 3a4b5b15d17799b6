import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { mb, ms, num, printTable, progress, ratio } from './lib/output.js';
import { REPO_ROOT, RESULTS_DIR } from './lib/paths.js';
import { runHttp, type HttpFigures } from './sections/http.js';
import { runLimits, type Limits } from './sections/limits.js';
import { runOperations, type OperationFigure } from './sections/operations.js';
import { runScale, SCALE_METRICS, type ScaleFigures } from './sections/scale.js';
import { runScim, type ScimFigures } from './sections/scim.js';
import { runViewers, type ViewerFigures } from './sections/viewers.js';
import { runWrites, type CommitMode, type WritesFigures } from './sections/writes.js';
import { loadBenchSettings, type BenchSettings } from './settings.js';

/**
 * `npm run bench`: Roster's figures next to the limits of the machine, printed as tables and
 * written to bench/results/<time>-<database>-<scale>.json. See bench/README.md and settings.ts.
 */

/** Targets of issue 5, checked against this run's figures. */
interface TargetCheck {
  target: string;
  figure: string;
  met: boolean;
}

interface Results {
  startedAt: string;
  finishedAt?: string;
  commit: string | null;
  database: 'sqlite' | 'postgres';
  mode: BenchSettings['mode'];
  machine: { cpu: string; cores: number; memoryBytes: number; os: string; node: string; loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  settings: Omit<BenchSettings, 'sections' | 'postgresServerUrl'> & { sections: string[]; postgresServer: string | null };
  limits?: Limits;
  operations?: OperationFigure[];
  http?: HttpFigures;
  writes?: WritesFigures;
  viewers?: ViewerFigures;
  scaleFigures?: ScaleFigures[];
  scim?: ScimFigures;
  targets?: TargetCheck[];
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** The settings as JSON can hold them, without any password of the PostgreSQL URL. */
function recorded({ sections, postgresServerUrl, ...rest }: BenchSettings): Results['settings'] {
  const server = postgresServerUrl === null ? null : new URL(postgresServerUrl);
  if (server) server.password = '';
  return { ...rest, sections: [...sections], postgresServer: server?.toString() ?? null };
}

function printLimits(limits: Limits): void {
  const { durableCommits: commits, bareFastify: bare, roundTrips } = limits;
  printTable(
    'Limits of this machine, measured in this run',
    ['limit', 'rate', 'p50 ms', 'p99 ms', 'how'],
    [
      ['durable one-row commit', `${num(commits.opsPerSecond)} /s`, ms(commits.p50Ms), ms(commits.p99Ms), commits.how],
      ...(roundTrips
        ? [['one round trip', `${num(roundTrips.opsPerSecond)} /s`, ms(roundTrips.p50Ms), ms(roundTrips.p99Ms), 'pg, select 1, one after another']]
        : []),
      ['bare Fastify route {}', `${num(bare.requestsPerSecond)} req/s`, ms(bare.p50Ms), ms(bare.p99Ms), `autocannon, ${bare.connections} connections, ${bare.errors} errors`],
    ],
  );
}

function printOperations(figures: readonly OperationFigure[], limits: Limits | undefined, members: number): void {
  printTable(
    `1. Operations in-process, sequential (a company of ${num(members)} members)`,
    ['operation', 'ops/s', 'p50 ms', 'p99 ms', '× durable commit'],
    figures.map(({ name, kind, timing }) => [
      name,
      num(timing.opsPerSecond),
      ms(timing.p50Ms),
      ms(timing.p99Ms),
      kind === 'write' ? ratio(timing.opsPerSecond, limits?.durableCommits.opsPerSecond) : '(a read)',
    ]),
  );
}

function printViewers({ members, connections, figures }: ViewerFigures): void {
  printTable(
    `Viewers: the members page read by many company admins (${num(members)} members, ${connections} connections); pages found = found / (found + built), replayed in-process`,
    ['admins', 'reads per write', 'pages found', 'remembering req/s', 'rebuilding req/s', 'ratio', 'p50 ms (rem. · reb.)', 'errors'],
    figures.map(({ viewers, readsPerWrite, found, built, remembering, rebuilding }) => [
      num(viewers),
      num(readsPerWrite),
      `${num((100 * found) / Math.max(1, found + built), 1)}%`,
      num(remembering.requestsPerSecond),
      num(rebuilding.requestsPerSecond),
      `${num(remembering.requestsPerSecond / rebuilding.requestsPerSecond, 2)}×`,
      `${ms(remembering.p50Ms)} · ${ms(rebuilding.p50Ms)}`,
      num(remembering.errors + rebuilding.errors),
    ]),
  );
}

function printHttp(http: HttpFigures, limits: Limits | undefined): void {
  printTable(
    `3. Over HTTP: roster serve, ${num(http.members)} members, autocannon with ${http.connections} connections`,
    ['workload', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/request', 'errors', 'writes', '× bare Fastify'],
    http.workloads.map(({ name, result }) => [
      name,
      num(result.requestsPerSecond),
      ms(result.p50Ms),
      ms(result.p99Ms),
      result.serverCpuMicrosPerRequest === null ? '—' : num(result.serverCpuMicrosPerRequest),
      num(result.errors),
      result.writes === 0 ? '—' : `${num((result.writes / result.requests) * 100, 1)}%`,
      ratio(result.requestsPerSecond, limits?.bareFastify.requestsPerSecond),
    ]),
  );
  // The first workload is the page as a browser gets it (gzipped); the one asked for plain is marked so.
  const pageAs = { gzip: http.workloads[0], identity: http.workloads.find(({ plain }) => plain) };
  for (const bare of http.bareSameSize) {
    console.log(
      `bare Fastify sending a ready-made body of the members page's ${num(bare.bytes)} bytes (${bare.encoding}): ${num(bare.requestsPerSecond)} req/s ` +
        `(${ratio(bare.requestsPerSecond, limits?.bareFastify.requestsPerSecond)} bare Fastify); ` +
        `the members page sent so is ${ratio(pageAs[bare.encoding]?.result.requestsPerSecond ?? 0, bare.requestsPerSecond)} of it`,
    );
  }
  console.log(`server peak memory: ${mb(http.serverPeakMemoryBytes)}`);
  const check = http.permissionCheck;
  console.log(
    `permission check (${check.questionsPerCall} questions a call, a company API token): ${num(check.requestsPerSecond)} calls/s = ` +
      `${num(check.requestsPerSecond * check.questionsPerCall)} checks/s, p50 ${ms(check.p50Ms)} ms, p99 ${ms(check.p99Ms)} ms, ${num(check.errors)} errors; ` +
      `server CPU ${num(check.serverCpuMicrosPerRequest ?? 0)} µs a call (${num(check.serverCpuMicrosPerRequest === null ? 0 : 1e6 / check.serverCpuMicrosPerRequest * check.questionsPerCall)} checks per CPU-second)`,
  );
  const rates = (results: { requestsPerSecond: number }[]) => results.map(({ requestsPerSecond }) => requestsPerSecond);
  const cpu = (results: { serverCpuMicrosPerRequest: number | null }[]) => results.map(({ serverCpuMicrosPerRequest }) => serverCpuMicrosPerRequest ?? 0);
  const { with: on, without: off } = http.metricsCost;
  const [rateOff, rateOn] = [median(rates(off)), median(rates(on))];
  const [cpuOff, cpuOn] = [median(cpu(off)), median(cpu(on))];
  printTable(
    `Metrics (METRICS_PORT) on the members page: medians of ${on.length} alternating rounds`,
    ['', 'req/s', 'server CPU µs/request', 'rounds (req/s)'],
    [
      ['without', num(rateOff), num(cpuOff), rates(off).map((rate) => num(rate)).join(', ')],
      ['with', num(rateOn), num(cpuOn), rates(on).map((rate) => num(rate)).join(', ')],
      ['cost', `${num(((rateOff - rateOn) / rateOff) * 100, 1)}%`, `${num(((cpuOn - cpuOff) / cpuOff) * 100, 1)}%`, ''],
    ],
  );
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Each mode's medians over the rounds of the writes section, and the median one-row commit rate of those rounds. */
function writesMedians({ rounds }: WritesFigures): { commits: number; modes: { mode: CommitMode; rate: number; p50Ms: number; p99Ms: number }[] } {
  const modes = [...new Set(rounds.flatMap(({ loads }) => loads.map(({ mode }) => mode)))];
  return {
    commits: median(rounds.map(({ durableCommits }) => durableCommits.opsPerSecond)),
    modes: modes.map((mode) => {
      const results = rounds.flatMap(({ loads }) => loads.filter((load) => load.mode === mode).map(({ result }) => result));
      return {
        mode,
        rate: median(results.map(({ requestsPerSecond }) => requestsPerSecond)),
        p50Ms: median(results.map(({ p50Ms }) => p50Ms)),
        p99Ms: median(results.map(({ p99Ms }) => p99Ms)),
      };
    }),
  };
}

function printWrites(figures: WritesFigures): void {
  const rows = figures.rounds.flatMap(({ durableCommits, loads }, round) => [
    [`${round + 1}`, 'durable one-row commit', num(durableCommits.opsPerSecond), '', ms(durableCommits.p50Ms), ms(durableCommits.p99Ms), '', ''],
    ...loads.map(({ mode, result }) => [
      `${round + 1}`,
      mode,
      num(result.requestsPerSecond),
      `${num(result.requestsPerSecond / durableCommits.opsPerSecond, 2)}×`,
      ms(result.p50Ms),
      ms(result.p99Ms),
      num(result.errors),
      num(result.serverCpuMicrosPerRequest ?? 0),
    ]),
  ]);
  const { commits, modes } = writesMedians(figures);
  rows.push(...modes.map(({ mode, rate, p50Ms, p99Ms }) => ['median', mode, num(rate), `${num(rate / commits, 2)}×`, ms(p50Ms), ms(p99Ms), '', '']));
  printTable(
    `Mixed writes over HTTP (team roles, suspend and reinstate), ${figures.connections} in flight, ${num(figures.members)} members: alternating rounds`,
    ['round', 'how it commits', 'writes/s', '× one-row commit', 'p50 ms', 'p99 ms', 'errors', 'server CPU µs/write'],
    rows,
  );
}

function printScale(figures: readonly ScaleFigures[]): void {
  const header = ['p50 / p99 ms', ...figures.map((figure) => `${num(figure.members)} members`)];
  const rows = SCALE_METRICS.map((metric) => [
    metric,
    ...figures.map(({ timings }) => `${ms(timings[metric].p50Ms)} / ${ms(timings[metric].p99Ms)}`),
  ]);
  rows.push(
    ['peak memory (measuring process)', ...figures.map((figure) => mb(figure.peakMemoryBytes))],
    ['roster serve: req/s, 90% these reads, 10% writes', ...figures.map(({ server }) => `${num(server.load.requestsPerSecond)} (${num(server.load.errors)} errors)`)],
    ['roster serve: peak memory', ...figures.map(({ server }) => mb(server.peakMemoryBytes))],
    ['database size', ...figures.map((figure) => mb(figure.databaseBytes))],
    ['team memberships', ...figures.map((figure) => num(figure.counts.teamMemberships))],
    ['generated in', ...figures.map((figure) => `${num(figure.generateSeconds, 1)} s`)],
    ...(['csv', 'jsonl'] as const).map((format) => [
      `members export, ${format}: time · rows · size · server memory idle → peak`,
      ...figures.map(({ exports }) => {
        const figure = exports.find((one) => one.format === format);
        return figure === undefined
          ? '—'
          : `${num(figure.seconds, 2)} s · ${num(figure.rows)} · ${mb(figure.bytes)} · ${mb(figure.idleMemoryBytes)} → ${mb(figure.peakMemoryBytes)}`;
      }),
    ]),
  );
  printTable('4. Scale: one big company, its teams and contracts, and many small companies', header, rows);
}

function printScim(scim: ScimFigures): void {
  printTable(
    `SCIM provisioning: POST /scim/v2/Users one user a request, ${scim.inFlight} in flight, a company of ${num(scim.members)} members`,
    ['users', 'time', 'users/s', 'p50 ms', 'p99 ms', 'failures', 'server CPU', 'server memory idle → peak'],
    [
      [
        num(scim.users),
        `${num(scim.seconds, 1)} s`,
        num(scim.timing.opsPerSecond),
        ms(scim.timing.p50Ms),
        ms(scim.timing.p99Ms),
        num(scim.failures),
        scim.serverCpuSeconds === null ? '—' : `${num(scim.serverCpuSeconds, 1)} s`,
        `${mb(scim.idleMemoryBytes)} → ${mb(scim.peakMemoryBytes)}`,
      ],
    ],
  );
}

/** The targets of issue 5 that this run has the figures for. */
function checkTargets(results: Results): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { limits, operations, http, scaleFigures } = results;
  const writes = operations?.filter((figure) => figure.kind === 'write') ?? [];
  if (limits && writes.length > 0) {
    const slowest = writes.reduce((a, b) => (b.timing.opsPerSecond < a.timing.opsPerSecond ? b : a));
    const share = slowest.timing.opsPerSecond / limits.durableCommits.opsPerSecond;
    checks.push({ target: 'every write ≥ 0.60× the durable-commit rate', figure: `${num(share, 2)}× (${slowest.name})`, met: share >= 0.6 });
  }
  const check = operations?.find((figure) => figure.kind === 'read');
  if (check) {
    checks.push({ target: 'load actor + check permission ≥ 20,000/s', figure: `${num(check.timing.opsPerSecond)}/s`, met: check.timing.opsPerSecond >= 20_000 });
  }
  const page = http?.workloads[0];
  if (limits && page) {
    const share = page.result.requestsPerSecond / limits.bareFastify.requestsPerSecond;
    checks.push({ target: 'members page ≥ 0.25× bare Fastify', figure: `${num(share, 2)}×`, met: share >= 0.25 });
  }
  if (results.writes) {
    const { commits, modes } = writesMedians(results.writes);
    const grouped = modes.find(({ mode }) => mode === 'group commit');
    const alone = modes.find(({ mode }) => mode === 'one commit a write');
    if (grouped) {
      checks.push({ target: 'mixed writes at c = 16 with group commit ≥ the one-row durable-commit rate (issue 21)', figure: `${num(grouped.rate / commits, 2)}×`, met: grouped.rate >= commits });
    }
    if (grouped && alone) {
      checks.push({ target: 'their p99 no worse than one commit a write (issue 21)', figure: `${ms(grouped.p99Ms)} ms against ${ms(alone.p99Ms)} ms`, met: grouped.p99Ms <= alone.p99Ms });
    }
    const errors = results.writes.rounds.reduce((sum, { loads }) => sum + loads.reduce((all, { result }) => all + result.errors, 0), 0);
    checks.push({ target: 'no errors in the mixed writes', figure: num(errors), met: errors === 0 });
  }
  if (http) {
    const errors = http.workloads.reduce((sum, { result }) => sum + result.errors, 0);
    checks.push({ target: 'no HTTP errors', figure: num(errors), met: errors === 0 });
  }
  const largest = scaleFigures?.at(-1);
  if (largest) {
    const at = `at ${num(largest.members)} members`;
    const reads = SCALE_METRICS.filter((metric) => metric !== 'removal guard' && metric !== 'remove from company');
    const worst = reads.reduce((a, b) => (largest.timings[b].p99Ms > largest.timings[a].p99Ms ? b : a));
    const worstP99 = largest.timings[worst].p99Ms;
    checks.push({ target: `every read p99 < 10 ms ${at}`, figure: `${ms(worstP99)} ms (${worst})`, met: worstP99 < 10 });
    const csv = largest.exports.find((figure) => figure.format === 'csv');
    if (csv && csv.idleMemoryBytes !== null && csv.peakMemoryBytes !== null) {
      const above = csv.peakMemoryBytes - csv.idleMemoryBytes;
      checks.push({
        target: `members export as CSV < 5 s, server memory < 50 MB above idle, ${at}`,
        figure: `${num(csv.seconds, 2)} s, ${mb(above)} above idle`,
        met: csv.seconds < 5 && above < 50 * 1024 * 1024,
      });
    }
    const guard = largest.timings['removal guard'].p99Ms;
    checks.push({ target: `removal guard p99 < 2 ms ${at}`, figure: `${ms(guard)} ms`, met: guard < 2 });
    const serverPeak = largest.server.peakMemoryBytes;
    checks.push({
      target: `server memory < 200 MB ${at}`,
      figure: `${mb(serverPeak)} (measuring process ${mb(largest.peakMemoryBytes)})`,
      met: serverPeak !== null && serverPeak < 200 * 1024 * 1024 && largest.peakMemoryBytes < 200 * 1024 * 1024,
    });
    checks.push({ target: `no HTTP errors from roster serve ${at}`, figure: num(largest.server.load.errors), met: largest.server.load.errors === 0 });
  }
  const { scim } = results;
  if (scim && scim.users >= 10_000) {
    checks.push({
      target: `SCIM creating ${num(scim.users)} users at c = ${scim.inFlight} < 60 s, none refused`,
      figure: `${num(scim.seconds, 1)} s, ${num(scim.failures)} failures, server peak ${mb(scim.peakMemoryBytes)}`,
      met: scim.seconds < 60 && scim.failures === 0,
    });
  }
  return checks;
}

async function main(): Promise<void> {
  const settings = loadBenchSettings();
  const [cpu] = cpus();
  const results: Results = {
    startedAt: new Date().toISOString(),
    commit: gitCommit(),
    database: settings.postgresServerUrl === null ? 'sqlite' : 'postgres',
    mode: settings.mode,
    machine: {
      cpu: cpu?.model ?? 'unknown',
      cores: cpus().length,
      memoryBytes: totalmem(),
      os: `${process.platform} ${release()}`,
      node: process.version,
      loadAverageAtStart: loadavg(),
    },
    settings: recorded(settings),
  };
  console.log(
    `Roster benchmarks: ${results.database}, scale ${settings.mode}, ${results.machine.cores} × ${results.machine.cpu}, ` +
      `${mb(results.machine.memoryBytes)}, Node ${process.version}, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`,
  );
  // The limits first: the other sections print their figures as ratios to them.
  if (settings.sections.has('limits')) {
    results.limits = await runLimits(settings);
    printLimits(results.limits);
  }
  if (settings.sections.has('operations')) {
    results.operations = await runOperations(settings);
    printOperations(results.operations, results.limits, settings.operations.data.members);
  }
  if (settings.sections.has('http')) {
    results.http = await runHttp(settings);
    printHttp(results.http, results.limits);
  }
  if (settings.sections.has('writes')) {
    results.writes = await runWrites(settings);
    printWrites(results.writes);
  }
  if (settings.sections.has('viewers')) {
    results.viewers = await runViewers(settings);
    printViewers(results.viewers);
  }
  if (settings.sections.has('scale')) {
    results.scaleFigures = await runScale(settings);
    printScale(results.scaleFigures);
  }
  if (settings.sections.has('scim')) {
    results.scim = await runScim(settings);
    printScim(results.scim);
  }
  results.targets = checkTargets(results);
  if (results.targets.length > 0) {
    printTable('Targets (issues 5 and 21)', ['target', 'figure', 'met'], results.targets.map(({ target, figure, met }) => [target, figure, met ? 'yes' : 'NO']));
  }
  results.finishedAt = new Date().toISOString();
  results.machine.loadAverageAtEnd = loadavg();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${results.startedAt.replace(/[:.]/g, '-')}-${results.database}-${settings.mode}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const minutes = (Date.parse(results.finishedAt) - Date.parse(results.startedAt)) / 60_000;
  console.log(`\nload average at the end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}; took ${num(minutes, 1)} min`);
  console.log(`results: ${relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  progress(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
