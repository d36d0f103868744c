// Drawing the density strip: events per bucket of the whole session (square-root scaled, so
// sparse stretches stay visible beside bursts), marks for the selected node or flow, the brush
// (the visible window) and the playhead.
import { cssVar, fitCanvas } from './canvas';

export interface DensityPicture {
  counts: Uint32Array | null;
  marks: Uint32Array | null;
  /** Each bucket's width in time, from bounds[0]. */
  size: number;
  bounds: [number, number];
  window: [number, number];
  playhead: number;
}

export function drawDensity(canvas: HTMLCanvasElement, p: DensityPicture): void {
  const { ctx, width, height } = fitCanvas(canvas);
  const [t0, t1] = p.bounds;
  const span = Math.max(1, t1 - t0);
  const x = (t: number) => ((t - t0) / span) * width;
  const c = p.counts;
  if (c && c.length > 0) {
    let max = 1;
    for (const v of c) if (v > max) max = v;
    ctx.fillStyle = cssVar(canvas, '--density', '#5b7bb5');
    const w = (p.size / span) * width;
    for (let i = 0; i < c.length; i++) {
      if (c[i] === 0) continue;
      const h = Math.max(1, Math.sqrt(c[i] / max) * (height - 6));
      ctx.fillRect(i * w, height - h, Math.max(1, w), h);
    }
  }
  const m = p.marks;
  if (m) {
    ctx.fillStyle = cssVar(canvas, '--mark', '#e0812f');
    const w = (p.size / span) * width;
    for (let i = 0; i < m.length; i++) if (m[i] > 0) ctx.fillRect(i * w, 0, Math.max(2, w), 4);
  }
  const [w0, w1] = p.window;
  ctx.fillStyle = cssVar(canvas, '--brush', 'rgba(80,120,200,.18)');
  ctx.strokeStyle = cssVar(canvas, '--brush-edge', '#4b6fb0');
  const bx = x(w0);
  const bw = Math.max(2, x(w1) - bx);
  ctx.fillRect(bx, 0, bw, height);
  ctx.strokeRect(bx + 0.5, 0.5, bw - 1, height - 1);
  ctx.fillStyle = cssVar(canvas, '--playhead', '#d33');
  ctx.fillRect(Math.round(x(p.playhead)) - 1, 0, 2, height);
}
