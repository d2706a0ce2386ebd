import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './line-diff';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', { a: 'x', b: 'y' })).toBe('');
  });

  it('shows a changed line with context and 1-based hunk positions', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n');
    const after = ['1', '2', '3', '4', 'five', '6', '7', '8', '9'].join('\n');
    expect(unifiedDiff(before, after, { a: 'v1', b: 'file' })).toBe(
      ['--- v1', '+++ file', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', ''].join(
        '\n',
      ),
    );
  });

  it('separates distant changes into hunks and handles insertions and deletions', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const lines = before.split('\n');
    lines.splice(1, 1);
    lines.splice(15, 0, 'new');
    const diff = unifiedDiff(before, lines.join('\n'), { a: 'a', b: 'b' });
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('\n-l1\n');
    expect(diff).toContain('\n+new\n');
  });
});
