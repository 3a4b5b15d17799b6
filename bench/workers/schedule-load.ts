import autocannon, { type RequestStep } from 'autocannon';
import { answer, workerInput } from '../lib/child.js';
import type { LoadResult, ScheduleSpec } from '../lib/load.js';
import { percentile } from '../lib/stats.js';

/**
 * A load generator that goes through one schedule of requests in order, whichever connection is
 * free taking the next: the requests of many people, each with their own cookie, interleaved as
 * the schedule lists them. Input: a ScheduleSpec file; answer: a LoadResult line.
 */

const spec = workerInput() as ScheduleSpec;
let next = 0;
let writes = 0;

const step: RequestStep = {
  setupRequest: (request) => {
    const planned = spec.steps[next++ % spec.steps.length];
    if (planned === undefined) throw new Error('an empty schedule');
    if (planned.method !== 'GET') writes++;
    const headers: Record<string, string> = { ...request.headers, ...spec.headers, cookie: planned.cookie };
    if (planned.body !== undefined) headers['content-type'] = 'application/json';
    return { ...request, method: planned.method, path: planned.path, body: planned.body, headers };
  },
};

const instance = autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.durationSeconds,
  requests: [step],
  timeout: 10,
});
const latencies: number[] = [];
instance.on('response', (_client, _statusCode, _bytes, responseTime) => latencies.push(responseTime));
const result = await instance;
latencies.sort((a, b) => a - b);
const statusCodes: Record<string, number> = {};
for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
const summary: LoadResult = {
  requestsPerSecond: result.requests.total / result.duration,
  p50Ms: percentile(latencies, 50),
  p99Ms: percentile(latencies, 99),
  requests: result.requests.total,
  errors: result.errors + result.non2xx,
  non2xx: result.non2xx,
  statusCodes,
  writes,
  durationSeconds: result.duration,
};
answer(summary);
