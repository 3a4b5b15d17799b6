import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example } from '../../clients/typescript/example.js';
import { startTestServer, type TestServer } from '../support/app.js';

/**
 * The README's example of the typed client (clients/typescript/example.ts, the very file the
 * README shows: test/docs/readme-example.test.ts), run over HTTP against a listening server with a
 * real API token.
 */
let server: TestServer;
let url: string;
beforeAll(async () => {
  server = await startTestServer();
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

/** One call over HTTP, as JSON; the answer's body and headers. */
async function post(path: string, body: unknown, cookie?: string): Promise<{ json: Record<string, unknown>; headers: Headers }> {
  const answer = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  expect(answer.ok, `${path}: ${answer.status}`).toBe(true);
  return { json: (await answer.json()) as Record<string, unknown>, headers: answer.headers };
}

describe('the typed client’s example in the README', () => {
  it('lists the members with an API token, and tells a refusal by its code', async () => {
    const signUp = await post('/api/v1/auth/signup', { email: 'olivia@acme.test', name: 'Olivia', password: 'a long password' });
    const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0]!;
    const company = (await post('/api/v1/companies', { name: 'Acme' }, cookie)).json.company as { id: string };
    const token = String((await post('/api/v1/me/tokens', { name: 'example' }, cookie)).json.token);
    expect(token).toMatch(/^rst_/);

    expect(await example(url, token, company.id)).toEqual(['Olivia (owner)', 'A team of that name exists already.']);
    // The refusal changed nothing: the company still has its one team.
    const teams = await fetch(`${url}/api/v1/companies/${company.id}/teams`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await teams.json()) as { items: { name: string }[] }).items.map((team) => team.name)).toEqual(['General']);
  });

  it('fails as its caller would see it without a valid token', async () => {
    await expect(example(url, 'rst_not-a-token', 'no-company')).rejects.toThrow(/^UNAUTHENTICATED: /);
  });
});
