// The source view's count and line-number columns fit their widest entry.
import { describe, expect, it } from 'vitest';
import { sourceColumnWidths } from './source-columns';

describe('source view columns', () => {
  it('are as wide as the widest count, as shown, and the last line number', () => {
    const perLine = new Map([
      [1, 3],
      [2, 0],
      [13, 2979],
      [40, 130_456],
    ]);
    expect(sourceColumnWidths(perLine, 12_345)).toEqual({ counts: (130_456).toLocaleString().length, lines: 5 });
    expect(sourceColumnWidths(new Map([[1, 7]]), 9)).toEqual({ counts: 1, lines: 2 });
    expect(sourceColumnWidths(new Map(), 120)).toEqual({ counts: 1, lines: 3 });
  });
});
