import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestServer, linkToken, type TestServer } from '../support/app.js';
import { TEST_DATABASE } from '../support/database.js';
import { workAfterAnswers } from '../../src/http/after-answer.js';

let server: TestServer;
let databasePath: string;
let tokens: { verification: string; invitation: string; pendingInvitation: string; reset: string; emailChange: string };

// §6: a copy of the database — a backup, a stolen disk — holds no usable link. Bodies of queued
// mail are sealed under the secret key (never in the database); SQLite zeroes freed pages.
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMITS: 'off' });
  databasePath = server.config.databaseUrl.slice('sqlite:'.length);
  const signup = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: { email: 'owner-at-rest@example.com', name: 'Owner', password: 'owner password 1' },
  });
  const cookie = String(signup.headers['set-cookie']).split(';')[0]!;
  // As its verification link would: an unverified account sends no invitations.
  await server.db.kysely.updateTable('users').set({ emailVerified: 1 }).where('email', '=', 'owner-at-rest@example.com').execute();
  const { company } = (
    await server.app.inject({ method: 'POST', url: '/api/v1/companies', headers: { cookie }, payload: { name: 'At Rest' } })
  ).json<{ company: { id: string; defaultTeamId: string } }>();
  const invite = (email: string) =>
    server.app.inject({
      method: 'POST',
      url: `/api/v1/companies/${company.id}/invitations`,
      headers: { cookie },
      payload: { emails: [email], teams: [{ teamId: company.defaultTeamId, roles: [] }] },
    });
  expect((await invite('invitee-at-rest@example.com')).statusCode).toBe(201);
  await server.deliverMail();
  // A password-reset link and an email change's link, both delivered and still usable.
  expect((await server.app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email: 'owner-at-rest@example.com' } })).statusCode).toBe(202);
  await workAfterAnswers(server.services);
  expect((await server.app.inject({ method: 'POST', url: '/api/v1/me/email', headers: { cookie }, payload: { email: 'moved-at-rest@example.com' } })).statusCode).toBe(202);
  await server.deliverMail();
  tokens = {
    verification: linkToken(server.mailTo('owner-at-rest@example.com')[0]!, 'verify-email'),
    invitation: linkToken(server.mailTo('invitee-at-rest@example.com')[0]!, 'invitations'),
    pendingInvitation: '',
    reset: linkToken(server.mailTo('owner-at-rest@example.com').find((mail) => mail.text.includes('/reset-password/'))!, 'reset-password'),
    emailChange: linkToken(server.mailTo('moved-at-rest@example.com')[0]!, 'confirm-email'),
  };
  // One more, queued and not yet sent: its body is in the outbox now.
  expect((await invite('pending-at-rest@example.com')).statusCode).toBe(201);
});
afterAll(() => server.close());

/** Every byte of the database's files that exist: the database, its WAL and its shared memory. */
function databaseBytes(): Buffer {
  return Buffer.concat([databasePath, `${databasePath}-wal`, `${databasePath}-shm`].filter((path) => existsSync(path)).map((path) => readFileSync(path)));
}

describe('secrets at rest', () => {
  it('keeps queued mail sealed: no link in the outbox, on either database', async () => {
    const rows = await server.db.kysely.selectFrom('outbox').select(['toAddress', 'bodyText', 'sentAt']).execute();
    const pending = rows.find((row) => row.toAddress === 'pending-at-rest@example.com')!;
    expect(pending.sentAt).toBeNull();
    expect(pending.bodyText).toMatch(/^sealed:v1:/);
    expect(pending.bodyText).not.toContain('/invitations/');
    for (const row of rows.filter((row) => row.sentAt !== null)) expect(row.bodyText).toBe('');
    // The links still work: the sealed body was sent as written.
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/invitations/${tokens.invitation}` })).statusCode).toBe(200);
  });

  it.skipIf(TEST_DATABASE !== 'sqlite')('leaves no live token in the raw bytes of the SQLite files, open or closed', async () => {
    expect(Object.values((await sql<Record<string, number>>`pragma secure_delete`.execute(server.db.kysely)).rows[0] ?? {})[0]).toBe(1);
    await server.deliverMail();
    const pendingMail = server.mailTo('pending-at-rest@example.com')[0]!;
    tokens.pendingInvitation = linkToken(pendingMail, 'invitations');
    const live = Object.values(tokens);
    expect(live.every((token) => token.length >= 40)).toBe(true);

    const whileOpen = databaseBytes();
    expect(whileOpen.length).toBeGreaterThan(0);
    for (const token of live) expect(whileOpen.includes(token)).toBe(false);
    // A checkpoint moves the WAL's pages into the file; closing removes the WAL.
    await server.db.close();
    const closed = readFileSync(databasePath);
    for (const token of live) expect(closed.includes(token)).toBe(false);
  });
});
