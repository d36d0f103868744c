// The density strip's gestures, as plain functions of times (tested in brush.test.ts): a press
// near an edge of the brush (the visible window) resizes it, inside it pans, elsewhere scrubs.

export type Drag = { kind: 'pan'; grabT: number; w0: number; w1: number } | { kind: 'edge'; side: 0 | 1 } | { kind: 'scrub' };

/** Within this many pixels of a brush edge a press grabs the edge. */
const EDGE_PX = 5;
/** A brush narrower than this is too small to grab: a press in it scrubs. */
const MIN_PAN_PX = 12;

/** What a press at time t starts, given the window and the strip's pixels per unit. */
export function pressAt(t: number, [w0, w1]: [number, number], pxPerUnit: number): Drag {
  const near = (a: number) => Math.abs(a - t) * pxPerUnit < EDGE_PX;
  if (near(w0)) return { kind: 'edge', side: 0 };
  if (near(w1)) return { kind: 'edge', side: 1 };
  if (t > w0 && t < w1 && (w1 - w0) * pxPerUnit > MIN_PAN_PX) return { kind: 'pan', grabT: t, w0, w1 };
  return { kind: 'scrub' };
}

/** Where a drag to time t takes the window (kept inside the session [t0, t1]), or the playhead. */
export function dragTo(
  d: Drag,
  t: number,
  [w0, w1]: [number, number],
  [t0, t1]: [number, number],
): { window: [number, number] } | { seek: number } {
  if (d.kind === 'scrub') return { seek: t };
  if (d.kind === 'edge') {
    return d.side === 0 ? { window: [Math.max(t0, Math.min(t, w1 - 1)), w1] } : { window: [w0, Math.min(t1, Math.max(t, w0 + 1))] };
  }
  const width = d.w1 - d.w0;
  const from = Math.min(Math.max(t0, d.w0 + (t - d.grabT)), Math.max(t0, t1 - width));
  return { window: [from, from + width] };
}
