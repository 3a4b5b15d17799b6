import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRoute } from '../../src/http/openapi.js';
import { startTestServer, type TestServer } from '../support/app.js';

const run = promisify(execFile);
/** The "###" sections of docs/API.md "Routes": the document's tags, in the same order. */
const ROUTE_SECTIONS = [
  ...(readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8').split(/^## Routes$/m)[1]?.split(/^## /m)[0] ?? '').matchAll(/^### (.+)$/gm),
].map((match) => match[1] ?? '');
const ROOT = new URL('../..', import.meta.url).pathname;

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
}

describe('the served OpenAPI document', () => {
  let server: TestServer;
  let document: { paths: Record<string, Record<string, Operation>> };
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer();
    document = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    dir = mkdtempSync(join(tmpdir(), 'roster-openapi-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  });

  it('passes @redocly/cli lint (recommended rules, redocly.yaml) with no error and no warning', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const { stdout } = await run(
      process.execPath,
      [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--format=json', `--config=${join(ROOT, 'redocly.yaml')}`],
      { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    ).catch((error: unknown) => ({ stdout: (error as { stdout: string }).stdout })); // exits 1 on problems
    const { problems } = JSON.parse(stdout) as { problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    expect(problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`)).toEqual([]);
  }, 60_000);

  it('gives every operation an operationId, a summary, a tag and its errors as problem documents', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );
    expect(operations.length).toBeGreaterThan(30);
    const ids = new Set<string>();
    for (const { route, operation } of operations) {
      expect({ route, operationId: typeof operation.operationId }).toEqual({ route, operationId: 'string' });
      expect({ route, unique: !ids.has(operation.operationId ?? '') }).toEqual({ route, unique: true });
      ids.add(operation.operationId ?? '');
      expect({ route, summary: typeof operation.summary }).toEqual({ route, summary: 'string' });
      expect({ route, tags: operation.tags?.length }).toEqual({ route, tags: 1 });
      expect({ route, tag: ROUTE_SECTIONS.includes(operation.tags?.[0] ?? '') }).toEqual({ route, tag: true });
      const statuses = Object.keys(operation.responses ?? {});
      expect({ route, success: statuses.some((status) => /^[23]/.test(status)) }).toEqual({ route, success: true });
      const errors = Object.entries(operation.responses ?? {}).filter(([status]) => status.startsWith('4'));
      const errorType = route.includes(' /scim/v2/') ? 'application/scim+json' : 'application/problem+json';
      // The health routes answer no 4XX (redocly.yaml), only 503.
      expect({ route, errors: errors.length > 0 }).toEqual({ route, errors: !route.startsWith('GET /api/v1/health') });
      for (const [status, response] of errors) {
        expect({ route, status, types: Object.keys(response.content ?? {}) }).toEqual({ route, status, types: [errorType] });
      }
      // An answer without a body is documented without content.
      const noContent = operation.responses?.['204'];
      if (noContent) expect({ route, content: noContent.content }).toEqual({ route, content: undefined });
    }
  });

  it('describes every success answer as the table of src/http/openapi.ts does, never as "Default Response"', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses ?? {}).filter(([status]) => /^[23]/.test(status))) {
          const route = `${method.toUpperCase()} ${path} ${status}`;
          expect({ route, description: response.description === 'Default Response' || !response.description }).toEqual({ route, description: false });
        }
      }
    }
    expect(document.paths['/api/v1/me']?.get?.responses?.['200']?.description).toBe('The user and their companies, with their roles and teams in each');
  });

  it('types the code of each error answer: the enum of the codes its description lists', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses ?? {}).filter(([status]) => /^[45]/.test(status))) {
          const route = `${method.toUpperCase()} ${path} ${status}`;
          const [schema] = Object.values(response.content ?? {}) as { schema: { allOf?: [{ $ref: string }, { properties: { code: { enum: string[] } } }] } }[];
          const [base, codes] = schema?.schema.allOf ?? [];
          expect({ route, base: base?.$ref }).toEqual({ route, base: expect.stringMatching(/^#\/components\/schemas\/(Problem|ScimError)$/) });
          expect({ route, codes: codes?.properties.code.enum }).toEqual({ route, codes: response.description?.split(', ') });
        }
      }
    }
  });

  it('documents 204 where the server answers 204', async () => {
    const logout = await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(logout.statusCode).toBe(204);
    expect(Object.keys(document.paths['/api/v1/auth/logout']?.post?.responses ?? {}).filter((status) => status.startsWith('2'))).toEqual(['204']);
  });

  it('stops a route of the API that has no operation from being registered', () => {
    expect(() => describeRoute({ method: 'GET', url: '/api/v1/undocumented', handler: () => undefined })).toThrow(/no operation/);
  });

  it('sends an error body as the error handler makes it, extras included (its schema documents, never checks)', async () => {
    const answer = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.com' } });
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = answer.json<Record<string, unknown>>();
    expect(Object.keys(body)).toEqual(['type', 'title', 'status', 'code', 'detail', 'errors']);
    expect(body.errors).toEqual([expect.objectContaining({ path: 'body.password' })]);
  });

  it('declares each tag once at the top, with a description', () => {
    const { tags } = document as unknown as { tags: { name: string; description: string }[] };
    expect(tags.map((tag) => tag.name)).toEqual(ROUTE_SECTIONS);
    for (const tag of tags) expect(tag.description.length).toBeGreaterThan(0);
  });
});
