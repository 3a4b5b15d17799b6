import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ResponseCache, type CacheKey } from '../../src/queries/response-cache.js';

const made = (body: string) => {
  const calls: string[] = [];
  return { calls, produce: (variant: string) => () => (calls.push(variant), Promise.resolve(body)) };
};

/** A key of one scope at one revision: most tests need only the variant. */
const key = (variant: string, revision = 1, scope = 'company-1'): CacheKey => ({ scope, revision, variant });

/** What one entry of `body` under key(variant) takes, as the cache counts it. */
async function entrySize(variant: string, body: string): Promise<number> {
  const cache = new ResponseCache(1_000_000);
  await cache.get(key(variant), 'identity', () => Promise.resolve(body));
  return cache.size.bytes;
}

describe('ResponseCache', () => {
  it('makes a body once per key and answers the same key from memory, with a tag of its bytes', async () => {
    const cache = new ResponseCache(1_000);
    const { calls, produce } = made('{"items":[]}');
    const first = await cache.get(key('a'), 'identity', produce('a'));
    expect(first).toEqual({ bytes: '{"items":[]}', etag: expect.stringMatching(/^"[\w-]{27}"$/), encoding: 'identity' });
    expect(await cache.get(key('a'), 'identity', produce('a'))).toEqual(first);
    const other = await cache.get(key('b'), 'identity', produce('b'));
    expect(other.etag).toBe(first.etag); // the same bytes, the same tag
    expect(calls).toEqual(['a', 'b']);
    expect((await new ResponseCache(1_000).get(key('a'), 'identity', () => Promise.resolve('{"items":[1]}'))).etag).not.toBe(first.etag);
  });

  it('keeps at most maxBytes, letting the least recently used go first', async () => {
    const body = 'x'.repeat(8);
    const cache = new ResponseCache(3 * (await entrySize('k1', body))); // three entries fit
    const { calls, produce } = made(body);
    for (const variant of ['k1', 'k2', 'k3']) await cache.get(key(variant), 'identity', produce(variant));
    await cache.get(key('k1'), 'identity', produce('k1')); // k1 is now the most recently used
    await cache.get(key('k4'), 'identity', produce('k4')); // k2 goes
    expect(cache.size).toEqual({ entries: 3, bytes: 3 * (await entrySize('k1', body)), scopes: 1 });
    calls.length = 0;
    for (const variant of ['k1', 'k3', 'k4', 'k2']) await cache.get(key(variant), 'identity', produce(variant));
    expect(calls).toEqual(['k2']);
  });

  it("lets go of a scope's bodies of other revisions when one is made from a new revision, and of no other scope's", async () => {
    const cache = new ResponseCache(1_000_000);
    const { calls, produce } = made('{"items":[]}');
    await cache.get(key('owner', 1), 'identity', produce('owner'));
    await cache.get(key('admin', 1), 'gzip', produce('admin'));
    await cache.get(key('owner', 7, 'company-2'), 'identity', produce('owner of company-2'));
    expect(cache.size).toMatchObject({ entries: 3, scopes: 2 });

    // company-1 changed: its revision 1 bodies go as soon as a body of revision 2 is made.
    await cache.get(key('owner', 2), 'identity', produce('owner'));
    expect(cache.size).toEqual({ entries: 2, bytes: 2 * (await entrySize('owner', '{"items":[]}')), scopes: 2 });
    expect(cache.find(key('admin', 1), 'gzip')).toBeUndefined();
    expect(cache.find(key('owner', 7, 'company-2'), 'identity')).toBeDefined();

    // A request that read revision 1 just before the change makes its body again, and revision 2's go.
    calls.length = 0;
    await cache.get(key('admin', 1), 'identity', produce('admin'));
    expect(calls).toEqual(['admin']);
    expect(cache.find(key('owner', 2), 'identity')).toBeUndefined();
    expect(cache.size).toMatchObject({ entries: 2, scopes: 2 });
  });

  it('forgets a scope once the least recently used took all its bodies', async () => {
    const body = 'x'.repeat(8);
    const cache = new ResponseCache(2 * (await entrySize('k1', body)));
    const { produce } = made(body);
    await cache.get(key('k1', 1, 'company-1'), 'identity', produce('k1'));
    await cache.get(key('k1', 1, 'company-2'), 'identity', produce('k1'));
    await cache.get(key('k1', 1, 'company-3'), 'identity', produce('k1'));
    expect(cache.size).toMatchObject({ entries: 2, scopes: 2 });
    expect(cache.find(key('k1', 1, 'company-1'), 'identity')).toBeUndefined();
  });

  it('gzips a body once, when first asked for gzip, under a tag of its own, and counts the gzipped bytes', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 50 }, (_, k) => ({ name: `Member ${k}`, teams: [] })) });
    const cache = new ResponseCache(100_000);
    const { calls, produce } = made(body);
    const plain = await cache.get(key('a'), 'identity', produce('a'));
    const before = cache.size.bytes;
    const gzipped = await cache.get(key('a'), 'gzip', produce('a'));
    expect(calls).toEqual(['a']);
    expect(gzipped.encoding).toBe('gzip');
    expect(gunzipSync(gzipped.bytes).toString()).toBe(body);
    expect(gzipped.bytes.length).toBeLessThan(body.length / 4);
    expect(gzipped.etag).toBe(`${plain.etag.slice(0, -1)}-gzip"`);
    expect(cache.size.bytes).toBe(before + gzipped.bytes.length);
    // Kept: the same bytes again, counted once.
    expect((await cache.get(key('a'), 'gzip', produce('a'))).bytes).toBe(gzipped.bytes);
    expect(cache.size.bytes).toBe(before + gzipped.bytes.length);
    // A page made for a gzip client is gzipped at once.
    const first = await cache.get(key('b'), 'gzip', produce('b'));
    expect(gunzipSync(first.bytes).toString()).toBe(body);
  });

  it('lets the least recently used go when gzipped bytes take the room', async () => {
    const body = 'x'.repeat(8);
    const cache = new ResponseCache(2 * (await entrySize('k1', body)) + 20); // two entries, and 20 bytes to spare: less than a gzipped body (~28)
    const { calls, produce } = made(body);
    await cache.get(key('k1'), 'identity', produce('k1'));
    await cache.get(key('k2'), 'gzip', produce('k2'));
    expect(cache.size.entries).toBe(1);
    calls.length = 0;
    await cache.get(key('k2'), 'gzip', produce('k2'));
    await cache.get(key('k1'), 'identity', produce('k1'));
    expect(calls).toEqual(['k1']);
  });

  it('remembers nothing with no room (RESPONSE_CACHE_MB=0), and nothing that failed', async () => {
    const off = new ResponseCache(0);
    const { calls, produce } = made('{}');
    await off.get(key('a'), 'identity', produce('a'));
    expect(gunzipSync((await off.get(key('a'), 'gzip', produce('a'))).bytes).toString()).toBe('{}');
    expect(calls).toEqual(['a', 'a']);
    expect(off.size).toEqual({ entries: 0, bytes: 0, scopes: 0 });

    const cache = new ResponseCache(1_000);
    await expect(cache.get(key('a'), 'identity', () => Promise.reject(new Error('NOT_FOUND')))).rejects.toThrow('NOT_FOUND');
    expect(cache.size.entries).toBe(0);
  });
});
