import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, signedIn } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** helmet's defaults, which every answer carries; the page sets no Content-Security-Policy. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-dns-prefetch-control': 'off',
  'x-permitted-cross-domain-policies': 'none',
};

describe('security headers and the request id', () => {
  it('are on every answer: a read, a remembered page, a refusal by authentication, an unknown route, the page itself, a body that is not JSON', async () => {
    const c = await makeCompany(server);
    const owner = await signedIn(server.db, c.owner);
    const members = `/api/v1/companies/${c.company.id}/members`;
    const answers = [
      await server.app.inject({ method: 'GET', url: '/api/v1/health' }),
      await server.app.inject({ method: 'GET', url: members, headers: owner }),
      await server.app.inject({ method: 'GET', url: members, headers: { ...owner, 'accept-encoding': 'gzip' } }),
      await server.app.inject({ method: 'GET', url: members, headers: { 'x-request-id': 'req-anonymous-1' } }),
      await server.app.inject({ method: 'GET', url: '/api/v1/no-such-route' }),
      await server.app.inject({ method: 'GET', url: '/' }),
      await server.app.inject({ method: 'POST', url: '/api/v1/auth/signup', headers: { 'content-type': 'application/json' }, payload: '{' }),
    ];
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 401, 404, 200, 400]);
    expect(answers[3]?.headers['x-request-id']).toBe('req-anonymous-1');
    for (const answer of answers) {
      expect(answer.headers, `${answer.statusCode} ${String(answer.headers['content-type'])}`).toMatchObject(SECURITY_HEADERS);
      // Fastify's own request id, or the caller's X-Request-Id: the id the request's log lines carry.
      expect(answer.headers['x-request-id']).toMatch(/^[\w.-]{1,100}$/);
      expect(answer.headers['x-powered-by']).toBeUndefined();
      expect(answer.headers['content-security-policy']).toBeUndefined();
    }
  });
});
