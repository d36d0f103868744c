import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';

function split(chunks: string[]): { lines: Array<[string, number]>; unterminated: boolean } {
  const lines: Array<[string, number]> = [];
  const s = new LineSplitter((t, n) => lines.push([t, n]));
  for (const c of chunks) s.push(c);
  return { lines, unterminated: s.end() };
}

describe('LineSplitter', () => {
  it('numbers lines across chunk boundaries, CRLF included', () => {
    expect(split(['ab', 'c\r', '\nde\n\nf', 'g\n'])).toEqual({
      lines: [
        ['abc', 1],
        ['de', 2],
        ['', 3],
        ['fg', 4],
      ],
      unterminated: false,
    });
  });

  it('flushes a last line without a newline and says so', () => {
    expect(split(['x\n{"kind":"ev'])).toEqual({
      lines: [
        ['x', 1],
        ['{"kind":"ev', 2],
      ],
      unterminated: true,
    });
  });

  it('carries one 50 MB line arriving in 64 KiB chunks', () => {
    const chunk = 'y'.repeat(65536);
    const lines: string[] = [];
    const s = new LineSplitter((t) => lines.push(t));
    for (let i = 0; i < 800; i++) s.push(chunk);
    s.push('\n');
    expect(s.end()).toBe(false);
    expect(lines.length).toBe(1);
    expect(lines[0].length).toBe(65536 * 800);
  });
});
