import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/http/response-cache.js';

const made = (body: string) => {
  const calls: string[] = [];
  return { calls, produce: (key: string) => () => (calls.push(key), Promise.resolve(body)) };
};

/** An entry's size, at two bytes a character: its key, its body, and its tag (a quoted 27-character hash). */
const TAG = 29;
const size = (characters: number) => 2 * (characters + TAG);

describe('ResponseCache', () => {
  it('makes a body once per key and answers the same key from memory, with a tag of its bytes', async () => {
    const cache = new ResponseCache(1_000);
    const { calls, produce } = made('{"items":[]}');
    const first = await cache.get('a', 'identity', produce('a'));
    expect(first).toEqual({ bytes: '{"items":[]}', etag: expect.stringMatching(/^"[\w-]{27}"$/), encoding: 'identity' });
    expect(await cache.get('a', 'identity', produce('a'))).toEqual(first);
    const other = await cache.get('b', 'identity', produce('b'));
    expect(other.etag).toBe(first.etag); // the same bytes, the same tag
    expect(calls).toEqual(['a', 'b']);
    expect((await new ResponseCache(1_000).get('a', 'identity', () => Promise.resolve('{"items":[1]}'))).etag).not.toBe(first.etag);
  });

  it('keeps at most maxBytes, letting the least recently used go first', async () => {
    const cache = new ResponseCache(3 * size(10)); // key + body of 10 characters each: three entries fit
    const { calls, produce } = made('x'.repeat(8));
    for (const key of ['k1', 'k2', 'k3']) await cache.get(key, 'identity', produce(key));
    await cache.get('k1', 'identity', produce('k1')); // k1 is now the most recently used
    await cache.get('k4', 'identity', produce('k4')); // k2 goes
    expect(cache.size).toEqual({ entries: 3, bytes: 3 * size(10) });
    calls.length = 0;
    for (const key of ['k1', 'k3', 'k4', 'k2']) await cache.get(key, 'identity', produce(key));
    expect(calls).toEqual(['k2']);
  });

  it('gzips a body once, when first asked for gzip, under a tag of its own, and counts the gzipped bytes', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 50 }, (_, k) => ({ name: `Member ${k}`, teams: [] })) });
    const cache = new ResponseCache(100_000);
    const { calls, produce } = made(body);
    const plain = await cache.get('a', 'identity', produce('a'));
    const before = cache.size.bytes;
    const gzipped = await cache.get('a', 'gzip', produce('a'));
    expect(calls).toEqual(['a']);
    expect(gzipped.encoding).toBe('gzip');
    expect(gunzipSync(gzipped.bytes).toString()).toBe(body);
    expect(gzipped.bytes.length).toBeLessThan(body.length / 4);
    expect(gzipped.etag).toBe(`${plain.etag.slice(0, -1)}-gzip"`);
    expect(cache.size.bytes).toBe(before + gzipped.bytes.length);
    // Kept: the same bytes again, counted once.
    expect((await cache.get('a', 'gzip', produce('a'))).bytes).toBe(gzipped.bytes);
    expect(cache.size.bytes).toBe(before + gzipped.bytes.length);
    // A page made for a gzip client is gzipped at once.
    const first = await cache.get('b', 'gzip', produce('b'));
    expect(gunzipSync(first.bytes).toString()).toBe(body);
  });

  it('lets the least recently used go when gzipped bytes take the room', async () => {
    const body = 'x'.repeat(8);
    const cache = new ResponseCache(2 * size(10) + 20); // two entries, and 20 bytes to spare: less than a gzipped body (~28)
    const { calls, produce } = made(body);
    await cache.get('k1', 'identity', produce('k1'));
    await cache.get('k2', 'gzip', produce('k2'));
    expect(cache.size.entries).toBe(1);
    calls.length = 0;
    await cache.get('k2', 'gzip', produce('k2'));
    await cache.get('k1', 'identity', produce('k1'));
    expect(calls).toEqual(['k1']);
  });

  it('remembers nothing with no room (RESPONSE_CACHE_MB=0), and nothing that failed', async () => {
    const off = new ResponseCache(0);
    const { calls, produce } = made('{}');
    await off.get('a', 'identity', produce('a'));
    expect(gunzipSync((await off.get('a', 'gzip', produce('a'))).bytes).toString()).toBe('{}');
    expect(calls).toEqual(['a', 'a']);
    expect(off.size).toEqual({ entries: 0, bytes: 0 });

    const cache = new ResponseCache(1_000);
    await expect(cache.get('a', 'identity', () => Promise.reject(new Error('NOT_FOUND')))).rejects.toThrow('NOT_FOUND');
    expect(cache.size.entries).toBe(0);
  });
});
