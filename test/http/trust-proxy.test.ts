import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTestServer } from '../support/app.js';

describe('TRUST_PROXY', () => {
  it('trusts no proxy when unset or false', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('takes a number of hops', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: ' 2 ' }).trustProxy).toBe(2);
  });

  it('takes a comma-separated list of IPv4 and IPv6 addresses and CIDRs', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy).toEqual(['127.0.0.1']);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8 , ::1, 0.0.0.0/0, ::/0' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      '::1',
      '0.0.0.0/0',
      '::/0',
    ]);
    expect(loadConfig({ TRUST_PROXY: 'loopback,uniquelocal' }).trustProxy).toEqual(['loopback', 'uniquelocal']);
  });

  it('refuses true at start, saying what to set instead', () => {
    for (const value of ['true', 'TRUE', ' true ']) {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY=true would let every client choose its own address/);
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY=1/);
    }
  });

  it('refuses entries that are not addresses or CIDRs, naming them', () => {
    for (const value of ['proxy.internal', '10.0.0.0/33', '::1/129', '10.0.0.1/8/1', '10.0.0/8', '10.0.0.1,', '10.0.0.1/', '10.0.0.1/x', '-1', '1.5']) {
      expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY must be a number of hops or a comma-separated list/);
    }
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.1, proxy.internal' })).toThrow('"proxy.internal"');
  });

  // The limit of token guesses is 60 per address per minute; each guess makes up a first hop.
  for (const setting of ['1', '127.0.0.1', 'loopback']) {
    it(`with TRUST_PROXY=${setting}, the right-most untrusted hop decides: 70 guesses with made-up first hops reach 429`, async () => {
      const server = await startTestServer({ TRUST_PROXY: setting, TOKEN_ATTEMPTS_PER_MIN: '60' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 70; i++) {
          const res = await server.app.inject({
            method: 'GET',
            url: `/api/v1/invitations/guess-${i}`,
            remoteAddress: '127.0.0.1',
            headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` },
          });
          statuses.push(res.statusCode);
        }
        expect(statuses.slice(0, 60).every((status) => status === 404)).toBe(true);
        expect(statuses.slice(60).every((status) => status === 429)).toBe(true);
        // Another client behind the same proxy has a bucket of its own.
        const other = await server.app.inject({
          method: 'GET',
          url: '/api/v1/invitations/guess',
          remoteAddress: '127.0.0.1',
          headers: { 'x-forwarded-for': '203.0.113.10' },
        });
        expect(other.statusCode).toBe(404);
      } finally {
        await server.close();
      }
    });
  }

  it('ignores X-Forwarded-For from a peer that is not a listed proxy', async () => {
    const server = await startTestServer({ TRUST_PROXY: '10.0.0.0/8', TOKEN_ATTEMPTS_PER_MIN: '2' });
    try {
      const guess = (i: number) =>
        server.app.inject({
          method: 'GET',
          url: `/api/v1/invitations/guess-${i}`,
          remoteAddress: '192.0.2.1',
          headers: { 'x-forwarded-for': `198.51.100.${i}` },
        });
      expect((await guess(1)).statusCode).toBe(404);
      expect((await guess(2)).statusCode).toBe(404);
      expect((await guess(3)).statusCode).toBe(429);
    } finally {
      await server.close();
    }
  });
});
