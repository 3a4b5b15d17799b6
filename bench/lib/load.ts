import { runWorker } from './child.js';
import { workerScript } from './paths.js';

/** What the load worker fires at a server. */
export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
  /** GET paths, each connection going round them in order. */
  reads: string[];
  /** With writes: after every `readsPerWrite` reads, one PUT to the next path of the pool. */
  writes?: {
    paths: string[];
    /** JSON bodies: each path gets the first, then the second, then the first again… */
    bodies: [string, string];
    readsPerWrite: number;
  };
  /** Instead of reads and writes: POSTs to one path, going round these JSON bodies. */
  posts?: { path: string; bodies: string[] };
  /**
   * Instead of reads and writes: these requests in order, shared by all connections, starting at
   * `offset` (the requests an earlier load on the same database sent, so that each changes something).
   */
  sequence?: { requests: SequencedRequest[]; offset: number };
}

/** A request of a sequence: a JSON body for a write. */
export interface SequencedRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  body?: string;
}

/** What autocannon measured, reduced to the figures the suite reports. */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connection errors, timeouts and non-2xx answers together: must be 0. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** How many of the requests were writes (PUT; with a sequence, every request sent). */
  writes: number;
  durationSeconds: number;
}

/** Runs autocannon in a process of its own against `spec.url`. */
export const runLoad = (spec: LoadSpec, dir: string): Promise<LoadResult> => runWorker<LoadResult>(workerScript('load'), spec, dir);

/** One request of a schedule: whose (`cookie`), which, and a JSON body for a write. */
export interface ScheduledRequest {
  method: 'GET' | 'PUT';
  path: string;
  cookie: string;
  body?: string;
}

/** What the schedule worker fires at a server: `steps` in order, over and over, by whichever connection is free. */
export interface ScheduleSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Sent with every request (the cookie is the step's). */
  headers: Record<string, string>;
  steps: ScheduledRequest[];
}

/** Runs the schedule worker in a process of its own against `spec.url`. */
export const runSchedule = (spec: ScheduleSpec, dir: string): Promise<LoadResult> =>
  runWorker<LoadResult>(workerScript('schedule-load'), spec, dir);
