import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One source of the wire types (docs/ARCHITECTURE.md): the page calls the API through the typed
 * client alone. In web/src only api.ts fetches (`sendWhole`, under the client), and it calls the
 * client by method and the path as the OpenAPI document writes it, never by a path and a type
 * written by hand (`roster.request`).
 */

const WEB = resolve(import.meta.dirname, '../../web/src');
const sources = readdirSync(WEB, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.tsx?$/.test(file))
  .map((file) => ({ file: file.split('\\').join('/'), text: readFileSync(join(WEB, file), 'utf8') }));
const api = sources.find((source) => source.file === 'api.ts')?.text ?? '';

describe('the page’s calls of the API', () => {
  it('reads the page’s sources and its typed calls', () => {
    // A check that reads nothing passes anything.
    expect(sources.length).toBeGreaterThan(20);
    expect(api).toMatch(/roster\.GET\('\/api\/v1\/companies\/\{companyId\}\/members'/);
  });

  it('fetches only in api.ts', () => {
    expect(sources.filter(({ file, text }) => file !== 'api.ts' && /\bfetch\(/.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it('calls the typed client by method and generated path alone', () => {
    const calls = [...api.matchAll(/\broster\.(\w+)/g)].map((match) => match[1]);
    expect(calls.filter((method) => !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method ?? ''))).toEqual([]);
    // The client itself stays in api.ts: the pages call `Api`.
    expect(api).not.toMatch(/export\s+(const|let)\s+roster\b/);
  });
});
