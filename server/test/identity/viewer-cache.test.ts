import { describe, expect, it } from 'vitest';
import { ViewerCache, viewerDataChanged } from '../../src/auth/viewer-cache.js';
import { Viewer } from '../../src/auth/viewer.js';

const viewer = (id: string) => new Viewer(id, [], new Map([['body', ['OFFICIAL']]]));

describe('ViewerCache', () => {
  it('keeps at most maxEntries subjects, dropping the least recently used', () => {
    const cache = new ViewerCache({ ttlMs: 60_000, maxEntries: 2 });
    cache.set('a', viewer('a'), cache.generation);
    cache.set('b', viewer('b'), cache.generation);
    expect(cache.get('a')?.personId).toBe('a'); // a is now the most recent
    cache.set('c', viewer('c'), cache.generation);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.personId).toBe('a');
    expect(cache.get('c')?.personId).toBe('c');
  });

  it('serves an entry only until its TTL', () => {
    const cache = new ViewerCache({ ttlMs: 1_000, maxEntries: 10 });
    cache.set('a', viewer('a'), cache.generation, 0);
    expect(cache.get('a', 999)?.personId).toBe('a');
    expect(cache.get('a', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops every entry on a change, and does not keep a Viewer read before a change', () => {
    const cache = new ViewerCache({ ttlMs: 60_000, maxEntries: 10 });
    cache.set('a', viewer('a'), cache.generation);
    const readBefore = cache.generation;
    viewerDataChanged();
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', viewer('b'), readBefore);
    expect(cache.get('b')).toBeUndefined();
  });
});
