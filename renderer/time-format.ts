// Labels for times on the timeline. Sessions keep integer timestamps in their own unit (ns, µs or
// ms); the timeline shows them rebased to the session start, scaled to the unit a person reads
// best at the current zoom.

export type TimeUnit = 'ns' | 'us' | 'ms';

const NS_PER: Record<TimeUnit, number> = { ns: 1, us: 1_000, ms: 1_000_000 };

const SCALES: Array<[number, string]> = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

/**
 * Formats a duration or offset given in `unit` ("1.5 ms", "250 µs", "-3 ns"). The scale follows
 * the value's size; `step`, the distance between neighbouring labels in the same unit, sets how
 * many decimals are needed to keep neighbours distinct.
 */
export function formatOffset(value: number, unit: TimeUnit, step?: number): string {
  const ns = value * NS_PER[unit];
  const stepNs = step === undefined ? 0 : Math.abs(step * NS_PER[unit]);
  const size = Math.abs(ns) || stepNs;
  const [factor, label] = SCALES.find(([f]) => size >= f) ?? SCALES[SCALES.length - 1];
  // Without a step, three decimals (trailing zeros dropped) say enough for a single label.
  const decimals = stepNs > 0 ? Math.min(6, Math.max(0, Math.ceil(-Math.log10(stepNs / factor) - 1e-9))) : 3;
  const text = (ns / factor).toFixed(decimals);
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text} ${label}`;
}

/**
 * A duration in three significant figures ("19.2 ms", "957 µs", "2.41 s"): for columns too narrow
 * for formatOffset's three decimals, which were cut to "19.…" there.
 */
export function formatShort(value: number, unit: TimeUnit): string {
  const ns = value * NS_PER[unit];
  const [factor, label] = SCALES.find(([f]) => Math.abs(ns) >= f) ?? SCALES[SCALES.length - 1];
  const scaled = ns / factor;
  const size = Math.abs(scaled);
  const text = scaled.toFixed(size >= 100 || factor === 1 ? 0 : size >= 10 ? 1 : 2);
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text} ${label}`;
}
