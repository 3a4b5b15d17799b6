import { get } from 'node:http';
import { freePort, startServerProcess, type ChildServer } from '../lib/child.js';
import { createBenchDatabase, settle } from '../lib/database.js';
import { generate, type Fixture } from '../lib/generate.js';
import { runLoad, type LoadResult, type LoadSpec } from '../lib/load.js';
import { progress } from '../lib/output.js';
import { workerScript } from '../lib/paths.js';
import { browserHeaders, companyApiToken, roleToggles, sessionCookie, startRoster } from '../lib/roster-server.js';
import type { BenchSettings } from '../settings.js';

/** One workload over HTTP, against `roster serve` in a process of its own. */
export interface HttpFigure {
  name: string;
  /** With the server's CPU per request: on a shared machine the steadier figure of a page's cost. */
  result: MeteredLoad;
  /** Asked for without `Accept-Encoding`, so answered uncompressed. */
  plain?: true;
}

export interface HttpFigures {
  members: number;
  connections: number;
  workloads: HttpFigure[];
  /** The peak resident memory of the server that remembers pages, over its workloads (Linux), or null. */
  serverPeakMemoryBytes: number | null;
  /** A bare Fastify route answering ready-made bodies the size of the members page: gzipped (as sent to a browser), then plain. */
  bareSameSize: BareBody[];
  /** The members page (remembered: the fastest, where a fixed cost weighs most) without and with METRICS_PORT, in alternating rounds. */
  metricsCost: { without: MeteredLoad[]; with: MeteredLoad[] };
  /** The permission check with a company API token, `questionsPerCall` questions a call. */
  permissionCheck: MeteredLoad & { questionsPerCall: number };
}

/** Questions per call of the permission check, as its target asks (≥ 100,000 checks/s). */
const QUESTIONS_PER_CALL = 100;

/**
 * Calls of the permission check: members of the big company asked about in their department team
 * or another one, with the other systems' actions and Roster's own, so that the answers mix yes and no.
 */
function permissionCheckBodies(fixture: Fixture): string[] {
  const actions = ['job.post', 'proposal.review', 'freelancer.hire', 'workDiary.view', 'member.invite', 'contract.create', 'payment.manage'];
  const people = fixture.plainMembers;
  return Array.from({ length: 50 }, (_, call) =>
    JSON.stringify({
      checks: Array.from({ length: QUESTIONS_PER_CALL }, (_, k) => {
        const person = people[(call * QUESTIONS_PER_CALL + k) % people.length];
        const teamId = k % 2 === 0 ? person?.departmentTeamId : fixture.departmentTeamIds[k % fixture.departmentTeamIds.length];
        return { userId: person?.userId ?? fixture.ownerId, action: actions[k % actions.length], ...(k % 7 === 6 ? {} : { teamId }) };
      }),
    }),
  );
}

/** A load, and the server's CPU time per request over it: a figure a busy machine disturbs far less than the rate. */
export type MeteredLoad = LoadResult & { serverCpuMicrosPerRequest: number | null };

/** A load, with the server's CPU time over it per request. */
export async function meteredLoad(server: ChildServer, spec: LoadSpec, dir: string): Promise<MeteredLoad> {
  const before = server.cpuSeconds();
  const result = await runLoad(spec, dir);
  const after = server.cpuSeconds();
  return { ...result, serverCpuMicrosPerRequest: before === null || after === null ? null : ((after - before) * 1e6) / result.requests };
}

/** Rounds of each, alternating, so that the machine's drift falls on both alike. */
const METRICS_ROUNDS = 3;

/** A bare Fastify route answering a ready-made body of `bytes` bytes. */
export type BareBody = LoadResult & { bytes: number; encoding: 'gzip' | 'identity' };

type Workload = Omit<LoadSpec, 'url' | 'connections' | 'durationSeconds' | 'headers'>;

/**
 * The workloads, on the generated company, as the owner sees it in a browser (which accepts gzip);
 * `plain` ones as a client that does not ask for compression.
 */
