import { freePort, startServerProcess, type ChildServer } from '../lib/child.js';
import { createBenchDatabase, settle } from '../lib/database.js';
import { generate, type Fixture } from '../lib/generate.js';
import { runLoad, type LoadResult, type LoadSpec } from '../lib/load.js';
import { progress } from '../lib/output.js';
import { workerScript } from '../lib/paths.js';
import { roleToggles, sessionCookie, startRoster } from '../lib/roster-server.js';
import type { BenchSettings } from '../settings.js';

/** One workload over HTTP, against `roster serve` in a process of its own. */
export interface HttpFigure {
  name: string;
  result: LoadResult;
}

export interface HttpFigures {
  members: number;
  connections: number;
  workloads: HttpFigure[];
  /** The peak resident memory of the server that remembers pages, over its workloads (Linux), or null. */
  serverPeakMemoryBytes: number | null;
  /** A bare Fastify route answering a ready-made body the size of the members page. */
  bareSameSize: LoadResult & { bytes: number };
}

type Workload = Omit<LoadSpec, 'url' | 'connections' | 'durationSeconds' | 'headers'>;

/** The workloads, on the generated company, as the owner sees it. */
function workloads(fixture: Fixture): { name: string; load: Workload }[] {
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

/** Each request of the workload once, so that a wrong path or cookie fails the run instead of its figures. */
async function checkOnce(url: string, cookie: string, load: Workload, fullPage: string): Promise<void> {
  const requests = [
    ...load.reads.map((path) => ({ method: 'GET', path, body: undefined })),
    ...(load.writes ? [{ method: 'PUT', path: load.writes.paths[0] ?? '/', body: load.writes.bodies[0] }] : []),
  ];
  for (const { method, path, body } of requests) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
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
    try {
      fixture = await generate(db, data);
      cookie = await sessionCookie(db, fixture.ownerId);
      await settle(db);
    } finally {
      await db.close();
    }

    const all = workloads(fixture);
    const [first] = all;
    const figures: HttpFigure[] = [];
    const measure = async (server: ChildServer, chosen: typeof all, suffix: string) => {
      const spec = { url: server.url, connections, headers: { cookie } };
      for (const { load } of chosen) await checkOnce(server.url, cookie, load, first?.load.reads[0] ?? '');
      if (first) await runLoad({ ...spec, ...first.load, durationSeconds: warmupSeconds }, database.dir);
      for (const { name, load } of chosen) {
        progress(`http: ${name}${suffix}, ${connections} connections, ${durationSeconds} s`);
        figures.push({ name: `${name}${suffix}`, result: await runLoad({ ...spec, ...load, durationSeconds }, database.dir) });
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
    let pageBytes = 0;
    try {
      await measure(rebuilding, all.filter(({ name }) => name.startsWith('members page')), ', rebuilt each time');
      const page = await fetch(`${rebuilding.url}${first?.load.reads[0] ?? '/'}`, { headers: { cookie } });
      pageBytes = (await page.arrayBuffer()).byteLength;
    } finally {
      await rebuilding.stop();
    }
    // What sending a body of that size costs alone: the limit of the members page beside bare `{}`.
    const port = await freePort();
    const bare = await startServerProcess(workerScript('bare-server'), [], { PORT: String(port), BODY_BYTES: String(pageBytes) }, port, '/');
    let bareSameSize: HttpFigures['bareSameSize'];
    try {
      const spec = { url: bare.url, connections, headers: {}, reads: ['/body'] };
      progress(`http: bare Fastify, a body of ${pageBytes} bytes, ${connections} connections, ${durationSeconds} s`);
      await runLoad({ ...spec, durationSeconds: warmupSeconds }, database.dir);
      bareSameSize = { bytes: pageBytes, ...(await runLoad({ ...spec, durationSeconds }, database.dir)) };
    } finally {
      await bare.stop();
    }
    return { members: data.members, connections, workloads: figures, serverPeakMemoryBytes, bareSameSize };
  } finally {
    await database.drop();
  }
}
