import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { PAGE_PATHS } from '../../src/http/page-paths.js';
import { built } from '../support/built.js';

describe.skipIf(!built('serving'))('the built page, served by the API server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers the page at / and at every path of its own, without a session', async () => {
    for (const url of ['/', '/signin', '/invitations/some-token', '/verify-email/some-token', '/companies/c1/members/u1']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toContain('<div id="root"></div>');
    }
  });

  it('answers the page at every path the page routes by (PAGE_PATHS, web/src/App.tsx), with a query string or a trailing slash', async () => {
    const paths = Object.values(PAGE_PATHS).map((pattern) => pattern.replaceAll(/:\w+/g, 'x1'));
    expect(paths).toContain('/reset-password/x1');
    for (const path of paths.flatMap((path) => [path, `${path}?next=%2F`, path === '/' ? path : `${path}/`])) {
      const response = await server.app.inject({ method: 'GET', url: path });
      expect(response.statusCode, path).toBe(200);
      expect(response.headers['content-type'], path).toContain('text/html');
    }
  });

  it('answers 404 problem+json for every other path: a probe, a missing file, a section the page does not have', async () => {
    const paths = [
      '/metrics',
      '/.env',
      '/admin',
      '/assets/nope.js',
      '/favicon.ico',
      '/robots.txt',
      '/index.php',
      '/companies',
      '/companies/c1',
      '/companies/c1/nope',
      '/companies/c1/teams/t1/members',
      '/companies/c1/contracts/k1',
      '/invitations',
      '/invitations/t1/accept',
      '/signin/more',
    ];
    for (const url of paths) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toContain('application/problem+json');
      expect(response.json().code, url).toBe('NOT_FOUND');
    }
  });

  it('has no inline script or style in the built page, which its Content-Security-Policy would refuse', async () => {
    const html = (await server.app.inject({ method: 'GET', url: '/' })).body;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\/[^"]+\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
  });

  it('serves the built files, cached for good since their names carry their hash', async () => {
    const script = readdirSync(new URL('../../web/dist/assets/', import.meta.url)).find((name) => name.endsWith('.js'));
    const response = await server.app.inject({ method: 'GET', url: `/assets/${script ?? ''}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('keeps the API’s own 404 problem for unknown /api paths, and 401 for API routes', async () => {
    for (const url of ['/api/v1/nothing-here', '/api', '/api/v1/me/nothing-here']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toContain('application/problem+json');
      expect(response.json().code, url).toBe('NOT_FOUND');
    }
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('UNAUTHENTICATED');
  });

  it('does not answer the page for other methods', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/invitations/some-token', payload: {} });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('NOT_FOUND');
  });
});
