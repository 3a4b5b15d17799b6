import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from '../../test/support/dns-server.js';
import { startReceiver, type TestReceiver } from '../../test/support/webhook-receiver.js';
import { sendWebhook } from './send.js';

let receiver: TestReceiver;
let dns: TestDnsServer;
beforeAll(async () => {
  receiver = await startReceiver();
  dns = await startDnsServer();
});
afterAll(async () => {
  await receiver.close();
  await dns.close();
});

const port = () => new URL(receiver.url).port;
const off = { allowPrivate: false };

describe('sendWebhook', () => {
  it('posts the body with its headers, and reads the answer', async () => {
    receiver.answer(() => 200);
    const before = receiver.received.length;
    const outcome = await sendWebhook(receiver.url, '{"a":1}', { 'webhook-id': 'msg_1' }, { allowPrivate: true });
    expect(outcome).toMatchObject({ ok: true, statusCode: 200, error: null, responseBody: 'ok' });
    const got = receiver.received[before]!;
    expect(got.body).toBe('{"a":1}');
    expect(got.headers['webhook-id']).toBe('msg_1');
    expect(got.headers['content-type']).toBe('application/json');
  });

  it('counts an answer outside 2xx as a failure, with its status and body', async () => {
    receiver.answer(() => 500);
    expect(await sendWebhook(receiver.url, '{}', {}, { allowPrivate: true })).toMatchObject({ ok: false, statusCode: 500, error: 'answered 500', responseBody: 'failing on purpose' });
  });

  it.each([
    ['loopback', `http://127.0.0.1:PORT/hooks`],
    ['loopback', `http://[::1]:PORT/hooks`],
    ['private', `http://10.0.0.1:PORT/hooks`],
    ['link-local', `http://169.254.169.254/latest/meta-data`],
    ['unique-local', `http://[fc00::1]:PORT/hooks`],
    ['loopback', `http://[::ffff:127.0.0.1]:PORT/hooks`],
  ])('refuses a %s address (%s) without connecting, unless private addresses are allowed', async (kind, template) => {
    const before = receiver.received.length;
    const outcome = await sendWebhook(template.replace('PORT', port()), '{}', {}, off);
    expect(outcome.ok).toBe(false);
    expect(outcome.statusCode).toBeNull();
    expect(outcome.error).toContain(`(${kind})`);
    expect(receiver.received.length).toBe(before);
  });

  it('checks every address a name resolves to, after the lookup, and connects to the one checked', async () => {
    dns.set('inside.example', { a: ['127.0.0.1'] });
    dns.set('mixed.example', { a: ['93.184.215.14', '10.1.2.3'] });
    dns.set('v6.example', { aaaa: ['::1'] });
    const servers = [dns.address];
    receiver.answer(() => 200);
    const before = receiver.received.length;
    for (const name of ['inside', 'v6', 'mixed']) {
      const outcome = await sendWebhook(`http://${name}.example:${port()}/hooks`, '{}', {}, { ...off, dnsServers: servers });
      expect(outcome.error, name).toMatch(/^refused: /);
    }
    expect(receiver.received.length).toBe(before);
    // Allowed, the name's own address is the one connected to: the receiver answers.
    const allowed = await sendWebhook(`http://inside.example:${port()}/hooks`, '{}', {}, { allowPrivate: true, dnsServers: servers });
    expect(allowed).toMatchObject({ ok: true, statusCode: 200 });
    expect(receiver.received.at(-1)?.headers.host).toBe(`inside.example:${port()}`);
  });

  it('fails a name that does not resolve', async () => {
    const outcome = await sendWebhook(`http://nowhere.example/hooks`, '{}', {}, { ...off, dnsServers: [dns.address] });
    expect(outcome).toMatchObject({ ok: false, statusCode: null });
    expect(outcome.error).toContain('did not resolve');
  });

  it('does not follow a redirect, keeps 1 KB of a long answer, and gives up on one that does not come', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/redirect') res.writeHead(302, { location: '/elsewhere' }).end();
      else if (req.url === '/long') res.writeHead(200).end('x'.repeat(100_000));
      else if (req.url === '/elsewhere') res.writeHead(200).end('followed');
      // '/hang' never answers.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      expect(await sendWebhook(`${base}/redirect`, '{}', {}, { allowPrivate: true })).toMatchObject({ ok: false, statusCode: 302 });
      const long = await sendWebhook(`${base}/long`, '{}', {}, { allowPrivate: true });
      expect(long.ok).toBe(true);
      expect(long.responseBody).toHaveLength(1024);
      const hang = await sendWebhook(`${base}/hang`, '{}', {}, { allowPrivate: true, timeoutMs: 300 });
      expect(hang).toMatchObject({ ok: false, statusCode: null, error: 'no answer within 0.3 s' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