function workloads(fixture: Fixture): { name: string; load: Workload; plain?: true }[] {
  const base = `/api/v1/companies/${fixture.companyId}/members`;
  const page = `${base}?limit=50`;
  const search = `${base}?limit=50&q=${encodeURIComponent(fixture.commonSearch)}`;
  const team = `${base}?limit=50&teamId=${fixture.departmentTeamIds[1] ?? fixture.defaultTeamId}`;
  const details = fixture.contactPersonIds.slice(0, 10).map((userId) => `${base}/${userId}`);
  const toggled = fixture.plainMembers.slice(0, 200).map(({ userId, departmentTeamId }) => `${base}/${userId}/teams/${departmentTeamId}`);
  return [
    { name: 'members page (50 rows)', load: { reads: [page] } },
    { name: 'members page, search', load: { reads: [search] } },
    { name: 'members page, team filter', load: { reads: [team] } },
    { name: 'members page, not compressed (no Accept-Encoding)', load: { reads: [page] }, plain: true },
    { name: 'member details', load: { reads: details } },
    {
      name: 'mixed: 90% reads, 10% writes',
      load: {
        reads: [page, search, team, ...details.slice(0, 3)],
        writes: roleToggles(toggled),
      },
    },
  ];
}

/** The bytes a page's answer carries, gzipped (as a browser gets it) and plain: `fetch` would decode the first. */
async function bytesSent(url: string, cookie: string): Promise<Record<BareBody['encoding'], number>> {
  const sizeOf = (headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      get(url, { headers }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => resolve(bytes));
      }).on('error', reject);
    });
  return { gzip: await sizeOf(browserHeaders(cookie)), identity: await sizeOf({ cookie }) };
}

/** Each request of the workload once, so that a wrong path or cookie fails the run instead of its figures. */
async function checkOnce(url: string, headers: Record<string, string>, load: Workload, fullPage: string): Promise<void> {
  const requests = [
    ...load.reads.map((path) => ({ method: 'GET', path, body: undefined })),
    ...(load.writes ? [{ method: 'PUT', path: load.writes.paths[0] ?? '/', body: load.writes.bodies[0] }] : []),
  ];
  for (const { method, path, body } of requests) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body,
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    if (path === fullPage) {
      const { items } = (await response.json()) as { items: unknown[] };
      if (items.length !== 50) throw new Error(`${path} answered ${items.length} members, not 50`);
    }
  }
}

