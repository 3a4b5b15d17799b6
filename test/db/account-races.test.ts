import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import type { CommandContext } from '../../src/commands/context.js';
import { changePassword } from '../../src/commands/change-password.js';
import { logIn } from '../../src/commands/log-in.js';
import { requestPasswordReset } from '../../src/commands/request-password-reset.js';
import { resetPassword } from '../../src/commands/reset-password.js';
import { createSession } from '../../src/commands/sessions-shared.js';
import type { Db } from '../../src/db/database.js';
import { DomainError } from '../../src/domain/errors.js';
import { openBody } from '../../src/mail/outbox.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';
import { makeUser, TEST_PASSWORD } from '../support/factories.js';
import { testSettings } from '../support/settings.js';

let database: TestDatabase;
let db: Db;
const settings = testSettings();
beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
});
afterAll(() => database.drop());

const as = (actorId: string | null, over: Partial<CommandContext> = {}): CommandContext => ({ db, settings, actorId, now: () => new Date(), requestId: 'race', ...over });
const sessionsOf = async (userId: string) => (await db.kysely.selectFrom('sessions').select('id').where('userId', '=', userId).execute()).length;

/** The tokens of every reset link queued for the address, oldest first. */
async function resetLinks(email: string): Promise<string[]> {
  const rows = await db.kysely.selectFrom('outbox').select(['id', 'bodyText']).where('toAddress', '=', email).where('kind', '=', 'password-reset').orderBy('createdAt').execute();
  return rows.map((row) => /\/reset-password\/(\S+)/.exec(openBody(settings.secretKey, row.id, row.bodyText))![1]!);
}

const outcome = (result: PromiseSettledResult<unknown>): string =>
  result.status === 'fulfilled' ? 'ok' : result.reason instanceof DomainError ? result.reason.code : String(result.reason);

// On PostgreSQL the two run at once on two connections; on SQLite, one after the other in either order.
describe(`account races on ${TEST_DATABASE}`, () => {
  it('two resets of one account with one link at once: exactly one sets its password', async () => {
    const user = await makeUser(db);
    await requestPasswordReset(as(null), user.email);
    const [token] = await resetLinks(user.email);
    const passwords = ['first new passphrase', 'second new passphrase'];
    const results = await Promise.allSettled(passwords.map((password) => resetPassword(as(null), { token: token!, password })));
    expect(results.map(outcome).sort()).toEqual(['CONFLICT', 'ok']);
    const winner = passwords[results.findIndex((result) => result.status === 'fulfilled')]!;
    expect((await logIn(as(null), { email: user.email, password: winner })).user?.id).toBe(user.id);
    await expect(logIn(as(null), { email: user.email, password: passwords.find((p) => p !== winner)! })).rejects.toThrow();
    expect(await db.kysely.selectFrom('securityEvents').select('type').where('userId', '=', user.id).where('type', '=', 'password.reset').execute()).toHaveLength(1);
  });

  it('two reset requests for one account at once: one link stays, the other is gone', async () => {
    const user = await makeUser(db);
    await Promise.all([requestPasswordReset(as(null), user.email), requestPasswordReset(as(null), user.email)]);
    const links = await resetLinks(user.email);
    expect(links).toHaveLength(2);
    const stored = await db.kysely.selectFrom('passwordResets').select('tokenHash').where('userId', '=', user.id).execute();
    expect(stored).toHaveLength(1);
    const live = links.filter((link) => hashSecret(link) === stored[0]!.tokenHash);
    expect(live).toHaveLength(1);
    const results = await Promise.allSettled(links.map((token, i) => resetPassword(as(null), { token, password: `passphrase number ${i}` })));
    expect(results.map(outcome).sort()).toEqual(['NOT_FOUND', 'ok']);
  });

  it('a sign-in whose password was checked before a reset committed starts no session after it', async () => {
    const user = await makeUser(db);
    await requestPasswordReset(as(null), user.email);
    const [token] = await resetLinks(user.email);
    // The sign-in's write waits, after its password check, until the reset has committed.
    let reached!: () => void;
    const atWrite = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const gated: Db = { ...db, kysely: db.kysely, write: async (work) => (reached(), await released, db.write(work)) };
    const signIn = logIn({ ...as(null), db: gated }, { email: user.email, password: TEST_PASSWORD });
    await atWrite;
    await resetPassword(as(null), { token: token!, password: 'the reset passphrase' });
    release();
    await expect(signIn).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await sessionsOf(user.id)).toBe(0);
  });

  it('a sign-in and a reset at once: no session survives the reset, whichever commits first', async () => {
    for (let round = 0; round < 3; round++) {
      const user = await makeUser(db);
      await requestPasswordReset(as(null), user.email);
      const [token] = await resetLinks(user.email);
      const results = await Promise.allSettled([
        logIn(as(null), { email: user.email, password: TEST_PASSWORD }),
        resetPassword(as(null), { token: token!, password: 'the reset passphrase' }),
      ]);
      expect(outcome(results[1])).toBe('ok');
      expect(['ok', 'UNAUTHENTICATED']).toContain(outcome(results[0]));
      expect(await sessionsOf(user.id)).toBe(0);
    }
  });

  it('a password change and a reset at once: the one that commits second is refused or ends what the first kept', async () => {
    const user = await makeUser(db);
    const { sessionId } = await db.write((tx) => createSession(tx, user.id, new Date()));
    await requestPasswordReset(as(null), user.email);
    const [token] = await resetLinks(user.email);
    const results = await Promise.allSettled([
      changePassword(as(user.id, { signedInWith: 'session', sessionId, sessionAuthenticatedAt: new Date().toISOString() }), { currentPassword: TEST_PASSWORD, newPassword: 'the changed passphrase' }),
      resetPassword(as(null), { token: token!, password: 'the reset passphrase' }),
    ]);
    const [change, reset] = results.map(outcome);
    // The change first: it kills the reset link (NOT_FOUND). The reset first: the change finds the password changed (CONFLICT).
    expect([`${change}/${reset}`]).toContainEqual(expect.stringMatching(/^(ok\/NOT_FOUND|CONFLICT\/ok)$/));
    const winner = change === 'ok' ? 'the changed passphrase' : 'the reset passphrase';
    expect((await logIn(as(null), { email: user.email, password: winner })).user?.id).toBe(user.id);
  });
});
