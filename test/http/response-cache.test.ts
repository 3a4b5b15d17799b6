import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/http/response-cache.js';

const made = (body: string) => {
  const calls: string[] = [];
  return { calls, produce: (key: string) => () => (calls.push(key), Promise.resolve(body)) };
};

describe('ResponseCache', () => {
  it('makes a body once per key and answers the same key from memory', async () => {
    const cache = new ResponseCache(1_000);
    const { calls, produce } = made('{"items":[]}');
    expect(await cache.body('a', produce('a'))).toBe('{"items":[]}');
    expect(await cache.body('a', produce('a'))).toBe('{"items":[]}');
    expect(await cache.body('b', produce('b'))).toBe('{"items":[]}');
    expect(calls).toEqual(['a', 'b']);
  });

  it('keeps at most maxBytes, letting the least recently used go first', async () => {
    const cache = new ResponseCache(30); // key + body of 10 each: three entries fit
    const { calls, produce } = made('x'.repeat(8));
    for (const key of ['k1', 'k2', 'k3']) await cache.body(key, produce(key));
    await cache.body('k1', produce('k1')); // k1 is now the most recently used
    await cache.body('k4', produce('k4')); // k2 goes
    expect(cache.size).toEqual({ entries: 3, bytes: 30 });
    calls.length = 0;
    for (const key of ['k1', 'k3', 'k4', 'k2']) await cache.body(key, produce(key));
    expect(calls).toEqual(['k2']);
  });

  it('remembers nothing with no room (RESPONSE_CACHE_MB=0), and nothing that failed', async () => {
    const off = new ResponseCache(0);
    const { calls, produce } = made('{}');
    await off.body('a', produce('a'));
    await off.body('a', produce('a'));
    expect(calls).toEqual(['a', 'a']);
    expect(off.size).toEqual({ entries: 0, bytes: 0 });

    const cache = new ResponseCache(1_000);
    await expect(cache.body('a', () => Promise.reject(new Error('NOT_FOUND')))).rejects.toThrow('NOT_FOUND');
    expect(cache.size.entries).toBe(0);
  });
});
