import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { built } from '../support/built.js';
import { makeCompany, signedIn } from '../support/factories.js';
import { API_CONTENT_SECURITY_POLICY, PAGE_CONTENT_SECURITY_POLICY } from '../../src/http/web.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** helmet's defaults, which every answer carries (HSTS only over https: below). */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
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
    // Without a build (outside CI) `/` is the API's 404, which carries the same headers.
    const pageBuilt = built('page-serving security-header');
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 401, 404, pageBuilt ? 200 : 404, 400]);
    expect(answers[3]?.headers['x-request-id']).toBe('req-anonymous-1');
    for (const answer of answers) {
      expect(answer.headers, `${answer.statusCode} ${String(answer.headers['content-type'])}`).toMatchObject(SECURITY_HEADERS);
      // Fastify's own request id, or the caller's X-Request-Id: the id the request's log lines carry.
      expect(answer.headers['x-request-id']).toMatch(/^[\w.-]{1,100}$/);
      expect(answer.headers['x-powered-by']).toBeUndefined();
      // BASE_URL is http://roster.test: HSTS over plain http would pin a host that may have no https.
      expect(answer.headers['strict-transport-security']).toBeUndefined();
    }
    // The page runs under its own policy; the API's answers, data, under the strictest one.
    const page = answers[5];
    if (pageBuilt) {
      expect(page?.headers['content-type']).toContain('text/html');
      expect(page?.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
    }
    for (const answer of answers.filter((item) => item !== page)) {
      expect(answer.headers['content-security-policy']).toBe(API_CONTENT_SECURITY_POLICY);
    }
  });

  it('the page’s policy allows no inline or foreign script, no plugins, no framing', () => {
    const directives = new Map(PAGE_CONTENT_SECURITY_POLICY.split('; ').map((directive) => [directive.split(' ')[0], directive]));
    expect(directives.get('default-src')).toBe("default-src 'self'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(directives.get('object-src')).toBe("object-src 'none'");
    expect(directives.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directives.get('connect-src')).toBe("connect-src 'self'");
    expect(PAGE_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});

describe('HSTS', () => {
  it('is sent when BASE_URL is https, on the API and on the page', async () => {
    const secure = await startTestServer({ BASE_URL: 'https://roster.example.com' });
    try {
      for (const url of ['/api/v1/health', '/', '/api/v1/no-such-route']) {
        const answer = await secure.app.inject({ method: 'GET', url });
        expect(answer.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
      }
    } finally {
      await secure.close();
    }
  });
});
