import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { built } from '../support/built.js';
import { makeCompany, snapshot } from '../support/factories.js';
import { api } from '../support/refusals.js';

const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const available = built('command-line');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(!available)('the roster command line, built, against the database', { timeout: 60_000 }, () => {
  let server: TestServer;
  let acme: Awaited<ReturnType<typeof makeCompany>>;

  /** Runs `roster …` as an operator would, on the test's database, and what it printed. */
  const roster = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [MAIN, ...args],
        { env: { ...process.env, DATABASE_URL: server.config.databaseUrl, BASE_URL: 'http://roster.test', MAIL_URL: `file:${server.mailDir}`, DATA_DIR: join(server.mailDir, '..') } },
        (error, stdout, stderr) => {
          resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
        },
      );
    });

  beforeAll(async () => {
    server = await startTestServer();
    acme = await makeCompany(server, 'Acme CLI');
  });
  afterAll(() => server.close());

  it('prints its help on stdout (exit 0), and says what is wrong on stderr with exit code 2', async () => {
    const help = await roster('--help');
    expect(help).toMatchObject({ code: 0, stderr: '' });
    for (const command of ['serve', 'migrate', 'companies list', 'members export', 'audit', 'password-reset-link']) expect(help.stdout).toContain(`  ${command} `);
    const own = await roster('members', 'export', '--help');
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/^Usage: roster members export --company ID/);
    const unknown = await roster('frobnicate');
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const missing = await roster('members', 'export');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--company is required');
    const badOption = await roster('companies', 'list', '--colour');
    expect(badOption.code).toBe(2);
    const badFormat = await roster('members', 'export', '--company', acme.company.id, '--format', 'xlsx');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be one of csv, jsonl');
  });

  it('lists the companies with their owner and member count', async () => {
    await acme.member();
    const listed = await roster('companies', 'list', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const companies = listed.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(companies.find((company) => company.id === acme.company.id)).toMatchObject({ name: 'Acme CLI', ownerEmail: acme.owner.email, members: 2 });
    const table = await roster('companies', 'list');
    expect(table.stdout.split('\n')[0]).toMatch(/^id\s+name\s+owner\s+members\s+created$/);
  });

  it("exports the members as the owner, audited as taken on the command line; to a file with a count", async () => {
    const exported = await roster('members', 'export', '--company', acme.company.id);
    expect(exported.code, exported.stderr).toBe(0);
    const rows = parse<Record<string, string>>(exported.stdout, { bom: true, columns: true });
    expect(rows.map((row) => row.email).sort()).toHaveLength(2);
    expect(rows.some((row) => row.email === acme.owner.email && row.owner === 'yes')).toBe(true);
    const events = await server.db.kysely.selectFrom('auditEvents').selectAll().where('companyId', '=', acme.company.id).where('type', '=', 'members.exported').execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.actorId).toBe(acme.owner.id);
    expect(JSON.parse(events[0]?.data ?? '{}')).toEqual({ format: 'csv', filters: {}, via: 'cli' });

    const file = join(server.mailDir, '..', 'members.jsonl');
    const saved = await roster('members', 'export', '--company', acme.company.id, '--format', 'jsonl', '--output', file);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toBe('');
    expect(saved.stderr).toContain(`2 members written to ${file}`);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('refuses, with exit code 3 and nothing changed, what the person named by --as may not do, and an unknown company', async () => {
    const plain = await acme.member();
    const before = await snapshot(server.db);
    const refused = await roster('members', 'export', '--company', acme.company.id, '--as', plain.email);
    expect(refused).toMatchObject({ code: 3, stdout: '' });
    expect(refused.stderr).toContain('FORBIDDEN');
    const nowhere = await roster('audit', '--company', '00000000-0000-4000-8000-000000000000');
    expect(nowhere.code).toBe(3);
    expect(nowhere.stderr).toContain('NOT_FOUND');
    expect(await snapshot(server.db)).toEqual(before);
  });

  it('writes the audit log within a time range, oldest first', async () => {
    const all = await roster('audit', '--company', acme.company.id, '--since', '2000-01-01');
    expect(all.code, all.stderr).toBe(0);
    const events = all.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; createdAt: string });
    expect(events[0]?.type).toBe('company.created');
    expect(events.map((event) => event.createdAt)).toEqual(events.map((event) => event.createdAt).sort());
    const none = await roster('audit', '--company', acme.company.id, '--until', '2000-01-01');
    expect(none).toMatchObject({ code: 0, stdout: '' });
    const wrong = await roster('audit', '--company', acme.company.id, '--since', 'yesterday-ish');
    expect(wrong.code).toBe(2);
  });

  it('prints a password-reset link that sets a new password; an unknown email is exit code 3', async () => {
    const printed = await roster('password-reset-link', '--email', acme.owner.email.toUpperCase());
    expect(printed.code, printed.stderr).toBe(0);
    const url = printed.stdout.trim();
    expect(url).toMatch(/^http:\/\/roster\.test\/reset-password\/\S+$/);
    const token = url.split('/').at(-1) ?? '';
    const reset = await server.app.inject({ method: 'POST', url: api('/auth/reset-password'), payload: { token, password: 'a brand new passphrase 42' } });
    expect(reset.statusCode, reset.body).toBe(204);
    const signIn = await server.app.inject({ method: 'POST', url: api('/auth/login'), payload: { email: acme.owner.email, password: 'a brand new passphrase 42' } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const unknown = await roster('password-reset-link', '--email', 'nobody@example.com');
    expect(unknown.code).toBe(3);
    expect(existsSync(MAIN)).toBe(true);
  });
});
