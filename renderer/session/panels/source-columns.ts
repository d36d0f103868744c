// How wide the source view's two number columns are: as wide as their widest entry, so a count of
// tens of thousands or a line number past 9,999 is never cut at the column's edge.

/** Characters taken by the widest per-line count (as shown, with separators) and the last line number. */
export function sourceColumnWidths(perLine: ReadonlyMap<number, number>, lineCount: number): { counts: number; lines: number } {
  let counts = 1;
  for (const c of perLine.values()) if (c > 0) counts = Math.max(counts, c.toLocaleString().length);
  return { counts, lines: Math.max(2, String(lineCount).length) };
}