/** §3 of the suite: Roster over HTTP, loaded by autocannon from another process. */
export async function runHttp(settings: BenchSettings): Promise<HttpFigures> {
  const { data, connections, durationSeconds, warmupSeconds } = settings.http;
  const database = await createBenchDatabase(settings, 'http');
  try {
    progress(`http: generating a company of ${data.members} members`);
    const db = database.open();
    let fixture: Fixture;
    let cookie: string;
    let companyToken: string;
    try {
      fixture = await generate(db, data);
      cookie = await sessionCookie(db, fixture.ownerId);
      companyToken = await companyApiToken(db, fixture.companyId, fixture.ownerId);
      await settle(db);
    } finally {
      await db.close();
    }

    const all = workloads(fixture);
    const [first] = all;
    const figures: HttpFigure[] = [];
    const headersOf = (plain: boolean | undefined) => (plain ? { cookie } : browserHeaders(cookie));
    const measure = async (server: ChildServer, chosen: typeof all, suffix: string) => {
      const spec = { url: server.url, connections };
      for (const { load, plain } of chosen) await checkOnce(server.url, headersOf(plain), load, first?.load.reads[0] ?? '');
      if (first) await runLoad({ ...spec, headers: headersOf(false), ...first.load, durationSeconds: warmupSeconds }, database.dir);
      for (const { name, load, plain } of chosen) {
        progress(`http: ${name}${suffix}, ${connections} connections, ${durationSeconds} s`);
        const result = await meteredLoad(server, { ...spec, headers: headersOf(plain), ...load, durationSeconds }, database.dir);
        figures.push({ name: `${name}${suffix}`, result, ...(plain ? { plain } : {}) });
      }
    };

    // As deployed: each process remembers the pages it served while the company is unchanged.
    const server = await startRoster(database);
    let serverPeakMemoryBytes: number | null;
    try {
      await measure(server, all, '');
      serverPeakMemoryBytes = server.peakMemoryBytes();
    } finally {
      await server.stop();
    }
    // The same pages built for every request (RESPONSE_CACHE_MB=0): what a page costs after a change.
    const rebuilding = await startRoster(database, 0);
    const pages = all.filter(({ name, plain }) => name.startsWith('members page') && !plain);
    let pageBytes: Record<BareBody['encoding'], number>;
    try {
      await measure(rebuilding, pages, ', rebuilt each time');
      pageBytes = await bytesSent(`${rebuilding.url}${first?.load.reads[0] ?? '/'}`, cookie);
    } finally {
      await rebuilding.stop();
    }
    // What sending a body of those sizes costs alone: the limit of the members page beside bare `{}`.
    const bareSameSize: BareBody[] = [];
    for (const encoding of ['gzip', 'identity'] as const) {
      const bytes = pageBytes[encoding];
      const port = await freePort();
      const bare = await startServerProcess(workerScript('bare-server'), [], { PORT: String(port), BODY_BYTES: String(bytes) }, port, '/');
      try {
        const spec = { url: bare.url, connections, headers: {}, reads: ['/body'] };
        progress(`http: bare Fastify, a body of ${bytes} bytes, ${connections} connections, ${durationSeconds} s`);
        await runLoad({ ...spec, durationSeconds: warmupSeconds }, database.dir);
        bareSameSize.push({ bytes, encoding, ...(await runLoad({ ...spec, durationSeconds }, database.dir)) });
      } finally {
        await bare.stop();
      }
    }
    let permissionCheck: HttpFigures['permissionCheck'];
    const checking = await startRoster(database);
    try {
      const spec = {
        url: checking.url,
        connections,
        headers: { authorization: `Bearer ${companyToken}` },
        reads: [],
        posts: { path: `/api/v1/companies/${fixture.companyId}/permissions/check`, bodies: permissionCheckBodies(fixture) },
      };
      await runLoad({ ...spec, durationSeconds: warmupSeconds }, database.dir);
      progress(`http: permission check, ${QUESTIONS_PER_CALL} questions a call, ${connections} connections, ${durationSeconds} s`);
      permissionCheck = { ...(await meteredLoad(checking, { ...spec, durationSeconds }, database.dir)), questionsPerCall: QUESTIONS_PER_CALL };
    } finally {
      await checking.stop();
    }
    const metricsCost: HttpFigures['metricsCost'] = { without: [], with: [] };
    for (let round = 1; round <= METRICS_ROUNDS; round++) {
      for (const measured of [false, true]) {
        const env: Record<string, string> = measured ? { METRICS_PORT: String(await freePort()) } : {};
        const pageServer = await startRoster(database, 32, env);
        try {
          const spec = { url: pageServer.url, connections, headers: headersOf(false), reads: first?.load.reads ?? [] };
          await runLoad({ ...spec, durationSeconds: warmupSeconds }, database.dir);
          progress(`http: members page, metrics ${measured ? 'on' : 'off'}, round ${round} of ${METRICS_ROUNDS}, ${durationSeconds} s`);
          metricsCost[measured ? 'with' : 'without'].push(await meteredLoad(pageServer, { ...spec, durationSeconds }, database.dir));
        } finally {
          await pageServer.stop();
        }
      }
    }
    return { members: data.members, connections, workloads: figures, serverPeakMemoryBytes, bareSameSize, metricsCost, permissionCheck };
  } finally {
    await database.drop();
  }
}
