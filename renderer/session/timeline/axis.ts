// The timeline's numeric axis. vis-timeline only knows calendar dates, so Cinema hides vis's axis
// and draws its own: ticks at round steps (1, 2, 5 x 10^k units) of the session's own clock,
// labelled as offsets from the session start (ns, µs, ms, s).

/** The smallest round step that keeps labels at least `minPx` apart across `widthPx`. */
export function niceStep(span: number, widthPx: number, minPx = 90): number {
  const raw = (Math.max(span, 1) * minPx) / Math.max(widthPx, 1);
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return Math.max(1, m * pow);
  return Math.max(1, 10 * pow);
}

/** Tick positions (offsets from the session start) in [from, to] at multiples of `step`. */
export function ticks(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to && out.length < 1000; t += step) out.push(t);
  return out;
}
