import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { built } from '../support/built.js';
import { makeCompany, snapshot } from '../support/factories.js';

const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/invitations.csv', import.meta.url));
const available = built('command-line');

interface ReportRow {
  line: string;
  email: string;
  result: string;
  code: string;
  detail: string;
  invitation_id: string;
}

describe.skipIf(!available)('roster invitations import, built, against the database', { timeout: 60_000 }, () => {
  let server: TestServer;
  let acme: Awaited<ReturnType<typeof makeCompany>>;
  // The fixture's file names the teams General, Engineering and Sales (test/fixtures/invitations.csv).
  const file = join(mkdtempSync(join(tmpdir(), 'roster-import-')), 'people.csv');

  const roster = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [MAIN, ...args],
        { env: { ...process.env, DATABASE_URL: server.config.databaseUrl, BASE_URL: 'http://roster.test', MAIL_URL: `file:${server.mailDir}` } },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
      );
    });
  const report = (stdout: string) => parse<ReportRow>(stdout, { columns: true });
  const outcomeOf = (rows: ReportRow[]) => rows.map((row) => [row.line, row.email, row.code || row.result]);

  beforeAll(async () => {
    server = await startTestServer();
    acme = await makeCompany(server, 'Acme import');
    await acme.team('Engineering');
    await acme.team('Sales');
    copyFileSync(FIXTURE, file);
  });
  afterAll(() => server.close());

  it('is listed in the help, with help of its own', async () => {
    const help = await roster('--help');
    expect(help.stdout).toContain('  invitations import ');
    const own = await roster('invitations', 'import', '--help');
    expect(own).toMatchObject({ code: 0, stderr: '' });
    expect(own.stdout).toMatch(/^Usage: roster invitations import --company ID --file FILE/);
    const missing = await roster('invitations', 'import', '--company', acme.company.id);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--file is required');
  });

  it('checks every row in a dry run, reports each, and changes nothing (exit 3: some were refused)', async () => {
    const before = await snapshot(server.db);
    const run = await roster('invitations', 'import', '--company', acme.company.id, '--file', file, '--dry-run');
    expect(run.code, run.stderr).toBe(3);
    expect(await snapshot(server.db)).toEqual(before);
    expect(outcomeOf(report(run.stdout))).toEqual([
      ['2', 'ann@example.com', 'VALIDATION_FAILED'],
      ['3', 'bob@example.com', 'valid'],
      ['5', 'carol@example.com', 'valid'],
      ['6', 'not-an-email', 'VALIDATION_FAILED'],
      ['7', 'dan@example.com', 'VALIDATION_FAILED'],
      ['8', 'erin@example.com', 'VALIDATION_FAILED'],
      ['9', 'frank@example.com', 'VALIDATION_FAILED'],
      ['10', 'gina@example.com', 'VALIDATION_FAILED'],
      ['11', 'hal@example.com', 'VALIDATION_FAILED'],
      ['12', 'ann@example.com', 'VALIDATION_FAILED'],
    ]);
    expect(report(run.stdout)[0]?.detail).toMatch(/rows/);
    expect(run.stderr).toContain('2 valid, 8 refused, of 10 rows');
  });

  it('invites as the person --as names, by their rights: an admin grants no company role', async () => {
    const admin = await acme.member({ companyRoles: ['admin'] });
    const run = await roster('invitations', 'import', '--company', acme.company.id, '--file', file, '--as', admin.email, '--message', 'Welcome');
    expect(run.code, run.stderr).toBe(3);
    const rows = report(run.stdout);
    expect(rows.find((row) => row.email === 'bob@example.com')).toMatchObject({ result: 'invited', invitation_id: expect.any(String) });
    expect(rows.find((row) => row.email === 'carol@example.com')).toMatchObject({ result: 'refused', code: 'FORBIDDEN' });
    const invited = await server.db.kysely.selectFrom('invitations').select(['email', 'invitedBy']).where('companyId', '=', acme.company.id).execute();
    expect(invited).toEqual([{ email: 'bob@example.com', invitedBy: admin.id }]);
    const mails = await server.db.kysely.selectFrom('outbox').select('id').where('toAddress', '=', 'bob@example.com').execute();
    expect(mails).toHaveLength(1);
    const event = await server.db.kysely
      .selectFrom('auditEvents')
      .select('data')
      .where('companyId', '=', acme.company.id)
      .where('type', '=', 'invitation.created')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toMatchObject({ via: 'cli', invitations: [{ email: 'bob@example.com' }] });

    // Run again: bob is pending now, and says so.
    const again = await roster('invitations', 'import', '--company', acme.company.id, '--file', file, '--as', admin.email);
    expect(report(again.stdout).find((row) => row.email === 'bob@example.com')).toMatchObject({ code: 'INVITATION_ALREADY_PENDING' });
  });

  it('exits 0 when every row passed, 3 for an unknown company, 1 for a file it cannot read', async () => {
    const other = await makeCompany(server, 'Other import');
    const good = join(mkdtempSync(join(tmpdir(), 'roster-import-')), 'good.csv');
    writeFileSync(good, 'email,teams\nzed@example.com,General\n');
    const ok = await roster('invitations', 'import', '--company', other.company.id, '--file', good);
    expect(ok.code, ok.stderr).toBe(0);
    expect(report(ok.stdout)).toMatchObject([{ email: 'zed@example.com', result: 'invited' }]);
    const unknown = await roster('invitations', 'import', '--company', 'no-such-company', '--file', good);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('NOT_FOUND');
    const missing = await roster('invitations', 'import', '--company', other.company.id, '--file', join(tmpdir(), 'no-such-file.csv'));
    expect(missing.code).toBe(1);
  });
});
