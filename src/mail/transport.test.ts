import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEml } from './eml.js';
import { invitationMessage } from './templates.js';
import { createMailTransport, smtpOptions, type MailTransport } from './transport.js';

// Long enough that nodemailer wraps the line in the raw message: the reader must undo it.
const acceptUrl = 'http://localhost:3000/invitations/9sFq1u2T8pXrY0aLkQ3wZb7cVd4eHn6mJ5oPiUgR-_A';
const from = 'Roster <no-reply@roster.example>';

function invitation(id: string, to: string) {
  const content = invitationMessage('en', {
    companyName: 'Müller & Söhne',
    inviterName: 'Ada Lovelace',
    teams: [{ teamName: 'Design', roles: ['recruiter'] }],
    personalMessage: 'Grüße aus Berlin!',
    acceptUrl,
    expiresAt: '2025-01-08T09:30:00.000Z',
  });
  return { id, to, ...content };
}

let dir: string;
const transports: MailTransport[] = [];
const servers: SMTPServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-transport-'));
});

afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((done) => {
          server.close(() => {
            done();
          });
        }),
    ),
  );
  await rm(dir, { recursive: true, force: true });
});

function open(mailUrl: string): MailTransport {
  const transport = createMailTransport(mailUrl, from);
  transports.push(transport);
  return transport;
}

describe('file transport', () => {
  it('writes one .eml per message, in a directory it creates', async () => {
    const mailDir = join(dir, 'var', 'mail');
    const transport = open('file:' + mailDir);
    await transport.send(invitation('11111111-aaaa', 'grace@example.com'));
    await transport.send(invitation('22222222-bbbb', 'alan@example.com'));

    expect((await readdir(mailDir)).sort()).toEqual(['11111111-aaaa.eml', '22222222-bbbb.eml']);
    const raw = await readFile(join(mailDir, '11111111-aaaa.eml'));
    expect(raw.toString('latin1')).toMatch(/^[^\n]*\r\n/); // CRLF line ends, as RFC 5322 has them
    expect(raw.toString('latin1')).not.toContain(acceptUrl); // wrapped by quoted-printable
    const mail = parseEml(raw);
    expect(mail.headers.get('to')).toBe('grace@example.com');
    expect(mail.headers.get('from')).toBe(from);
    expect(mail.headers.get('subject')).toBe('Ada Lovelace invited you to join Müller & Söhne on Roster');
    expect(mail.headers.get('message-id')).toBe('<11111111-aaaa@roster.example>');
    expect(mail.text.split('\n')).toContain(acceptUrl);
    expect(mail.text).toContain('> Grüße aus Berlin!');
  });

  it('replaces the file when the same row is delivered again, and leaves no temporary file', async () => {
    const transport = open('file:' + dir);
    await transport.send(invitation('33333333-cccc', 'grace@example.com'));
    await transport.send({ ...invitation('33333333-cccc', 'grace@example.com'), subject: 'Second try' });

    expect(await readdir(dir)).toEqual(['33333333-cccc.eml']);
    const mail = parseEml(await readFile(join(dir, '33333333-cccc.eml')));
    expect(mail.headers.get('subject')).toBe('Second try');
  });

  it('accepts a file:// URL', async () => {
    const transport = open(pathToFileURL(join(dir, 'out')).href);
    await transport.send(invitation('44444444-dddd', 'grace@example.com'));
    expect(await readdir(join(dir, 'out'))).toEqual(['44444444-dddd.eml']);
  });

  it('refuses an id that is not a plain file name', async () => {
    const transport = open('file:' + join(dir, 'mail'));
    await expect(transport.send(invitation('../escape', 'grace@example.com'))).rejects.toThrow('safe file name');
    expect(await readdir(dir)).toEqual([]);
  });

  it('sends one message to one mailbox, even if the address holds a list', async () => {
    const transport = open('file:' + dir);
    await expect(transport.send(invitation('55555555-eeee', 'a@example.com, b@example.com'))).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });
});

