import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { freePort, startServerProcess } from '../lib/child.js';
import { createBenchDatabase, type BenchDatabase } from '../lib/database.js';
import { runLoad, type LoadResult } from '../lib/load.js';
import { progress } from '../lib/output.js';
import { workerScript } from '../lib/paths.js';
import { measure, type Timing } from '../lib/stats.js';
import type { BenchSettings } from '../settings.js';

/** The ceilings the figures of Roster are compared with, measured on this machine in this run. */
export interface Limits {
  /** One-row INSERT per transaction, each commit durable: what one write operation cannot beat. */
  durableCommits: Timing & { how: string };
  /** A bare Fastify route answering `{}`, loaded like Roster: what one request cannot beat. */
  bareFastify: LoadResult & { connections: number };
  /** PostgreSQL only: `select 1`, one after another: what a read of one query cannot beat. */
  roundTrips: Timing | null;
}

const PAYLOAD = 'x'.repeat(100);

/** SQLite through better-sqlite3 with Roster's settings (WAL, synchronous=FULL), no Kysely: autocommit INSERTs. */
export async function sqliteCommits(settings: BenchSettings, database: BenchDatabase): Promise<Timing> {
  const connection = new SQLite(join(database.dir, 'commits.db'));
  try {
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = FULL');
    connection.exec('create table if not exists commits (id integer primary key, payload text not null)');
    const insert = connection.prepare('insert into commits (payload) values (?)');
    return await measure(settings.limits.commits, () => {
      insert.run(PAYLOAD);
      return Promise.resolve();
    });
  } finally {
    connection.close();
  }
}

/** PostgreSQL through `pg` with synchronous_commit=on: autocommit INSERTs, one round trip each. */
export async function postgresCommits(settings: BenchSettings, database: BenchDatabase): Promise<Timing> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('set synchronous_commit = on');
    await client.query('create table if not exists bench_commits (id serial primary key, payload text not null)');
    return await measure(settings.limits.commits, () =>
      client.query({ name: 'bench-commit', text: 'insert into bench_commits (payload) values ($1)', values: [PAYLOAD] }),
    );
  } finally {
    await client.end();
  }
}

/** `select 1` through `pg`, one after another: the round trip to the server and nothing else. */
async function postgresRoundTrips(settings: BenchSettings, database: BenchDatabase): Promise<Timing> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return await measure(settings.limits.commits, () => client.query({ name: 'bench-round-trip', text: 'select 1' }));
  } finally {
    await client.end();
  }
}

/** Measures the limits. */
export async function runLimits(settings: BenchSettings): Promise<Limits> {
  const database = await createBenchDatabase(settings, 'limits');
  try {
    progress('limits: durable one-row commits');
    const durableCommits =
      database.kind === 'sqlite'
        ? { ...(await sqliteCommits(settings, database)), how: 'better-sqlite3, WAL, synchronous=FULL, one INSERT per transaction' }
        : { ...(await postgresCommits(settings, database)), how: 'pg, synchronous_commit=on, one INSERT per transaction' };
    const roundTrips = database.kind === 'postgres' ? await postgresRoundTrips(settings, database) : null;

    progress(`limits: bare Fastify, ${settings.http.connections} connections, ${settings.http.durationSeconds} s`);
    const port = await freePort();
    const server = await startServerProcess(workerScript('bare-server'), [], { PORT: String(port) }, port, '/');
    try {
      const spec = { url: server.url, connections: settings.http.connections, headers: {}, reads: ['/'] };
      await runLoad({ ...spec, durationSeconds: settings.http.warmupSeconds }, database.dir);
      const bareFastify = await runLoad({ ...spec, durationSeconds: settings.http.durationSeconds }, database.dir);
      return { durableCommits, roundTrips, bareFastify: { ...bareFastify, connections: settings.http.connections } };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}
