/** src/lru.ts (compiled operations, verified tokens, known subjects): within its bound, least recently used dropped first; expired entries gone. */
import { describe, expect, it } from 'vitest';
import { Lru } from '../src/lru';

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

  it('forgets an entry once its time is up', () => {
    let now = 1_000;
    const lru = new Lru<string>(10, () => now);
    lru.set('a', 'A', 1_500);
    lru.set('b', 'B');
    now = 1_499;
    expect([lru.get('a'), lru.get('b')]).toEqual(['A', 'B']);
    now = 1_500;
    expect([lru.get('a'), lru.get('b')]).toEqual([undefined, 'B']);
    expect(lru.size).toBe(1);
  });
});
