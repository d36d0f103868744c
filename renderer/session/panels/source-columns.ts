// How wide the source view's two number columns are: as wide as their widest entry, so a count of
// tens of thousands or a line number past 9,999 is never cut at the column's edge.

/** Characters taken by the widest per-line count (as shown, with separators) and the last line number. */
export function sourceColumnWidths(perLine: ReadonlyMap<number, number>, lineCount: number): { counts: number; lines: number } {
  // The largest count is the widest shown: one number formatted, not one per line.
  let most = 0;
  for (const c of perLine.values()) most = Math.max(most, c);
  return { counts: most > 0 ? most.toLocaleString().length : 1, lines: Math.max(2, String(lineCount).length) };
}
