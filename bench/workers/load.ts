import autocannon, { type RequestStep } from 'autocannon';
import { answer, workerInput } from '../lib/child.js';
import type { LoadResult, LoadSpec } from '../lib/load.js';
import { percentile } from '../lib/stats.js';

/**
 * The load generator: autocannon, in a process of its own so that it does not share an event loop
 * with what it measures. Input: a LoadSpec file; answer: a LoadResult line.
 */

let sent = 0;

function requestsOf(spec: LoadSpec): RequestStep[] {
  const inOrder = spec.sequence;
  if (inOrder !== undefined) {
    return [
      {
        setupRequest: (request) => {
          const next = inOrder.requests[(inOrder.offset + sent++) % inOrder.requests.length];
          if (next === undefined) return request;
          const headers = next.body === undefined ? request.headers : { ...request.headers, 'content-type': 'application/json' };
          return { ...request, method: next.method, path: next.path, body: next.body, headers };
        },
      },
    ];
  }
  const posts = spec.posts;
  if (posts !== undefined) {
    let turn = 0;
    return [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          method: 'POST',
          path: posts.path,
          body: posts.bodies[turn++ % posts.bodies.length],
          headers: { ...request.headers, 'content-type': 'application/json' },
        }),
      },
    ];
  }
  const reads = spec.reads.map((path) => ({ method: 'GET', path }));
  const writes = spec.writes;
  if (writes === undefined) return reads;
  const write: RequestStep = {
    method: 'PUT',
    // Each write takes the next member of the pool; a member's roles alternate between the two
    // sets on each round of the pool, so every write is legal however often it is repeated.
    setupRequest: (request) => {
      const turn = sent++;
      const path = writes.paths[turn % writes.paths.length] ?? '/';
      const body = writes.bodies[Math.floor(turn / writes.paths.length) % 2];
      return { ...request, method: 'PUT', path, body, headers: { ...request.headers, 'content-type': 'application/json' } };
    },
  };
  const sequence = Array.from({ length: writes.readsPerWrite }, (_, k) => reads[k % reads.length] ?? { method: 'GET', path: '/' });
  return [...sequence, write];
}

const spec = workerInput() as LoadSpec;
const instance = autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.durationSeconds,
  headers: spec.headers,
  requests: requestsOf(spec),
  timeout: 10,
});
// autocannon's latency histogram counts whole milliseconds; loopback answers take less.
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
  writes: sent,
  durationSeconds: result.duration,
};
answer(summary);
