/** The compiled-operation cache of src/graphql/jit-executor.ts stays within its bound, dropping the least recently used. */
import { describe, expect, it } from 'vitest';
import { Lru } from '../src/graphql/jit-executor';

describe('compiled operations LRU', () => {
  it.each([
    { uses: ['a', 'b', 'c'], kept: ['b', 'c'], dropped: ['a'] },
    { uses: ['a', 'b', 'a', 'c'], kept: ['a', 'c'], dropped: ['b'] },
    { uses: ['a', 'b', 'b', 'b', 'c', 'd'], kept: ['c', 'd'], dropped: ['a', 'b'] },
  ])('after $uses keeps $kept', ({ uses, kept, dropped }) => {
    const lru = new Lru<string>(2);
    for (const key of uses) if (lru.get(key) === undefined) lru.set(key, key.toUpperCase());
    for (const key of kept) expect(lru.get(key)).toBe(key.toUpperCase());
    for (const key of dropped) expect(lru.get(key)).toBeUndefined();
  });
});
