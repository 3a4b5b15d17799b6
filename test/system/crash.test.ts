import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readMail } from '../support/app.js';
import { freePort, startChildServer, signUpOver } from '../support/child-server.js';

const dir = mkdtempSync(join(tmpdir(), 'roster-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function call(url: string, method: string, path: string, cookie: string, body?: object) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test asserts the shape it reads
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => null)) as any };
}

describe('a server killed with SIGKILL', () => {
  it('keeps an acknowledged invitation and delivers its mail after restart', async () => {
    const database = `sqlite:${join(dir, 'roster.db')}`;
    const mailDir = join(dir, 'mail');
    // First life: mail cannot leave (nothing listens on the SMTP port), so it is still queued when killed.
    const first = await startChildServer({
      DATABASE_URL: database,
      MAIL_URL: `smtp://127.0.0.1:${await freePort()}`,
      RATE_LIMITS: 'off',
      // A send cut short by the kill holds its claim this long; then the next life takes the message.
      MAIL_CLAIM_SECONDS: '2',
    });
    const cookie = await signUpOver(first.url, 'owner@example.com');
    // An unverified account sends no invitations, and the verification mail cannot leave in this
    // life: the address is marked verified straight in the file, as opening its link would.
    const file = new Database(join(dir, 'roster.db'));
    try {
      expect(file.prepare('update users set email_verified = 1 where email = ?').run('owner@example.com').changes).toBe(1);
    } finally {
      file.close();
    }
    const company = await call(first.url, 'POST', '/api/v1/companies', cookie, { name: 'Acme' });
    const companyId = company.json.company.id as string;
    const defaultTeamId = company.json.company.defaultTeamId as string;

    const invited = await call(first.url, 'POST', `/api/v1/companies/${companyId}/invitations`, cookie, {
      emails: ['new.hire@example.com'],
      teams: [{ teamId: defaultTeamId, roles: [] }],
    });
    expect(invited.status).toBe(201);
    await first.kill('SIGKILL');
    const toNewHire = () => readMail(mailDir).filter((mail) => mail.headers.get('to')?.includes('new.hire@example.com'));
    expect(toNewHire()).toHaveLength(0);

    // Second life: the invitation is there, and its mail goes out.
    const second = await startChildServer({
      DATABASE_URL: database,
      MAIL_URL: `file:${mailDir}`,
      RATE_LIMITS: 'off',
      MAIL_CLAIM_SECONDS: '2',
    });
    try {
      const list = await call(second.url, 'GET', `/api/v1/companies/${companyId}/invitations`, cookie);
      expect(list.status).toBe(200);
      expect(list.json.items).toMatchObject([{ email: 'new.hire@example.com', status: 'pending' }]);
      const deadline = Date.now() + 20_000;
      while (toNewHire().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const mails = toNewHire();
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text).toMatch(/\/invitations\/\S+/);
    } finally {
      await second.kill();
    }
  });
});
