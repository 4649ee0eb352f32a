import { describe, expect, it } from 'vitest';
import { CommentCounts } from './comment-counts';

describe('CommentCounts', () => {
  it('counts what a block read, then follows creations and deletions once each', () => {
    const counts = new CommentCounts();
    counts.loaded(['a', 'b'], { a: 2 });
    expect([counts.get('a'), counts.get('b')]).toEqual([2, 0]);
    expect(counts.apply('created', 'b', 'c1')).toBe(true);
    // The same event again (this tab's own answer and the socket's): counted once.
    expect(counts.apply('created', 'b', 'c1')).toBe(false);
    expect(counts.apply('updated', 'b', 'c1')).toBe(false);
    expect(counts.get('b')).toBe(1);
    expect(counts.apply('deleted', 'a', 'c2')).toBe(true);
    expect(counts.get('a')).toBe(1);
    // Rows not loaded are not tracked.
    expect(counts.apply('created', 'z', 'c3')).toBe(false);
    expect(counts.get('z')).toBe(0);
  });
});
