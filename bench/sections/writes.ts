import { createBenchDatabase, settle, type BenchDatabase } from '../lib/database.js';
import { generate, type Fixture } from '../lib/generate.js';
import type { SequencedRequest } from '../lib/load.js';
import { progress } from '../lib/output.js';
import { sessionCookie, startRoster } from '../lib/roster-server.js';
import type { Timing } from '../lib/stats.js';
import type { BenchSettings } from '../settings.js';
import { meteredLoad, type MeteredLoad } from './http.js';
import { postgresCommits, sqliteCommits } from './limits.js';

/** How a round's server commits: SQLite with group commit or without (SQLITE_GROUP_COMMIT), or PostgreSQL. */
export type CommitMode = 'group commit' | 'one commit a write' | 'postgres';

/** One round of the writes section: the one-row commit rate, then each mode's load, one after another. */
export interface WritesRound {
  durableCommits: Timing;
  loads: { mode: CommitMode; result: MeteredLoad }[];
}

export interface WritesFigures {
  members: number;
  connections: number;
  rounds: WritesRound[];
}

/** In flight at once, as issue 21's figure is measured. */
export const WRITE_CONNECTIONS = 16;

/**
 * Writes only, of three kinds in turn, on members no other kind touches: a member's team roles set
 * to one set and then, on the next pass, to the other; a member suspended and then reinstated; so
 * that every request, however many passes are made, is legal and changes something.
 */
function mixedWrites(fixture: Fixture): SequencedRequest[] {
  const base = `/api/v1/companies/${fixture.companyId}/members`;
  const pool = Math.min(200, Math.floor(fixture.plainMembers.length / 2));
  const toggled = fixture.plainMembers.slice(0, pool);
  const suspended = fixture.plainMembers.slice(pool, 2 * pool);
  const bodies = [JSON.stringify({ roles: ['recruiter'] }), JSON.stringify({ roles: ['recruiter', 'work_diary'] })];
  const pass = (second: 0 | 1): SequencedRequest[] =>
    toggled.flatMap(({ userId, departmentTeamId }, k) => [
      { method: 'PUT', path: `${base}/${userId}/teams/${departmentTeamId}`, body: bodies[second] },
      { method: 'POST', path: `${base}/${suspended[k]?.userId ?? userId}/${second === 0 ? 'suspend' : 'reinstate'}` },
    ]);
  return [...pass(0), ...pass(1)];
}

/** Each request of the sequence once in order, so that a wrong path fails the run instead of its figures. */
async function checkOnce(url: string, cookie: string, requests: SequencedRequest[]): Promise<void> {
  for (const { method, path, body } of requests) {
    const response = await fetch(`${url}${path}`, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  }
}

/** The durable one-row commit rate of the database the section runs on, measured beside it. */
const commitsOn = (settings: BenchSettings, database: BenchDatabase): Promise<Timing> =>
  database.kind === 'sqlite'
    ? sqliteCommits(settings, database)
    : postgresCommits(settings, database);

/**
 * Issue 21's group commit: mixed writes at c = 16 over HTTP, on SQLite with group commit and without
 * (SQLITE_GROUP_COMMIT=off), in alternating rounds, each round beside the durable one-row commit
 * rate measured then; on PostgreSQL, its own figure and commit rate.
 */
export async function runWrites(settings: BenchSettings): Promise<WritesFigures> {
  const { data, durationSeconds, warmupSeconds } = settings.http;
  const database = await createBenchDatabase(settings, 'writes');
  try {
    progress(`writes: generating a company of ${data.members} members`);
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
    const requests = mixedWrites(fixture);
    // Each load goes on where the one before it stopped in the sequence: every write changes something.
    let offset = 0;
    const modes: CommitMode[] = database.kind === 'sqlite' ? ['group commit', 'one commit a write'] : ['postgres'];
    const rounds: WritesRound[] = [];
    for (let round = 1; round <= settings.writes.rounds; round++) {
      progress(`writes: durable one-row commits, round ${round} of ${settings.writes.rounds}`);
      const durableCommits = await commitsOn(settings, database);
      const loads: WritesRound['loads'] = [];
      for (const mode of round % 2 === 1 ? modes : [...modes].reverse()) {
        const server = await startRoster(database, 32, mode === 'one commit a write' ? { SQLITE_GROUP_COMMIT: 'off' } : {});
        try {
          if (round === 1 && loads.length === 0) {
            await checkOnce(server.url, cookie, requests.slice(0, 2));
            offset += 2;
          }
          const spec = { url: server.url, connections: WRITE_CONNECTIONS, headers: { cookie }, reads: [] };
          const warm = await meteredLoad(server, { ...spec, sequence: { requests, offset }, durationSeconds: warmupSeconds }, database.dir);
          offset += warm.writes;
          progress(`writes: mixed writes, ${mode}, round ${round} of ${settings.writes.rounds}, ${WRITE_CONNECTIONS} connections, ${durationSeconds} s`);
          const result = await meteredLoad(server, { ...spec, sequence: { requests, offset }, durationSeconds }, database.dir);
          offset += result.writes;
          loads.push({ mode, result });
        } finally {
          await server.stop();
        }
      }
      rounds.push({ durableCommits, loads });
    }
    return { members: data.members, connections: WRITE_CONNECTIONS, rounds };
  } finally {
    await database.drop();
  }
}
