// What the detail timeline shows for a window of time. vis-timeline costs a forced layout per item
// (measured in headless Chromium: 10k items pan at 3-4 fps), so it never gets more than a few hundred: the single
// events when the window holds at most MAX_SINGLE of them, otherwise count buckets whose width is a
// power of two aligned to the session start, so panning reuses the same buckets (same ids) and only
// the ones entering or leaving the view change.

// vis lays out each new item (~0.8 ms apiece here): a zoom step must stay under 100 ms.
export const MAX_SINGLE = 150;
export const TARGET_BUCKETS = 40;

export type WindowPlan = { mode: 'events' } | { mode: 'buckets'; size: number; start: number; count: number };

/** Chooses single events or buckets for [a, b] of a session starting at t0, holding `inWindow` events. */
export function planWindow(t0: number, a: number, b: number, inWindow: number): WindowPlan {
  if (inWindow <= MAX_SINGLE) return { mode: 'events' };
  return { mode: 'buckets', ...alignedBuckets(t0, a, b, TARGET_BUCKETS) };
}

/**
 * Buckets covering [a, b] of a session starting at t0: a power-of-two width (so the store's
 * overview answers them before its time columns load), aligned to t0, at most about `target`
 * of them (between target/2 and target + 1).
 */
export function alignedBuckets(t0: number, a: number, b: number, target: number): { size: number; start: number; count: number } {
  const span = Math.max(1, b - a + 1);
  const size = 2 ** Math.max(0, Math.ceil(Math.log2(span / Math.max(1, target))));
  const start = t0 + Math.floor((a - t0) / size) * size;
  const count = Math.ceil((b + 1 - start) / size);
  return { size, start, count };
}

/** One bucket as a timeline item: id stable across pans (its size and index), darker when fuller. */
export function bucketItem(start: number, size: number, index: number, count: number, max: number) {
  const level = Math.min(4, Math.ceil((count / Math.max(1, max)) * 4));
  return {
    id: `b${size}:${Math.round(start / size) + index}`,
    from: start + index * size,
    to: start + (index + 1) * size - 1,
    count,
    className: `bucket level-${level}`,
  };
}
