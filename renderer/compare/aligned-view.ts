// Moving over the aligned axis of two runs: which columns are in view after a zoom, a pan or a
// jump, always whole columns inside [0, total) and never fewer than MIN_SPAN at once.
import type { AlignedView } from './aligned-draw';

export const MIN_SPAN = 20;

/** The view of `span` columns starting near `from`, kept inside the script. */
function clampView(from: number, span: number, total: number): AlignedView {
  const s = Math.max(Math.min(MIN_SPAN, total), Math.min(Math.round(span), total));
  const f = Math.max(0, Math.min(Math.round(from), total - s));
  return { from: f, to: f + s };
}

/** Zoomed by `factor` (< 1: closer) keeping the column under `fraction` of the width where it is. */
export function zoomAt(view: AlignedView, fraction: number, factor: number, total: number): AlignedView {
  const span = view.to - view.from;
  const anchor = view.from + fraction * span;
  const next = span * factor;
  return clampView(anchor - fraction * next, next, total);
}

/** Moved by `columns` (negative: towards the start). */
export function panBy(view: AlignedView, columns: number, total: number): AlignedView {
  return clampView(view.from + columns, view.to - view.from, total);
}

/** `span` columns centred on `column`. */
export function centreOn(column: number, span: number, total: number): AlignedView {
  return clampView(column - span / 2, span, total);
}

/** All of it. */
export function fitAll(total: number): AlignedView {
  return { from: 0, to: total };
}
