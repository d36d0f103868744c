// Drawing the flame chart: one row per stack depth, each span a box from its entry to its exit,
// coloured by its AST node (the same node keeps its colour in every session and view), merged runs
// of sub-pixel calls as grey blocks, names where they fit, and the calls open at the playhead
// outlined. Also the reverse: which span is under a point.
import type { SpansWire } from '../../../src/cinema/span-index';
import { cssVar, fitCanvas } from '../timeline/canvas';

export const ROW = 18;
/** Approximate width of a character of the label font, to cut names without measuring each. */
const CHAR_PX = 6.4;

/** A hue from a node id (or a name): stable, spread around the wheel. */
export function hueOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % 360;
}

export interface FlameView {
  win: [number, number];
  playhead: number;
  dark: boolean;
}

/** Draws the spans; returns how many were drawn (inside the window). */
export function drawFlame(canvas: HTMLCanvasElement, spans: SpansWire | null, view: FlameView): number {
  const { ctx, width } = fitCanvas(canvas);
  if (!spans) return 0;
  const [w0, w1] = view.win;
  const scale = width / Math.max(1e-9, w1 - w0);
  const light = view.dark ? 38 : 72;
  const text = cssVar(canvas, '--text', '#1d2433');
  const outline = cssVar(canvas, '--playhead', '#d9363e');
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  let drawn = 0;
  const open: number[] = [];
  for (let i = 0; i < spans.start.length; i++) {
    const s = spans.start[i];
    const e = spans.end[i];
    if (e < w0 || s > w1) continue;
    drawn++;
    const x0 = Math.max(0, (s - w0) * scale);
    const x1 = Math.min(width, (e - w0) * scale);
    const w = Math.max(1, x1 - x0);
    const y = spans.depth[i] * ROW;
    const merged = spans.count[i] > 1;
    const node = spans.node[i];
    const key = node >= 0 ? spans.nodes[node] : spans.names[spans.name[i]];
    ctx.fillStyle = merged ? (view.dark ? '#4a505c' : '#c4c9d1') : `hsl(${hueOf(key)} 55% ${light}%)`;
    ctx.fillRect(x0, y + 1, w > 2 ? w - 0.5 : w, ROW - 2);
    if (!merged && s <= view.playhead && view.playhead <= e) open.push(i);
    if (w > 28 && !merged) {
      const name = spans.names[spans.name[i]];
      const fits = Math.floor((w - 8) / CHAR_PX);
      ctx.fillStyle = text;
      ctx.fillText(name.length > fits ? `${name.slice(0, Math.max(1, fits - 1))}…` : name, x0 + 4, y + ROW / 2);
    }
  }
  ctx.strokeStyle = outline;
  ctx.lineWidth = 1.5;
  for (const i of open) {
    const x0 = Math.max(0, (spans.start[i] - w0) * scale);
    const x1 = Math.min(width, (spans.end[i] - w0) * scale);
    ctx.strokeRect(x0 + 0.75, spans.depth[i] * ROW + 1.75, Math.max(1, x1 - x0 - 1.5), ROW - 3.5);
  }
  return drawn;
}

/** The span drawn at (x, y) of a canvas `width` wide showing `win`, or -1. */
export function spanAt(spans: SpansWire | null, win: [number, number], width: number, x: number, y: number): number {
  if (!spans) return -1;
  const depth = Math.floor(y / ROW);
  const t = win[0] + (x / Math.max(1, width)) * (win[1] - win[0]);
  // A pixel's worth of slack, so a one-pixel span can be hit.
  const slack = (win[1] - win[0]) / Math.max(1, width);
  let best = -1;
  for (let i = 0; i < spans.start.length; i++) {
    if (spans.depth[i] !== depth || spans.start[i] - slack > t || spans.end[i] + slack < t) continue;
    if (best < 0 || spans.end[i] - spans.start[i] < spans.end[best] - spans.start[best]) best = i;
  }
  return best;
}
