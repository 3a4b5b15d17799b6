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
    const first = await cache.get('a', produce('a'));
    expect(first.body).toBe('{"items":[]}');
    expect(first.etag).toMatch(/^"[\w-]{27}"$/);
    expect(await cache.get('a', produce('a'))).toBe(first);
    const other = await cache.get('b', produce('b'));
    expect(other.etag).toBe(first.etag); // the same bytes, the same tag
    expect(calls).toEqual(['a', 'b']);
    expect((await new ResponseCache(1_000).get('a', () => Promise.resolve('{"items":[1]}'))).etag).not.toBe(first.etag);
  });

  it('keeps at most maxBytes, letting the least recently used go first', async () => {
    const cache = new ResponseCache(3 * size(10)); // key + body of 10 characters each: three entries fit
    const { calls, produce } = made('x'.repeat(8));
    for (const key of ['k1', 'k2', 'k3']) await cache.get(key, produce(key));
    await cache.get('k1', produce('k1')); // k1 is now the most recently used
    await cache.get('k4', produce('k4')); // k2 goes
    expect(cache.size).toEqual({ entries: 3, bytes: 3 * size(10) });
    calls.length = 0;
    for (const key of ['k1', 'k3', 'k4', 'k2']) await cache.get(key, produce(key));
    expect(calls).toEqual(['k2']);
  });

  it('remembers nothing with no room (RESPONSE_CACHE_MB=0), and nothing that failed', async () => {
    const off = new ResponseCache(0);
    const { calls, produce } = made('{}');
    await off.get('a', produce('a'));
    await off.get('a', produce('a'));
    expect(calls).toEqual(['a', 'a']);
    expect(off.size).toEqual({ entries: 0, bytes: 0 });

    const cache = new ResponseCache(1_000);
    await expect(cache.get('a', () => Promise.reject(new Error('NOT_FOUND')))).rejects.toThrow('NOT_FOUND');
    expect(cache.size.entries).toBe(0);
  });
});
