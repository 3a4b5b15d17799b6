import { createBenchDatabase, settle } from '../lib/database.js';
import { residentMemoryOf } from '../lib/child.js';
import { generate } from '../lib/generate.js';
import { progress } from '../lib/output.js';
import { companyToken, startRoster } from '../lib/roster-server.js';
import { summarize, type Timing } from '../lib/stats.js';
import type { BenchSettings } from '../settings.js';

/** An identity provider creating users one request at a time, some in flight at once. */
export interface ScimFigures {
  /** Members of the company before the first request. */
  members: number;
  users: number;
  inFlight: number;
  /** The whole run, first request to last answer. */
  seconds: number;
  /** Each request's time; opsPerSecond is users created per second of the run. */
  timing: Timing;
  /** Answers other than 201 Created. */
  failures: number;
  /** The server's resident memory once started and idle, and its peak by the end (Linux), or null. */
  idleMemoryBytes: number | null;
  peakMemoryBytes: number | null;
  /** CPU seconds the server used during the run (Linux), or null. */
  serverCpuSeconds: number | null;
}

const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/**
 * SCIM provisioning at scale: `roster serve` on a company (the operations section's data set), and
 * a client in this process sending `POST /scim/v2/Users` (a new account and membership each) with a
 * company SCIM token, `inFlight` at a time, each request as soon as one is answered, until `users`
 * are made: what an identity provider does when it first provisions a company (RULES.md §4 "SCIM
 * provisioning"). Each answer must be 201.
 */
export async function runScim(settings: BenchSettings): Promise<ScimFigures> {
  const { data, users, inFlight } = settings.scim;
  const database = await createBenchDatabase(settings, 'scim');
  try {
    progress(`scim: generating ${data.members} members, ${data.teams} teams`);
    const db = database.open();
    let token: string;
    try {
      const fixture = await generate(db, data);
      await settle(db);
      token = await companyToken(db, 'scim', fixture.companyId, fixture.ownerId);
    } finally {
      await db.close();
    }
    const server = await startRoster(database);
    try {
      // Let the server settle after start-up before its idle memory is read.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const idleMemoryBytes = residentMemoryOf(server.pid);
      const cpuBefore = server.cpuSeconds();
      progress(`scim: creating ${users} users, ${inFlight} requests in flight`);
      const durations: number[] = [];
      let failures = 0;
      let next = 0;
      const client = async () => {
        while (next < users) {
          const i = next++;
          const body = { schemas: [SCIM_USER], userName: `scim-${i}@provisioned.example`, name: { givenName: 'Provisioned', familyName: `User ${i}` }, active: true };
          const before = process.hrtime.bigint();
          const response = await fetch(`${server.url}/scim/v2/Users`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
            body: JSON.stringify(body),
          });
          await response.arrayBuffer();
          durations.push(Number(process.hrtime.bigint() - before) / 1e6);
          if (response.status !== 201) failures++;
        }
      };
      const start = process.hrtime.bigint();
      await Promise.all(Array.from({ length: inFlight }, client));
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const cpuAfter = server.cpuSeconds();
      return {
        members: data.members,
        users,
        inFlight,
        seconds: wallMs / 1000,
        timing: summarize(durations, wallMs),
        failures,
        idleMemoryBytes,
        peakMemoryBytes: server.peakMemoryBytes(),
        serverCpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}
