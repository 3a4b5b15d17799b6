import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workAfterAnswers } from '../../src/http/after-answer.js';
import { parseEml, type ParsedMail } from '../../src/mail/eml.js';
import { linkToken, startTestServer, type TestServer } from '../support/app.js';
import { makeUser, TEST_PASSWORD } from '../support/factories.js';

// The account's mails through the outbox and the worker to a real SMTP server (smtp-server), as
// they leave in production; the HTTP tests read the same mails from the file transport.
const received: { to: string[]; mail: ParsedMail }[] = [];
let smtp: SMTPServer;
let server: TestServer;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((address) => address.address), mail: parseEml(Buffer.concat(chunks)) });
        callback();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const port = (smtp.server.address() as AddressInfo).port;
  server = await startTestServer({ MAIL_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true` });
});
afterAll(async () => {
  await server.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const post = (url: string, payload: object, headers: Record<string, string> = {}) => server.app.inject({ method: 'POST', url, payload, headers });

/** Delivers what is due and returns the messages the SMTP server got for this address since `from`. */
async function deliveredTo(address: string, from: number): Promise<ParsedMail[]> {
  await server.deliverMail();
  return received.slice(from).filter((message) => message.to.includes(address)).map((message) => message.mail);
}

describe('account mails over SMTP', () => {
  it('the reset link, the password notice, the email-change link and the notice to the old address', async () => {
    const user = await makeUser(server.db, { name: 'Ada\nLovelace' });
    let mark = received.length;
    expect((await post('/api/v1/auth/forgot-password', { email: user.email })).statusCode).toBe(202);
    await workAfterAnswers(server.services);
    const [reset] = await deliveredTo(user.email, mark);
    expect(reset?.headers.get('subject')).toBe('Reset your Roster password');
    // A name's line break stays on the greeting's line.
    expect(reset?.text.split('\n')[0]).toBe('Hi Ada Lovelace,');
    const resetToken = linkToken(reset!, 'reset-password');

    mark = received.length;
    expect((await post('/api/v1/auth/reset-password', { token: resetToken, password: 'a fresh passphrase' })).statusCode).toBe(204);
    const [resetNotice] = await deliveredTo(user.email, mark);
    expect(resetNotice?.headers.get('subject')).toBe('Your Roster password was changed');
    expect(resetNotice?.text).toContain('was reset with a link sent to this address on January 5, 2026 at 10:00 UTC.');
    expect(resetNotice?.text).not.toContain(resetToken);

    const login = await post('/api/v1/auth/login', { email: user.email, password: 'a fresh passphrase' });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    mark = received.length;
    expect((await post('/api/v1/me/password', { currentPassword: 'a fresh passphrase', newPassword: TEST_PASSWORD }, { cookie })).statusCode).toBe(200);
    const [changeNotice] = await deliveredTo(user.email, mark);
    expect(changeNotice?.text).toContain('The password of your Roster account was changed on January 5, 2026 at 10:00 UTC.');

    const newEmail = `new-${user.email}`;
    mark = received.length;
    expect((await post('/api/v1/me/email', { email: newEmail }, { cookie })).statusCode).toBe(202);
    const toNew = await deliveredTo(newEmail, mark);
    expect(toNew.map((mail) => mail.headers.get('subject'))).toEqual(['Confirm your new email address for Roster']);
    expect(await deliveredTo(user.email, mark)).toEqual([]);
    const confirmToken = linkToken(toNew[0]!, 'confirm-email');

    mark = received.length;
    expect((await post('/api/v1/auth/confirm-email', { token: confirmToken })).statusCode).toBe(200);
    const [changed] = await deliveredTo(user.email, mark);
    expect(changed?.headers.get('subject')).toBe('The email of your Roster account was changed');
    expect(changed?.text).toContain(`changed from this address to ${newEmail} on January 5, 2026 at 10:00 UTC.`);
    // Sent, every body is erased from the outbox.
    const bodies = await server.db.kysely.selectFrom('outbox').select(['bodyText', 'sentAt']).execute();
    expect(bodies.every((row) => row.sentAt !== null && row.bodyText === '')).toBe(true);
  });
});