interface Received {
  rcptTo: string[];
  raw: string;
  user: string | undefined;
}

async function startServer(options: SMTPServerOptions): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          rcptTo: session.envelope.rcptTo.map((address) => address.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return { port: (server.server.address() as AddressInfo).port, received };
}

describe('smtp transport', () => {
  it('delivers to a plain SMTP server', async () => {
    const { port, received } = await startServer({ disabledCommands: ['STARTTLS'] });
    const transport = open(`smtp://127.0.0.1:${port}`);
    await transport.send(invitation('66666666-ffff', 'grace@example.com'));

    expect(received).toHaveLength(1);
    expect(received[0]!.rcptTo).toEqual(['grace@example.com']);
    const mail = parseEml(received[0]!.raw);
    expect(mail.headers.get('to')).toBe('grace@example.com');
    expect(mail.headers.get('subject')).toBe('Ada Lovelace invited you to join Müller & Söhne on Roster');
    expect(mail.text.split('\n')).toContain(acceptUrl);
  });

  it('logs in with the user and password of the URL, percent-decoded', async () => {
    const { port, received } = await startServer({
      disabledCommands: ['STARTTLS'],
      authOptional: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer' && auth.password === 'p@ss:w/rd') callback(null, { user: auth.username });
        else callback(new Error('bad credentials'));
      },
    });
    const transport = open(`smtp://mailer:${encodeURIComponent('p@ss:w/rd')}@127.0.0.1:${port}`);
    await transport.send(invitation('77777777-0000', 'grace@example.com'));
    expect(received.map((mail) => mail.user)).toEqual(['mailer']);
  });

  it('skips STARTTLS with ?ignoreTLS=true, where an unverifiable certificate would fail', async () => {
    // The server offers STARTTLS with smtp-server's built-in self-signed certificate.
    const { port, received } = await startServer({});
    await expect(open(`smtp://127.0.0.1:${port}`).send(invitation('88888888-0000', 'grace@example.com'))).rejects.toThrow();
    expect(received).toHaveLength(0);

    await open(`smtp://127.0.0.1:${port}?ignoreTLS=true`).send(invitation('88888888-1111', 'grace@example.com'));
    expect(received).toHaveLength(1);
  });
});

describe('smtpOptions', () => {
  it('reads host, port, TLS mode and credentials', () => {
    expect(smtpOptions('smtps://u:p%40ss@mail.example.com:2465?requireTLS=false')).toMatchObject({
      host: 'mail.example.com',
      port: 2465,
      secure: true,
      requireTLS: false,
      auth: { user: 'u', pass: 'p@ss' },
    });
    expect(smtpOptions('smtp://[::1]:1025?ignoreTLS=true')).toMatchObject({ host: '::1', secure: false, ignoreTLS: true });
  });

  it('refuses options other than ignoreTLS and requireTLS', () => {
    // nodemailer's own parser would take these, and debug output carries message bodies.
    expect(() => smtpOptions('smtp://localhost:25?debug=true')).toThrow('option debug is not supported');
    expect(() => smtpOptions('smtp://localhost:25?ignoreTLS=yes')).toThrow('must be true or false');
    expect(() => smtpOptions('smtp://localhost:25?ignoreTLS=true&requireTLS=true')).toThrow('cannot both');
  });

  it('never echoes the password of a URL it refuses', () => {
    expect(() => createMailTransport('imap://user:hunter2@mail.example.com', from)).toThrow(/^MAIL_URL must start with/);
    for (const url of ['imap://user:hunter2@mail.example.com', 'smtp://user:hunter2@', 'smtp://user:hunter2@host?x=1']) {
      expect(() => createMailTransport(url, from)).toThrow();
      try {
        createMailTransport(url, from);
      } catch (error) {
        expect(String(error)).not.toContain('hunter2');
      }
    }
  });
});
