import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * README.md shows the typed client's example as it is in clients/typescript/example.ts, which
 * test/system/client-example.test.ts runs against a server: the README cannot show code that
 * does not compile or does not work.
 */
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('README.md "A typed client"', () => {
  it('shows clients/typescript/example.ts exactly', () => {
    const section = read('README.md').split(/^## A typed client$/m)[1]?.split(/^## /m)[0] ?? '';
    const block = /^```ts\n([\s\S]*?)^```$/m.exec(section)?.[1];
    expect(block).toBe(read('clients/typescript/example.ts'));
  });
});
